package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Takes in the ISR changes leaders wrote themselves: the controller writes nothing, it refreshes
 * its cached states and tells every live broker (UpdateMetadata), so that clients see the new ISR.
 *
 * <p>The seam: the notification names partitions, not states; {@link EventRunner} reads the
 * {@link #toRead} ones from the coordinator and hands them to {@link #update}. A state older than
 * the one cached (the notification arrived after the controller's own write) is ignored.
 * Event-loop confined.
 */
final class IsrChangeHandler {
    private static final Logger log = LoggerFactory.getLogger(IsrChangeHandler.class);

    private final ControllerContext ctx;
    private final String logPrefix;

    IsrChangeHandler(ControllerContext ctx, String logPrefix) {
        this.ctx = ctx;
        this.logPrefix = logPrefix;
    }

    /** The partitions of {@code notified} that still exist, in order: the states to read. */
    List<TopicPartition> toRead(Set<TopicPartition> notified) {
        return new TreeSet<>(notified).stream().filter(tp -> !ctx.replicas(tp).isEmpty()).toList();
    }

    /** Caches the states of {@code read} newer than the cached ones; returns the metadata to send about them. */
    BrokerRequests update(List<TopicPartition> read, Map<TopicPartition, LeaderAndIsr> states) {
        List<TopicPartition> updated = new ArrayList<>();
        for (TopicPartition tp : read) {
            LeaderAndIsr now = states.get(tp);
            LeaderAndIsr cached = ctx.state(tp);
            if (now != null && (cached == null || now.partitionEpoch() > cached.partitionEpoch())) {
                ctx.putState(tp, now);
                updated.add(tp);
                log.debug("{}ISR of {} is now {} (leader {}, leader epoch {})", logPrefix, tp, now.isr(),
                        now.leader(), now.leaderEpoch());
            }
        }
        return updated.isEmpty() ? BrokerRequests.NONE : new BrokerRequests.Builder(ctx).metadataToAll(updated).build();
    }
}
