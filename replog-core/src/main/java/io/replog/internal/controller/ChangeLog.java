package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The operator's record of what the controller stored: one line per leader change, offline
 * partition or ISR shrink (an unclean election or an offline partition as a warning, since
 * records may be lost or a partition unavailable), one summary line for initialized partitions,
 * and a warning for partitions left unsettled. Logs only; decides nothing.
 */
final class ChangeLog {
    private static final Logger log = LoggerFactory.getLogger(ChangeLog.class);
    /** Long partition lists are cut here: a fail-over of thousands of partitions must not flood the log. */
    private static final int MAX_LISTED = 20;

    private final String logPrefix;

    ChangeLog(String logPrefix) {
        this.logPrefix = logPrefix;
    }

    /** Logs the changes {@code outcome} stored, {@code reason} saying what caused them. */
    void logChanges(PartitionStateWriter.Outcome outcome, String reason) {
        int initialized = 0;
        for (PartitionStateWriter.Change c : outcome.changes().values()) {
            LeaderAndIsr before = c.before();
            LeaderAndIsr after = c.after();
            switch (c.kind()) {
                case INITIALIZED -> {
                    initialized++;
                    log.debug("{}Initialized {}: leader {}, ISR {}", logPrefix, c.partition(), after.leader(), after.isr());
                }
                case LEADER_ELECTED -> log.info("{}Elected leader of {}: {} -> {}, leader epoch {}, ISR {} ({})",
                        logPrefix, c.partition(), before.leader(), after.leader(), after.leaderEpoch(), after.isr(), reason);
                case UNCLEAN_LEADER_ELECTED -> log.warn("{}UNCLEAN leader election for {}: broker {} leads although it "
                                + "was not in the ISR {}; committed records it lacks (data beyond its log end that only {} "
                                + "held, count unknown to the controller) may be lost. Leader epoch {} ({})",
                        logPrefix, c.partition(), after.leader(), before.isr(), before.isr(), after.leaderEpoch(), reason);
                case WENT_OFFLINE -> {
                    if (before == null) {
                        log.warn("{}Partition {} created offline: none of its replicas {} is live", logPrefix,
                                c.partition(), after.isr());
                    } else {
                        log.warn("{}Partition {} is OFFLINE: no live in-sync replica (leader was {}, ISR {}); it stays "
                                        + "offline until one of {} returns, unclean leader election being disabled. "
                                        + "Leader epoch {} ({})", logPrefix, c.partition(), before.leader(), after.isr(),
                                after.isr(), after.leaderEpoch(), reason);
                    }
                }
                case ISR_SHRUNK -> log.info("{}ISR of {} shrunk: {} -> {}, leader {} stays, leader epoch {} ({})",
                        logPrefix, c.partition(), before.isr(), after.isr(), after.leader(), after.leaderEpoch(), reason);
                default -> throw new IllegalStateException("not a change: " + c.kind());
            }
        }
        if (initialized > 0) {
            log.info("{}Initialized {} partitions ({})", logPrefix, initialized, reason);
        }
        if (!outcome.unresolved().isEmpty()) {
            log.warn("{}Could not settle {} partitions ({}): {}", logPrefix, outcome.unresolved().size(), reason,
                    abbreviate(outcome.unresolved()));
        }
    }

    /** {@code partitions} sorted, the first {@value #MAX_LISTED} listed and the rest counted. */
    static String abbreviate(Collection<TopicPartition> partitions) {
        List<TopicPartition> sorted = new ArrayList<>(new TreeSet<>(partitions));
        return sorted.size() <= MAX_LISTED ? sorted.toString()
                : sorted.subList(0, MAX_LISTED) + " and " + (sorted.size() - MAX_LISTED) + " more";
    }
}
