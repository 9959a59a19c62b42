package io.replog.zk;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.topic.TopicPartition;
import io.replog.zk.znode.BrokerZnode;
import io.replog.zk.znode.ControllerEpochZnode;
import io.replog.zk.znode.ControllerZnode;
import io.replog.zk.znode.MalformedZnodeException;
import io.replog.zk.znode.PartitionStateZnode;
import io.replog.zk.znode.TopicConfigZnode;
import io.replog.zk.znode.TopicZnode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's reads, each a pipelined burst of asynchronous calls on one session, shared by
 * the queries (no watcher) and the watched snapshots (with one). A znode whose body is malformed
 * is left out of a snapshot with an ERROR naming its path and field: the broker keeps running
 * on the rest, and the operator can repair the znode.
 */
final class ZkReads {
    private static final Logger log = LoggerFactory.getLogger(ZkReads.class);

    /** Reads per read-only multi-op when many partition states are read. */
    static final int READS_PER_MULTI = 500;

    private final ZkPaths paths;
    private final String logPrefix;
    /** The problem last reported per malformed znode, so each is logged once until it changes or is repaired. */
    private final java.util.concurrent.ConcurrentMap<String, String> reported = new java.util.concurrent.ConcurrentHashMap<>();

    /** The unsupported content last noted per znode and field, so each is logged once. */
    private final java.util.concurrent.ConcurrentMap<String, String> noted = new java.util.concurrent.ConcurrentHashMap<>();

    ZkReads(ZkPaths paths, String logPrefix) {
        this.paths = paths;
        this.logPrefix = logPrefix;
    }

    /**
     * The children of {@code path}; with a watcher, watches them. A missing {@code path} reads as
     * no children, and with a watcher arms an exists-watch on it, so its creation (an operator
     * deleted and re-created it, or the first broker has not created it yet) fires too. Connection
     * problems fail the read: they never read as "no children".
     */
    CompletableFuture<ZkSession.Children> children(ZkSession s, String path, Watcher watcher, String what) {
        return s.getChildren(path, watcher).thenCompose(c -> {
            if (c.code() == Code.OK) {
                return CompletableFuture.completedFuture(c);
            }
            if (c.code() != Code.NONODE) {
                throw ZkErrors.failure(c.code(), what, path);
            }
            if (watcher == null) {
                return CompletableFuture.completedFuture(c);
            }
            return s.exists(path, watcher).thenCompose(w -> {
                if (w.code() == Code.NONODE) {
                    return CompletableFuture.completedFuture(c);
                }
                if (w.code() == Code.OK) {
                    return children(s, path, watcher, what); // created in between: list it (and watch its children)
                }
                throw ZkErrors.failure(w.code(), what, path);
            });
        });
    }

    /** The registered brokers; with a watcher, watches the id list and every registration. */
    CompletableFuture<Map<Integer, BrokerRegistration>> brokers(ZkSession s, Watcher watcher) {
        return versionedBrokers(s, watcher).thenApply(Versioned::value);
    }

    /** The registered brokers with the identity of their registrations (creation zxid and version of each). */
    CompletableFuture<Versioned<Map<Integer, BrokerRegistration>>> versionedBrokers(ZkSession s, Watcher watcher) {
        return children(s, paths.brokerIds(), watcher, "list the registered brokers").thenCompose(children -> {
            Batch<Integer, Found<BrokerRegistration>> batch = new Batch<>(children.children().size());
            for (String child : children.children()) {
                String path = paths.brokerIds() + "/" + child;
                int id;
                try {
                    id = Integer.parseInt(child);
                } catch (NumberFormatException e) {
                    unsupported(path, null, "a broker registration's name must be the broker id");
                    batch.done(-1, null);
                    continue;
                }
                s.getData(path, watcher).thenAccept(d -> {
                    if (d.code() == Code.OK) {
                        BrokerRegistration r = decode(path, () -> BrokerZnode.decode(path, id, d.data())
                                .withBrokerEpoch(d.stat().getCzxid()));
                        batch.done(id, r == null ? null : Found.of(r, d.stat()));
                    } else if (d.code() == Code.NONODE) {
                        batch.done(id, null);
                    } else {
                        batch.fail(ZkErrors.failure(d.code(), "read broker registration", path));
                    }
                });
            }
            return batch.future().thenApply(ZkReads::versioned);
        });
    }

    /** A body read, with the identity of the znodes it came from (creation zxid and version of each). */
    record Found<V>(V value, List<Long> identity) {
        static <V> Found<V> of(V value, Stat... stats) {
            List<Long> identity = new ArrayList<>(2 * stats.length);
            for (Stat st : stats) {
                identity.add(st == null ? 0L : st.getCzxid());
                identity.add(st == null ? -1L : st.getVersion());
            }
            return new Found<>(value, List.copyOf(identity));
        }
    }

