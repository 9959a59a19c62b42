package io.replog.zk;

import io.replog.coordinator.TopicAssignment;
import org.apache.zookeeper.Watcher;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the watched topic snapshot incrementally: a full read lists {@code /brokers/topics} and
 * reads every topic's assignment and config (watching each); afterwards only what fired is read
 * again — the topic list when a topic was added or removed (and then only the new topics), a
 * topic's znodes when its assignment or config changed. So a cluster with thousands of topics
 * does not re-read all of them for every topic created. One read at a time (its
 * {@link WatchedSnapshot} serializes them), so the cache needs no lock of its own beyond the
 * hand-over between reads.
 */
final class TopicsReader implements WatchedSnapshot.Reader<Versioned<Map<String, TopicAssignment>>> {
    private final ZkPaths paths;
    private final ZkReads reads;
    private Map<String, ZkReads.Found<TopicAssignment>> cache = new HashMap<>();
    private Set<String> listed = new HashSet<>();

    TopicsReader(ZkPaths paths, ZkReads reads) {
        this.paths = paths;
        this.reads = reads;
    }

    @Override
    public synchronized CompletableFuture<Versioned<Map<String, TopicAssignment>>> read(ZkSession s, Watcher watcher, boolean full,
                                                                             Set<String> fired) {
        if (full) {
            return reads.children(s, paths.topics(), watcher, "list the topics").thenCompose(children -> {
                Set<String> names = new HashSet<>(children.children());
                return readTopics(s, watcher, names).thenApply(found -> replace(names, new HashMap<>(found)));
            });
        }
        Set<String> changed = new HashSet<>();
        String topicPrefix = paths.topics() + "/";
        String configPrefix = paths.topicConfigs() + "/";
        for (String path : fired) {
            if (path.startsWith(topicPrefix) && path.indexOf('/', topicPrefix.length()) < 0) {
                changed.add(path.substring(topicPrefix.length()));
            } else if (path.startsWith(configPrefix) && path.indexOf('/', configPrefix.length()) < 0) {
                changed.add(path.substring(configPrefix.length()));
            }
        }
        if (!fired.contains(paths.topics())) {
            Set<String> names = listed();
            changed.retainAll(names);
            return update(s, watcher, names, changed);
        }
        return reads.children(s, paths.topics(), watcher, "list the topics").thenCompose(children -> {
            Set<String> names = new HashSet<>(children.children());
            Set<String> toRead = new HashSet<>(names);
            toRead.removeAll(listed());
            for (String t : changed) {
                if (names.contains(t)) {
                    toRead.add(t);
                }
            }
            return update(s, watcher, names, toRead);
        });
    }

    private synchronized Set<String> listed() {
        return Set.copyOf(listed);
    }

    /** Reads {@code toRead} and applies it to the cache, whose topic list becomes {@code names}. */
    private CompletableFuture<Versioned<Map<String, TopicAssignment>>> update(ZkSession s, Watcher watcher, Set<String> names,
                                                                  Set<String> toRead) {
        return readTopics(s, watcher, toRead).thenApply(found -> {
            synchronized (this) {
                Map<String, ZkReads.Found<TopicAssignment>> next = new HashMap<>(cache);
                next.keySet().retainAll(names);
                toRead.forEach(next::remove);
                next.putAll(found);
                return replace(names, next);
            }
        });
    }

    private synchronized Versioned<Map<String, TopicAssignment>> replace(Set<String> names,
                                                                        Map<String, ZkReads.Found<TopicAssignment>> next) {
        listed = names;
        cache = next;
        return ZkReads.versioned(new TreeMap<>(next));
    }

    private CompletableFuture<SortedMap<String, ZkReads.Found<TopicAssignment>>> readTopics(ZkSession s, Watcher watcher, Set<String> topics) {
        return reads.topics(s, watcher, topics);
    }
}
