package io.replog.zk;

import io.replog.coordinator.TopicAssignment;
import io.replog.errors.RetriableException;
import io.replog.errors.TopicExistsException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.topic.TopicName;
import io.replog.zk.znode.TopicConfigZnode;
import io.replog.zk.znode.TopicZnode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Topics: creation ({@code /config/topics/<t>} and {@code /brokers/topics/<t>} in one multi-op),
 * deletion requests ({@code /admin/delete_topics/<t>}) and the controller's fenced removal of
 * everything a topic has in ZooKeeper.
 */
final class TopicStore {
    private static final Logger log = LoggerFactory.getLogger(TopicStore.class);
    /** Deletes per multi-op when a topic's partitions are removed (keeps each request far below jute.maxbuffer). */
    private static final int DELETES_PER_MULTI = 500;
    private static final int MAX_ATTEMPTS = 3;

    private final ZkConnection connection;
    private final ZkPaths paths;
    private final ZkReads reads;
    private final ControllerElection election;
    private final String logPrefix;

    TopicStore(ZkConnection connection, ZkPaths paths, ZkReads reads, ControllerElection election, String logPrefix) {
        this.connection = connection;
        this.paths = paths;
        this.reads = reads;
        this.election = election;
        this.logPrefix = logPrefix;
    }

    CompletableFuture<Void> create(TopicAssignment a) {
        String topic = TopicName.validate(a.topic());
        ZkSession s = connection.session();
        String topicPath = paths.topic(topic);
        String configPath = paths.topicConfig(topic);
        byte[] config = TopicConfigZnode.encode(a.configs());
        byte[] assignment = TopicZnode.encode(a.topicId(), a.partitions());
        return s.multi(List.of(ZkSession.createOp(configPath, config, CreateMode.PERSISTENT),
                ZkSession.createOp(topicPath, assignment, CreateMode.PERSISTENT))).thenCompose(m -> {
            if (m.code() == Code.OK) {
                log.info("{}created topic {} with {} partitions", logPrefix, topic, a.partitions().size());
                return CompletableFuture.completedFuture(null);
            }
            if (m.code() == Code.CONNECTIONLOSS) {
                return learnCreated(s, a, assignment);
            }
            if (m.results() == null || ZkErrors.isConnectionProblem(m.code())) {
                throw ZkErrors.failure(m.code(), "create topic " + topic, topicPath);
            }
            int failed = ZkErrors.failedOp(m.results());
            Code code = failed < 0 ? m.code() : ZkErrors.opCode(m.results(), failed);
            if (code == Code.NODEEXISTS && failed == 1) {
                return topicExists(s, topic);
            }
            if (code == Code.NODEEXISTS) {
                // A config left behind without its topic (or the topic exists too): overwrite the config.
                return s.multi(List.of(Op.setData(configPath, config, -1),
                        ZkSession.createOp(topicPath, assignment, CreateMode.PERSISTENT))).thenCompose(again -> {
                    if (again.code() == Code.OK) {
                        log.info("{}created topic {} with {} partitions (replacing a stale {})", logPrefix, topic,
                                a.partitions().size(), configPath);
                        return CompletableFuture.completedFuture(null);
                    }
                    if (again.code() == Code.NODEEXISTS) {
                        return topicExists(s, topic);
                    }
                    throw ZkErrors.failure(again.code(), "create topic " + topic, topicPath);
                });
            }
            if (code == Code.NONODE) {
                connection.ensurePaths(s);
                throw new RetriableException("cannot create topic " + topic + ": the parent znodes were missing "
                        + "and are being created again; retry");
            }
            throw ZkErrors.failure(code, "create topic " + topic, topicPath);
        });
    }

    /**
     * A creation met a connection loss: applied or not? After the reconnect, the topic's body
     * says: ours (byte for byte, with its own topic id), another's, or none (then create it again).
     */
    private CompletableFuture<Void> learnCreated(ZkSession s, TopicAssignment a, byte[] assignment) {
        String topic = a.topic();
        String topicPath = paths.topic(topic);
        return connection.whenConnected(s).thenCompose(x -> s.getData(topicPath, null)).thenCompose(d -> {
            if (d.code() == Code.CONNECTIONLOSS) {
                return learnCreated(s, a, assignment);
            }
            if (d.code() == Code.NONODE) {
                return create(a);
            }
            if (d.code() != Code.OK) {
                throw ZkErrors.failure(d.code(), "read topic " + topic, topicPath);
            }
            if (Arrays.equals(d.data(), assignment) && !a.topicId().isZero()) {
                log.info("{}created topic {} with {} partitions (learnt after a lost reply)", logPrefix, topic,
                        a.partitions().size());
                return CompletableFuture.completedFuture(null);
            }
            return topicExists(s, topic);
        });
    }

    private CompletableFuture<Void> topicExists(ZkSession s, String topic) {
        return s.exists(paths.deleteTopic(topic), null).thenAccept(w -> {
            throw new TopicExistsException("Topic '" + topic + "' already exists"
                    + (w.code() == Code.OK ? " and is marked for deletion" : ""));
        });
    }

    CompletableFuture<Map<String, TopicAssignment>> topics() {
        return reads.topics(connection.session());
    }