    /** Splits found bodies into the values and their identities. */
    static <K extends Comparable<K>, V> Versioned<Map<K, V>> versioned(Map<K, Found<V>> found) {
        SortedMap<K, V> values = new java.util.TreeMap<>();
        SortedMap<K, List<Long>> identity = new java.util.TreeMap<>();
        found.forEach((k, f) -> {
            values.put(k, f.value());
            identity.put(k, f.identity());
        });
        return new Versioned<>(Collections.unmodifiableSortedMap(values), identity);
    }

    /**
     * {@code /controller} and {@code /controller_epoch} in one read-only multi-op, so the holder
     * and the epoch are of one moment. With a watcher, first watches {@code /controller} whether
     * or not it exists (an exists-watch fires on its creation too). Fails with a
     * {@link io.replog.errors.RetriableException} on connection problems: never reads as "no controller".
     */
    CompletableFuture<ControllerState> controllerState(ZkSession s, Watcher watcher) {
        if (watcher != null) {
            s.exists(paths.controller(), watcher);
        }
        return s.multi(List.of(Op.getData(paths.controller()), Op.getData(paths.controllerEpoch()))).thenApply(m -> {
            if (m.results() == null || m.results().size() != 2) {
                throw ZkErrors.failure(m.code() == Code.OK ? Code.SYSTEMERROR : m.code(), "read the controller",
                        paths.controller());
            }
            OpResult holder = m.results().get(0);
            OpResult epoch = m.results().get(1);
            if (!(epoch instanceof OpResult.GetDataResult e)) {
                throw ZkErrors.failure(codeOf(epoch), "read the controller epoch", paths.controllerEpoch());
            }
            int value = ControllerEpochZnode.decode(paths.controllerEpoch(), e.getData());
            if (holder instanceof OpResult.GetDataResult h) {
                int brokerId = ControllerZnode.decode(paths.controller(), h.getData(), this::unsupported).brokerId();
                return new ControllerState(brokerId, h.getStat().getEphemeralOwner(), h.getStat().getCzxid(), value,
                        e.getStat().getVersion(), e.getStat().getMzxid());
            }
            if (codeOf(holder) != Code.NONODE) {
                throw ZkErrors.failure(codeOf(holder), "read the controller", paths.controller());
            }
            return new ControllerState(ControllerState.NO_HOLDER, 0, 0, value, e.getStat().getVersion(),
                    e.getStat().getMzxid());
        });
    }

    private static Code codeOf(OpResult r) {
        return r instanceof OpResult.ErrorResult err ? Code.get(err.getErr()) : Code.OK;
    }

    /** Every topic's assignment and configs. */
    CompletableFuture<Map<String, TopicAssignment>> topics(ZkSession s) {
        return children(s, paths.topics(), null, "list the topics").thenCompose(children ->
                topics(s, null, children.children())).thenApply(found -> versioned(found).value());
    }

    /**
     * The assignment and configs of each of {@code names} with the identity of both znodes (with a
     * watcher, watching both); topics that vanished or are malformed are left out.
     */
    CompletableFuture<SortedMap<String, Found<TopicAssignment>>> topics(ZkSession s, Watcher watcher, Collection<String> names) {
        List<String> topics = List.copyOf(new TreeSet<>(names));
        Batch<String, Found<TopicAssignment>> batch = new Batch<>(topics.size());
        for (String topic : topics) {
            String topicPath = paths.topic(topic);
            String configPath = paths.topicConfig(topic);
            CompletableFuture<ZkSession.Data> assignment = s.getData(topicPath, watcher);
            CompletableFuture<ZkSession.Data> config = s.getData(configPath, watcher);
            assignment.thenCombine(config, (a, c) -> {
                if (a.code() == Code.NONODE) {
                    batch.done(topic, null);
                } else if (a.code() != Code.OK) {
                    batch.fail(ZkErrors.failure(a.code(), "read topic " + topic, topicPath));
                } else if (c.code() != Code.OK && c.code() != Code.NONODE) {
                    batch.fail(ZkErrors.failure(c.code(), "read the configs of topic " + topic, configPath));
                } else {
                    TopicAssignment t = decode(topicPath, () -> {
                        TopicZnode.Body body = TopicZnode.decode(topicPath, a.data(), this::unsupported);
                        return new TopicAssignment(topic, body.topicId(), body.partitions(),
                                c.code() == Code.NONODE ? Map.of() : TopicConfigZnode.decode(configPath, c.data()));
                    });
                    // The config's identity counts too: a changed config must be delivered.
                    batch.done(topic, t == null ? null : Found.of(t, a.stat(), c.code() == Code.OK ? c.stat() : null));
                }
                return null;
            });
        }
        return batch.future();
    }

