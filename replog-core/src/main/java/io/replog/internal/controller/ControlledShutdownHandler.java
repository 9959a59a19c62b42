package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.StaleBrokerEpochException;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides a broker's controlled shutdown: leaderships it holds move to other live ISR members
 * (first in assignment order), it leaves every ISR, and it gets StopReplica (no delete) for the
 * replicas it no longer leads. The answer is the partitions it still leads (no other ISR member
 * alive, e.g. replication factor 1); empty means it may stop without making anything
 * unavailable. From {@link #begin} on the broker counts as shutting down: no new leadership goes
 * to it until it leaves.
 *
 * <p>The seam: {@link EventRunner} writes the {@link #begin} decision and asks
 * {@link #afterWrite} for the requests and the answer, which depend on what was stored.
 * Event-loop confined.
 */
final class ControlledShutdownHandler {
    private static final Logger log = LoggerFactory.getLogger(ControlledShutdownHandler.class);

    private final ControllerContext ctx;
    private final Deciders deciders;
    private final String logPrefix;

    ControlledShutdownHandler(ControllerContext ctx, Deciders deciders, String logPrefix) {
        this.ctx = ctx;
        this.deciders = deciders;
        this.logPrefix = logPrefix;
    }

    /**
     * The refusal owed to a process asking under registration {@code brokerEpoch} when the one
     * known here has another ({@link BrokerRegistration#NO_EPOCH}: not checked).
     */
    Optional<StaleBrokerEpochException> staleEpoch(int id, long brokerEpoch) {
        BrokerRegistration known = ctx.liveBrokers().get(id);
        if (brokerEpoch != BrokerRegistration.NO_EPOCH && known != null && known.brokerEpoch() != brokerEpoch) {
            return Optional.of(new StaleBrokerEpochException("controlled shutdown of broker " + id
                    + " asked for broker epoch " + brokerEpoch + ", but its registration here has epoch "
                    + known.brokerEpoch()));
        }
        return Optional.empty();
    }

    /** The answer without any write, for a broker that is not live: the partitions the cache says it leads. */
    Optional<Set<TopicPartition>> answerIfNotLive(int id) {
        if (ctx.isLive(id)) {
            return Optional.empty();
        }
        log.info("{}Controlled shutdown of broker {}, which is not live", logPrefix, id);
        return Optional.of(Set.copyOf(ctx.partitionsLedBy(id)));
    }

    /** Marks live broker {@code id} shutting down; its leaderships move and it leaves the ISRs. */
    StateWrite begin(int id) {
        ctx.markShuttingDown(id);
        List<TopicPartition> affected = ctx.partitionsTouching(Set.of(id));
        log.info("{}Controlled shutdown of broker {}: moving leadership and ISR membership of {} partitions",
                logPrefix, id, affected.size());
        ClusterView view = ctx.view();
        return new StateWrite("controlled shutdown of broker " + id, affected,
                deciders.unlessDeleting((tp, replicas, current) -> current == null ? PartitionStateChange.noChange()
                        : PartitionLeaderElector.electForControlledShutdown(replicas, current, view)));
    }

    /** Once stored: requests to the other replicas and the broker itself, and the partitions it still leads. */
    ControllerResult<Set<TopicPartition>> afterWrite(int id, PartitionStateWriter.Outcome outcome) {
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of(id)));
        for (TopicPartition tp : ctx.partitionsWithReplicaOn(id)) {
            LeaderAndIsr s = ctx.state(tp);
            if (s == null || s.leader() != id) {
                batch.stopReplica(id, tp, false);
            }
        }
        batch.metadataToAll(outcome.changedPartitions());
        Set<TopicPartition> remaining = new TreeSet<>(ctx.partitionsLedBy(id));
        log.info("{}Controlled shutdown of broker {}: {} partitions changed, still leads {}", logPrefix, id,
                outcome.changes().size(), remaining.isEmpty() ? "nothing" : ChangeLog.abbreviate(remaining));
        return new ControllerResult<>(batch.build(), Set.copyOf(remaining));
    }
}