    CompletableFuture<Void> requestDeletion(String topic) {
        TopicName.validate(topic);
        ZkSession s = connection.session();
        return s.multi(List.of(Op.check(paths.topic(topic), -1),
                ZkSession.createOp(paths.deleteTopic(topic), new byte[0], CreateMode.PERSISTENT))).thenAccept(m -> {
            if (m.code() == Code.OK) {
                log.info("{}requested the deletion of topic {}", logPrefix, topic);
                return;
            }
            if (m.results() == null || ZkErrors.isConnectionProblem(m.code())) {
                throw ZkErrors.failure(m.code(), "request the deletion of topic " + topic, paths.deleteTopic(topic));
            }
            int failed = ZkErrors.failedOp(m.results());
            Code code = failed < 0 ? m.code() : ZkErrors.opCode(m.results(), failed);
            if (failed == 0 && code == Code.NONODE) {
                throw new UnknownTopicOrPartitionException("Topic '" + topic + "' does not exist");
            }
            if (failed == 1 && code == Code.NODEEXISTS) {
                return; // already requested
            }
            throw ZkErrors.failure(code, "request the deletion of topic " + topic, paths.deleteTopic(topic));
        });
    }

    CompletableFuture<Set<String>> pendingDeletions() {
        return reads.deletionRequests(connection.session(), null);
    }

    /**
     * Removes the topic's partition states and partition znodes, then in one last multi-op its
     * assignment, config and deletion request: every multi-op fenced by the controller epoch.
     * A request left half done (a new controller took over) stays marked for deletion, so the
     * next controller finishes it.
     */
    CompletableFuture<Void> delete(int controllerEpoch, String topic) {
        ControllerElection.Term t;
        try {
            t = election.requireTerm(controllerEpoch, "delete topic " + topic);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return deleteAttempt(t, topic, 1);
    }

    private CompletableFuture<Void> deleteAttempt(ControllerElection.Term t, String topic, int attempt) {
        ZkSession s = t.session();
        String partitionsPath = paths.topicPartitions(topic);
        CompletableFuture<ZkSession.Children> partitions = s.getChildren(partitionsPath, null);
        CompletableFuture<ZkSession.Written> topicNode = s.exists(paths.topic(topic), null);
        CompletableFuture<ZkSession.Written> configNode = s.exists(paths.topicConfig(topic), null);
        CompletableFuture<ZkSession.Written> marker = s.exists(paths.deleteTopic(topic), null);
        return partitions.thenCompose(children -> {
            if (children.code() != Code.OK && children.code() != Code.NONODE) {
                throw ZkErrors.failure(children.code(), "list the partitions of topic " + topic, partitionsPath);
            }
            List<CompletableFuture<ZkSession.Children>> states = new ArrayList<>();
            for (String p : children.children()) {
                states.add(s.getChildren(partitionsPath + "/" + p, null));
            }
            return CompletableFuture.allOf(states.toArray(CompletableFuture[]::new))
                    .thenCombine(CompletableFuture.allOf(topicNode, configNode, marker), (x, y) -> {
                        List<Op> deletes = new ArrayList<>();
                        for (int i = 0; i < children.children().size(); i++) {
                            String partitionPath = partitionsPath + "/" + children.children().get(i);
                            ZkSession.Children leaves = states.get(i).join();
                            if (leaves.code() == Code.OK) {
                                for (String leaf : leaves.children()) {
                                    deletes.add(Op.delete(partitionPath + "/" + leaf, -1));
                                }
                                deletes.add(Op.delete(partitionPath, -1));
                            } else if (leaves.code() != Code.NONODE) {
                                throw ZkErrors.failure(leaves.code(), "list " + partitionPath, partitionPath);
                            }
                        }
                        List<List<Op>> multis = new ArrayList<>();
                        for (int i = 0; i < deletes.size(); i += DELETES_PER_MULTI) {
                            multis.add(deletes.subList(i, Math.min(deletes.size(), i + DELETES_PER_MULTI)));
                        }
                        List<Op> last = new ArrayList<>();
                        if (children.code() == Code.OK) {
                            last.add(Op.delete(partitionsPath, -1));
                        }
                        if (topicNode.join().code() == Code.OK) {
                            last.add(Op.delete(paths.topic(topic), -1));
                        }
                        if (configNode.join().code() == Code.OK) {
                            last.add(Op.delete(paths.topicConfig(topic), -1));
                        }
                        if (marker.join().code() == Code.OK) {
                            last.add(Op.delete(paths.deleteTopic(topic), -1));
                        }
                        multis.add(last);
                        return multis;
                    });
        }).thenCompose(multis -> runFenced(t, topic, multis, 0)).thenCompose(outcome -> {
            if (outcome == null) {
                log.info("{}deleted topic {} from ZooKeeper", logPrefix, topic);
                return CompletableFuture.completedFuture(null);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new RetriableException("cannot delete topic " + topic + ": its znodes kept changing (" + outcome + ")");
            }
            return deleteAttempt(t, topic, attempt + 1);
        });
    }

    /** Runs the multi-ops one after the other; null when all applied, else why one did not (a race worth retrying). */
    private CompletableFuture<String> runFenced(ControllerElection.Term t, String topic, List<List<Op>> multis, int i) {
        if (i == multis.size()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Op> ops = new ArrayList<>(election.fence(t));
        ops.addAll(multis.get(i));
        return t.session().multi(ops).thenCompose(m -> {
            if (m.code() == Code.OK) {
                return runFenced(t, topic, multis, i + 1);
            }
            if (m.results() == null || ZkErrors.isConnectionProblem(m.code())) {
                throw ZkErrors.failure(m.code(), "delete topic " + topic, paths.topic(topic));
            }
            var stale = election.fenced(t, m.results(), "delete topic " + topic);
            if (stale != null) {
                throw stale;
            }
            int failed = ZkErrors.failedOp(m.results());
            return CompletableFuture.completedFuture(ops.get(Math.max(failed, 0)).getPath() + ": "
                    + ZkErrors.opCode(m.results(), Math.max(failed, 0)));
        });
    }
}