    /** The topics whose deletion was requested. */
    CompletableFuture<Set<String>> deletionRequests(ZkSession s, Watcher watcher) {
        return versionedDeletionRequests(s, watcher).thenApply(Versioned::value);
    }

    /**
     * The topics whose deletion was requested, identified by the request list's creation zxid and
     * child version (which moves with every request made or removed); with a watcher, watches the list.
     */
    CompletableFuture<Versioned<Set<String>>> versionedDeletionRequests(ZkSession s, Watcher watcher) {
        return children(s, paths.deleteTopics(), watcher, "list the topic deletion requests").thenApply(children -> {
            SortedSet<String> out = new TreeSet<>(children.children());
            List<Long> identity = children.stat() == null ? List.of()
                    : List.of(children.stat().getCzxid(), (long) children.stat().getCversion());
            return new Versioned<>(Collections.unmodifiableSortedSet(out), identity);
        });
    }

    /**
     * The stored state of each of {@code partitions} that has one: read-only multi-ops of
     * {@value #READS_PER_MULTI} reads each, all sent at once (one request per read would cost
     * ten times as much at 10 000 partitions).
     */
    CompletableFuture<Map<TopicPartition, LeaderAndIsr>> partitionStates(ZkSession s, Collection<TopicPartition> partitions) {
        List<TopicPartition> wanted = List.copyOf(new TreeSet<>(partitions));
        Batch<TopicPartition, LeaderAndIsr> batch = new Batch<>(wanted.size());
        for (int from = 0; from < wanted.size(); from += READS_PER_MULTI) {
            List<TopicPartition> chunk = wanted.subList(from, Math.min(wanted.size(), from + READS_PER_MULTI));
            List<Op> ops = new ArrayList<>(chunk.size());
            for (TopicPartition tp : chunk) {
                ops.add(Op.getData(paths.partitionState(tp)));
            }
            s.multi(ops).thenAccept(m -> {
                if (m.results() == null || m.results().size() != chunk.size()) {
                    batch.fail(ZkErrors.failure(m.code(), "read " + chunk.size() + " partition states",
                            paths.partitionState(chunk.get(0))));
                    return;
                }
                for (int i = 0; i < chunk.size(); i++) {
                    TopicPartition tp = chunk.get(i);
                    String path = paths.partitionState(tp);
                    OpResult r = m.results().get(i);
                    if (r instanceof OpResult.GetDataResult d) {
                        batch.done(tp, decode(path, () -> PartitionStateZnode.decode(path, d.getData(), d.getStat().getVersion(), this::unsupported)));
                    } else {
                        Code code = r instanceof OpResult.ErrorResult e ? Code.get(e.getErr()) : m.code();
                        if (code == Code.NONODE) {
                            batch.done(tp, null);
                        } else {
                            batch.fail(ZkErrors.failure(code, "read the state of " + tp, path));
                            return;
                        }
                    }
                }
            });
        }
        return batch.future().thenApply(m -> (SortedMap<TopicPartition, LeaderAndIsr>) m);
    }

    /** The state of one partition, or null if it has none or it is malformed; fails only on connection problems. */
    CompletableFuture<LeaderAndIsr> partitionState(ZkSession s, TopicPartition tp) {
        String path = paths.partitionState(tp);
        return s.getData(path, null).thenApply(d -> {
            if (d.code() == Code.OK) {
                return decode(path, () -> PartitionStateZnode.decode(path, d.data(), d.stat().getVersion(), this::unsupported));
            }
            if (d.code() == Code.NONODE) {
                return null;
            }
            throw ZkErrors.failure(d.code(), "read the state of " + tp, path);
        });
    }

    /** Decodes a znode body, or logs the problem (path and field) once and returns null. */
    <T> T decode(String path, java.util.function.Supplier<T> decoder) {
        try {
            T value = decoder.get();
            if (!reported.isEmpty() && reported.remove(path) != null) {
                log.info("{}znode {} is readable again", logPrefix, path);
            }
            return value;
        } catch (MalformedZnodeException e) {
            report(path, e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            report(path, "malformed znode " + path + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Content replog reads past without acting on it (a reassignment in progress, a leader
     * recovery state, a KRaft controller): a WARN naming the path and field, once per path,
     * field and content.
     */
    void unsupported(String path, String field, String what) {
        String key = path + (field == null ? "" : "#" + field);
        if (!what.equals(noted.put(key, what))) {
            log.warn("{}znode {}{}: {}", logPrefix, path, field == null ? "" : " field '" + field + "'", what);
        }
    }

    private void report(String path, String problem) {
        if (!problem.equals(reported.put(path, problem))) {
            log.error("{}{}; leaving it out until it is repaired", logPrefix, problem);
        }
    }
}
