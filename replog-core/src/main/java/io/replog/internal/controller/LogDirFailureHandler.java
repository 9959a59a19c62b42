package io.replog.internal.controller;

import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what a failed log directory means, in Kafka's two steps. On the broker's report
 * ({@link #logDirFailed}) the controller sends it its current LeaderAndIsr; the broker answers
 * {@link Errors#KAFKA_STORAGE_ERROR} for each replica whose log is offline, and
 * {@link #offlineReplicas} moves leadership and ISR membership off those replicas, as for a
 * controlled shutdown of that broker limited to them.
 *
 * <p>The seam: {@link EventRunner} writes the {@link #offlineReplicas} decision and asks
 * {@link #afterOfflineReplicas} what to send from the states stored. Event-loop confined.
 */
final class LogDirFailureHandler {
    private static final Logger log = LoggerFactory.getLogger(LogDirFailureHandler.class);

    private final ControllerContext ctx;
    private final String logPrefix;

    LogDirFailureHandler(ControllerContext ctx, String logPrefix) {
        this.ctx = ctx;
        this.logPrefix = logPrefix;
    }

    /** Broker {@code id} reported a failed log directory: ask it, through LeaderAndIsr, which replicas are offline. */
    BrokerRequests logDirFailed(int id) {
        if (!ctx.isLive(id)) {
            return BrokerRequests.NONE;
        }
        log.warn("{}Broker {} reported a failed log directory; asking it which replicas are offline", logPrefix, id);
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        for (TopicPartition tp : ctx.partitionsWithReplicaOn(id)) {
            if (ctx.state(tp) != null) {
                batch.leaderAndIsr(id, tp);
            }
        }
        return batch.build();
    }

    /** Moves leadership off broker {@code id}'s {@code offline} replicas and takes them out of their ISRs. */
    StateWrite offlineReplicas(int id, Set<TopicPartition> offline) {
        ClusterView current = ctx.view();
        Set<Integer> leaving = new TreeSet<>(current.shuttingDown());
        leaving.add(id);
        ClusterView view = new ClusterView(current.live(), leaving, current.controllerEpoch());
        List<TopicPartition> affected = offline.stream().filter(tp -> ctx.state(tp) != null).sorted().toList();
        log.warn("{}Broker {} has offline replicas {}; moving leadership and ISR membership off them", logPrefix, id,
                ChangeLog.abbreviate(affected));
        return new StateWrite("offline replicas on broker " + id, affected, (tp, replicas, state) -> state == null
                ? PartitionStateChange.noChange() : PartitionLeaderElector.electForControlledShutdown(replicas, state, view));
    }

    /** Once stored: the other replicas of the changed partitions learn their state, everyone the metadata. */
    BrokerRequests afterOfflineReplicas(int id, PartitionStateWriter.Outcome outcome) {
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        // Not to the broker itself: it would only answer the storage error again.
        outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of(id)));
        return batch.metadataToAll(outcome.changedPartitions()).build();
    }
}
