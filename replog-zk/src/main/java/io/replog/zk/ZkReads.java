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

    ZkReads(ZkPaths paths, String logPrefix) {
        this.paths = paths;
        this.logPrefix = logPrefix;
    }

    /** The registered brokers; with a watcher, watches the id list and every registration. */
    CompletableFuture<Map<Integer, BrokerRegistration>> brokers(ZkSession s, Watcher watcher) {
        return s.getChildren(paths.brokerIds(), watcher).thenCompose(children -> {
            if (children.code() == Code.NONODE) {
                return CompletableFuture.completedFuture(Map.of());
            }
            if (children.code() != Code.OK) {
                throw ZkErrors.failure(children.code(), "list the registered brokers", paths.brokerIds());
            }
            Batch<Integer, BrokerRegistration> batch = new Batch<>(children.children().size());
            for (String child : children.children()) {
                String path = paths.brokerIds() + "/" + child;
                int id;
                try {
                    id = Integer.parseInt(child);
                } catch (NumberFormatException e) {
                    log.error("{}ignoring znode {}: a broker registration's name must be the broker id", logPrefix, path);
                    batch.done(-1, null);
                    continue;
                }
                s.getData(path, watcher).thenAccept(d -> {
                    if (d.code() == Code.OK) {
                        batch.done(id, decode(path, () -> BrokerZnode.decode(path, id, d.data())
                                .withBrokerEpoch(d.stat().getCzxid())));
                    } else if (d.code() == Code.NONODE) {
                        batch.done(id, null);
                    } else {
                        batch.fail(ZkErrors.failure(d.code(), "read broker registration", path));
                    }
                });
            }
            return batch.future().thenApply(m -> (Map<Integer, BrokerRegistration>) m);
        });
    }

    /**
     * The current controller: the holder from {@code /controller} and the epoch from
     * {@code /controller_epoch}, read in that order (so the epoch is never older than the
     * holder's). With a watcher, watches {@code /controller} whether or not it exists.
     */
    CompletableFuture<Optional<ControllerInfo>> controller(ZkSession s, Watcher watcher) {
        if (watcher != null) {
            s.exists(paths.controller(), watcher);
        }
        CompletableFuture<ZkSession.Data> holder = s.getData(paths.controller(), null);
        CompletableFuture<ZkSession.Data> epoch = s.getData(paths.controllerEpoch(), null);
        return holder.thenCombine(epoch, (h, e) -> {
            if (h.code() == Code.NONODE) {
                return Optional.<ControllerInfo>empty();
            }
            if (h.code() != Code.OK) {
                throw ZkErrors.failure(h.code(), "read the controller", paths.controller());
            }
            if (e.code() != Code.OK) {
                throw ZkErrors.failure(e.code(), "read the controller epoch", paths.controllerEpoch());
            }
            int brokerId = ControllerZnode.decode(paths.controller(), h.data()).brokerId();
            return Optional.of(new ControllerInfo(brokerId, ControllerEpochZnode.decode(paths.controllerEpoch(), e.data())));
        });
    }

    /** Every topic's assignment and configs; with a watcher, watches the topic list and each topic's znodes. */
    CompletableFuture<Map<String, TopicAssignment>> topics(ZkSession s, Watcher watcher) {
        return s.getChildren(paths.topics(), watcher).thenCompose(children -> {
            if (children.code() != Code.OK && children.code() != Code.NONODE) {
                throw ZkErrors.failure(children.code(), "list the topics", paths.topics());
            }
            return topics(s, watcher, children.children()).thenApply(m -> (Map<String, TopicAssignment>) m);
        });
    }

    /**
     * The assignment and configs of each of {@code names} (with a watcher, watching both znodes
     * of each); topics that vanished or are malformed are left out.
     */
    CompletableFuture<SortedMap<String, TopicAssignment>> topics(ZkSession s, Watcher watcher, Collection<String> names) {
        List<String> topics = List.copyOf(new TreeSet<>(names));
        Batch<String, TopicAssignment> batch = new Batch<>(topics.size());
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
                    batch.done(topic, decode(topicPath, () -> {
                        TopicZnode.Body body = TopicZnode.decode(topicPath, a.data());
                        return new TopicAssignment(topic, body.topicId(), body.partitions(),
                                c.code() == Code.NONODE ? Map.of() : TopicConfigZnode.decode(configPath, c.data()));
                    }));
                }
                return null;
            });
        }
        return batch.future();
    }

    /** The topics whose deletion was requested; with a watcher, watches the request list. */
    CompletableFuture<Set<String>> deletionRequests(ZkSession s, Watcher watcher) {
        return s.getChildren(paths.deleteTopics(), watcher).thenApply(children -> {
            if (children.code() == Code.NONODE) {
                return Set.of();
            }
            if (children.code() != Code.OK) {
                throw ZkErrors.failure(children.code(), "list the topic deletion requests", paths.deleteTopics());
            }
            SortedSet<String> out = new TreeSet<>(children.children());
            return Collections.unmodifiableSortedSet(out);
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
                        batch.done(tp, decode(path, () -> PartitionStateZnode.decode(path, d.getData(), d.getStat().getVersion())));
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
                return decode(path, () -> PartitionStateZnode.decode(path, d.data(), d.stat().getVersion()));
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

    private void report(String path, String problem) {
        if (!problem.equals(reported.put(path, problem))) {
            log.error("{}{}; leaving it out until it is repaired", logPrefix, problem);
        }
    }
}
