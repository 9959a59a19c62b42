package io.replog.internal.replica;

import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * Which replicas of this broker process may take leadership while another ISR member exists.
 * A replica may hold less than it acknowledged as an ISR member when its log survived an
 * unclean shutdown (a power loss keeps only what was fsynced), or when its directory is new
 * although the partition has history (a lost disk). Such a replica refuses leadership with
 * {@link io.replog.protocol.Errors#INELIGIBLE_REPLICA} while the ISR names another member, so the
 * controller elects a replica that kept the committed records or waits for one (KIP-966's rule
 * that a broker back from an unclean shutdown is not a clean leader). It becomes eligible once,
 * as a follower in this process, it has caught up with its leader's high watermark. As the only
 * ISR member it may lead: no replica is known to hold more. Event-loop confined.
 */
final class LeaderEligibility {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderEligibility.class);

    private final int brokerId;
    private final PlantedBugs bugs;
    private final Set<TopicPartition> suspect = new HashSet<>();
    private boolean startedAfterCleanShutdown = true;

    /** @param bugs asked for {@link PlantedBug#BROKER_EPOCH_IGNORED}, which also lets every replica lead */
    LeaderEligibility(int brokerId, PlantedBugs bugs) {
        this.brokerId = brokerId;
        this.bugs = bugs;
    }

    void started(boolean cleanShutdown) {
        startedAfterCleanShutdown = cleanShutdown;
    }

    boolean startedAfterCleanShutdown() {
        return startedAfterCleanShutdown;
    }

    /** A replica this process opens for the first time, under {@code state}. */
    void opened(TopicPartition tp, boolean directoryExisted, LeaderAndIsr state) {
        boolean mayHaveLost = directoryExisted ? !startedAfterCleanShutdown : state.leaderEpoch() > 0;
        if (mayHaveLost) {
            suspect.add(tp);
            LOG.info("[broker {}] {}: {}; it leads only as the last ISR member until it has caught up as a follower",
                    brokerId, tp, directoryExisted ? "log kept through an unclean shutdown"
                            : "new log for a partition with history (leader epoch " + state.leaderEpoch() + ")");
        }
    }

    /** Whether this replica may lead under {@code state}. */
    boolean mayLead(TopicPartition tp, LeaderAndIsr state) {
        return bugs.has(PlantedBug.BROKER_EPOCH_IGNORED) || !suspect.contains(tp) || state.isr().stream().allMatch(r -> r == brokerId);
    }

    /** After a fetch: a follower that holds its leader's high watermark has what the ISR committed. */
    void onFollowerProgress(Partition p) {
        if (p.caughtUpWithLeader() && suspect.remove(p.topicPartition())) {
            LOG.info("[broker {}] {}: caught up with leader {} at offset {}; eligible to lead again", brokerId,
                    p.topicPartition(), p.leaderId(), p.logEndOffset());
        }
    }

    void forget(TopicPartition tp) {
        suspect.remove(tp);
    }

    void clear() {
        suspect.clear();
    }
}
