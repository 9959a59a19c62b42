package io.replog.zk;

import io.replog.topic.TopicPartition;
import io.replog.zk.znode.IsrChangeZnode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The controller's side of Kafka's ISR change notification: while this coordinator holds a
 * controller term it watches {@code /isr_change_notification}, reads every
 * {@code isr_change_<seq>} child, reports the partitions they name, and deletes them with
 * fenced multi-ops (a deposed controller deletes nothing: the next controller reads them).
 * Reads are coalesced like a {@link WatchedSnapshot}.
 */
final class IsrChangeNotifications {
    private static final Logger log = LoggerFactory.getLogger(IsrChangeNotifications.class);
    private static final int DELETES_PER_MULTI = 500;

    private final ZkPaths paths;
    private final ZkReads reads;
    private final java.util.function.Function<ControllerElection.Term, List<Op>> fence;
    private final Consumer<Set<TopicPartition>> sink;
    private final String logPrefix;

    private ControllerElection.Term term;
    private Watcher watcher;
    private boolean running;
    private boolean dirty;

    IsrChangeNotifications(ZkPaths paths, ZkReads reads, java.util.function.Function<ControllerElection.Term, List<Op>> fence,
                           Consumer<Set<TopicPartition>> sink, String logPrefix) {
        this.paths = paths;
        this.reads = reads;
        this.fence = fence;
        this.sink = sink;
        this.logPrefix = logPrefix;
    }

    /** Starts consuming notifications for {@code t} (notifications left from before are consumed too). */
    synchronized void start(ControllerElection.Term t) {
        term = t;
        watcher = event -> {
            if (event.getType() != Watcher.Event.EventType.None) {
                refreshFor(t);
            }
        };
        refresh();
    }

    /** Stops consuming for {@code t}. */
    synchronized void stop(ControllerElection.Term t) {
        if (term == t) {
            term = null;
        }
    }

    private synchronized void refreshFor(ControllerElection.Term t) {
        if (term == t) {
            refresh();
        }
    }

    /** Reads and consumes the pending notifications (after a reconnect, or when a watch fires). */
    synchronized void refresh() {
        if (term == null) {
            return;
        }
        if (running) {
            dirty = true;
            return;
        }
        running = true;
        dirty = false;
        ControllerElection.Term t = term;
        consume(t, watcher).whenComplete((v, error) -> {
            if (error != null) {
                log.debug("{}reading ISR change notifications failed: {}", logPrefix, error.toString());
            }
            synchronized (this) {
                running = false;
                if (dirty) {
                    refresh();
                }
            }
        });
    }

    private CompletableFuture<Void> consume(ControllerElection.Term t, Watcher w) {
        ZkSession s = t.session();
        return s.getChildren(paths.isrChangeNotifications(), w).thenCompose(children -> {
            if (children.code() == Code.NONODE || children.children().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (children.code() != Code.OK) {
                throw ZkErrors.failure(children.code(), "list ISR change notifications", paths.isrChangeNotifications());
            }
            List<String> names = new ArrayList<>(children.children());
            Collections.sort(names);
            List<CompletableFuture<ZkSession.Data>> bodies = new ArrayList<>();
            for (String name : names) {
                bodies.add(s.getData(paths.isrChangeNotification(name), null));
            }
            return CompletableFuture.allOf(bodies.toArray(CompletableFuture[]::new)).thenCompose(x -> {
                Set<TopicPartition> changed = new TreeSet<>();
                List<Op> deletes = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    String path = paths.isrChangeNotification(names.get(i));
                    ZkSession.Data d = bodies.get(i).join();
                    if (d.code() == Code.OK) {
                        Set<TopicPartition> named = reads.decode(path, () -> IsrChangeZnode.decode(path, d.data()));
                        if (named != null) {
                            changed.addAll(named);
                        }
                        deletes.add(Op.delete(path, -1));
                    } else if (d.code() != Code.NONODE) {
                        throw ZkErrors.failure(d.code(), "read an ISR change notification", path);
                    }
                }
                if (!changed.isEmpty()) {
                    log.debug("{}ISR changes reported for {}", logPrefix, changed);
                    sink.accept(Collections.unmodifiableSet(changed));
                }
                List<CompletableFuture<ZkSession.Multi>> multis = new ArrayList<>();
                for (int i = 0; i < deletes.size(); i += DELETES_PER_MULTI) {
                    List<Op> ops = new ArrayList<>(fence.apply(t));
                    ops.addAll(deletes.subList(i, Math.min(deletes.size(), i + DELETES_PER_MULTI)));
                    multis.add(s.multi(ops));
                }
                return CompletableFuture.allOf(multis.toArray(CompletableFuture[]::new));
            });
        });
    }
}
