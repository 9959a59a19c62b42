package io.replog.zk;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.topic.TopicPartition;
import io.replog.zk.znode.PartitionStateZnode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Partition states in {@code /brokers/topics/<t>/partitions/<p>/state}, whose znode version is
 * the state's partition epoch.
 *
 * <p><b>The controller's writes</b> are pipelined multi-ops, each fenced by the controller
 * epoch ({@link ControllerElection#fence}) and carrying up to {@value #STATES_PER_MULTI}
 * partitions: a create for a new partition, a {@code setData} conditional on the version read
 * for an existing one. All multi-ops of a call are sent at once. A multi-op is atomic, so when
 * one of its partitions conflicts (a leader changed the ISR meanwhile) it is retried one
 * partition per multi-op, and each partition gets its own applied-or-conflict answer.
 *
 * <p><b>A leader's ISR change</b> is a {@code setData} conditional on the version read; once
 * applied, the partition joins the leader's next batched ISR change notification
 * ({@link IsrChangeBatcher}), which the controller watches, reads and deletes.
 */
final class PartitionStateStore {
    private static final Logger log = LoggerFactory.getLogger(PartitionStateStore.class);
    /** Partitions per multi-op in the controller's writes. */
    static final int STATES_PER_MULTI = 500;

    private final ZkConnection connection;
    private final ZkPaths paths;
    private final ZkReads reads;
    private final ControllerElection election;
    private final IsrChangeBatcher isrChanges;
    private final String logPrefix;

    PartitionStateStore(ZkConnection connection, ZkPaths paths, ZkReads reads, ControllerElection election,
                        IsrChangeBatcher isrChanges, String logPrefix) {
        this.isrChanges = isrChanges;
        this.connection = connection;
        this.paths = paths;
        this.reads = reads;
        this.election = election;
        this.logPrefix = logPrefix;
    }

    CompletableFuture<Map<TopicPartition, LeaderAndIsr>> read(Collection<TopicPartition> partitions) {
        return reads.partitionStates(connection.session(), partitions);
    }

    CompletableFuture<Map<TopicPartition, StateUpdate>> writeAsController(int controllerEpoch,
                                                                          Map<TopicPartition, LeaderAndIsr> states) {
        ControllerElection.Term t;
        try {
            t = election.requireTerm(controllerEpoch, "write " + states.size() + " partition states");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        ZkSession s = t.session();
        List<Map.Entry<TopicPartition, LeaderAndIsr>> entries = new ArrayList<>(new TreeMap<>(states).entrySet());
        Batch<TopicPartition, StateUpdate> batch = new Batch<>(entries.size());
        ensureParents(t, entries);
        for (int i = 0; i < entries.size(); i += STATES_PER_MULTI) {
            List<Map.Entry<TopicPartition, LeaderAndIsr>> chunk = entries.subList(i, Math.min(entries.size(), i + STATES_PER_MULTI));
            writeChunk(t, chunk, batch);
        }
        return batch.future().thenApply(m -> (SortedMap<TopicPartition, StateUpdate>) m);
    }

    /**
     * New partitions need {@code partitions} and {@code partitions/<p>} before their state; sent
     * first, so applied first. Each create is fenced like every controller write (a deposed
     * controller creates nothing); one that exists already is fine.
     */
    private void ensureParents(ControllerElection.Term t, List<Map.Entry<TopicPartition, LeaderAndIsr>> entries) {
        Set<String> topics = new HashSet<>();
        for (Map.Entry<TopicPartition, LeaderAndIsr> e : entries) {
            if (e.getValue().partitionEpoch() != LeaderAndIsr.NEW_PARTITION) {
                continue;
            }
            TopicPartition tp = e.getKey();
            if (topics.add(tp.topic())) {
                fencedCreate(t, paths.topicPartitions(tp.topic()));
            }
            fencedCreate(t, paths.partition(tp.topic(), tp.partition()));
        }
    }

    private void fencedCreate(ControllerElection.Term t, String path) {
        List<Op> ops = new ArrayList<>(election.fence(t));
        ops.add(ZkSession.createOp(path, new byte[0], CreateMode.PERSISTENT));
        t.session().multi(ops).thenAccept(m -> {
            if (m.code() != Code.OK && m.code() != Code.NODEEXISTS && !ZkErrors.isConnectionProblem(m.code())
                    && m.results() != null && election.fenced(t, m.results(), "create " + path) == null) {
                log.warn("{}cannot create {}: {}", logPrefix, path, m.code());
            }
        });
    }

    private static Op writeOp(String path, LeaderAndIsr state) {
        byte[] body = PartitionStateZnode.encode(state);
        return state.partitionEpoch() == LeaderAndIsr.NEW_PARTITION
                ? ZkSession.createOp(path, body, CreateMode.PERSISTENT)
                : Op.setData(path, body, state.partitionEpoch());
    }

    private void writeChunk(ControllerElection.Term t, List<Map.Entry<TopicPartition, LeaderAndIsr>> chunk,
                            Batch<TopicPartition, StateUpdate> batch) {
        if (chunk.size() == 1) {
            writeOne(t, chunk.get(0).getKey(), chunk.get(0).getValue(), batch);
            return;
        }
        List<Op> ops = new ArrayList<>(election.fence(t));
        for (Map.Entry<TopicPartition, LeaderAndIsr> e : chunk) {
            ops.add(writeOp(paths.partitionState(e.getKey()), e.getValue()));
        }
        t.session().multi(ops).thenAccept(m -> {
            if (batch.isDone()) {
                return;
            }
            if (m.code() == Code.OK) {
                int first = ControllerElection.fenceSize();
                for (int i = 0; i < chunk.size(); i++) {
                    batch.done(chunk.get(i).getKey(), StateUpdate.applied(stored(chunk.get(i).getValue(),
                            m.results().get(first + i))));
                }
                return;
            }
            if (m.results() == null || ZkErrors.isConnectionProblem(m.code())) {
                batch.fail(ZkErrors.failure(m.code(), "write " + chunk.size() + " partition states",
                        paths.partitionState(chunk.get(0).getKey())));
                return;
            }
            var stale = election.fenced(t, m.results(), "write partition states");
            if (stale != null) {
                batch.fail(stale);
                return;
            }
            // One partition conflicted and the multi-op applied nothing: one multi-op per partition.
            for (Map.Entry<TopicPartition, LeaderAndIsr> e : chunk) {
                writeOne(t, e.getKey(), e.getValue(), batch);
            }
        });
    }

    private void writeOne(ControllerElection.Term t, TopicPartition tp, LeaderAndIsr state,
                          Batch<TopicPartition, StateUpdate> batch) {
        String path = paths.partitionState(tp);
        List<Op> ops = new ArrayList<>(election.fence(t));
        ops.add(writeOp(path, state));
        t.session().multi(ops).thenAccept(m -> {
            if (batch.isDone()) {
                return;
            }
            if (m.code() == Code.OK) {
                batch.done(tp, StateUpdate.applied(stored(state, m.results().get(ControllerElection.fenceSize()))));
                return;
            }
            if (m.results() == null || ZkErrors.isConnectionProblem(m.code())) {
                batch.fail(ZkErrors.failure(m.code(), "write the state of " + tp, path));
                return;
            }
            var stale = election.fenced(t, m.results(), "write the state of " + tp);
            if (stale != null) {
                batch.fail(stale);
                return;
            }
            Code code = ZkErrors.opCode(m.results(), ControllerElection.fenceSize());
            if (code != Code.BADVERSION && code != Code.NODEEXISTS && code != Code.NONODE) {
                batch.fail(ZkErrors.failure(code, "write the state of " + tp, path));
                return;
            }
            log.debug("{}conditional write of {} (version {}) lost: {}", logPrefix, tp, state.partitionEpoch(), code);
            reads.partitionState(t.session(), tp).whenComplete((current, error) -> {
                if (error != null) {
                    batch.fail(error);
                } else {
                    batch.done(tp, StateUpdate.conflict(current));
                }
            });
        });
    }

    private static LeaderAndIsr stored(LeaderAndIsr state, OpResult result) {
        if (result instanceof OpResult.SetDataResult set) {
            return state.withPartitionEpoch(set.getStat().getVersion());
        }
        return state.withPartitionEpoch(0); // created
    }

    /**
     * A leader's conditional ISR change; once applied, the partition joins the next batched ISR
     * change notification for the controller ({@link IsrChangeBatcher}).
     */
    CompletableFuture<StateUpdate> updateIsrAsLeader(TopicPartition tp, LeaderAndIsr proposed) {
        ZkSession s = connection.session();
        if (proposed.partitionEpoch() == LeaderAndIsr.NEW_PARTITION) {
            // Only the controller creates partition states; a leader can only replace one.
            return reads.partitionState(s, tp).thenApply(StateUpdate::conflict);
        }
        String path = paths.partitionState(tp);
        return s.setData(path, PartitionStateZnode.encode(proposed), proposed.partitionEpoch()).thenCompose(w -> {
            if (w.code() == Code.OK) {
                LeaderAndIsr stored = proposed.withPartitionEpoch(w.stat().getVersion());
                log.debug("{}ISR of {} is now {} (version {})", logPrefix, tp, stored.isr(), stored.partitionEpoch());
                isrChanges.changed(tp);
                return CompletableFuture.completedFuture(StateUpdate.applied(stored));
            }
            if (w.code() == Code.BADVERSION || w.code() == Code.NONODE) {
                return reads.partitionState(s, tp).thenApply(StateUpdate::conflict);
            }
            if (ZkErrors.isConnectionProblem(w.code())) {
                // The write may have been applied with its reply lost: notify anyway (a spare
                // notification only makes the controller read the state once more).
                isrChanges.changed(tp);
            }
            throw ZkErrors.failure(w.code(), "update the ISR of " + tp, path);
        });
    }
}
