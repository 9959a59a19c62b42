package io.replog.internal.controller;

import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision rules several handlers share, as {@link PartitionStateWriter.Decider}s: bringing a
 * partition in line with the live brokers (start-up, broker changes, new partitions), with the
 * topic's unclean-election setting, and the guard that leaves a topic being deleted alone. The
 * rules themselves are {@link PartitionLeaderElector}'s; this class adds what they need from
 * the controller (the view of the moment, the topic's settings, the deletions in progress).
 * Event-loop confined, like the context it reads.
 */
final class Deciders {
    private final ControllerContext ctx;
    private final ControllerSettings config;
    private final TopicDeletions deletions;
    private final PlantedBugs bugs;

    /** @param bugs asked for {@link PlantedBug#LEADER_FROM_OUTSIDE_ISR} where the reconcile rule elects */
    Deciders(ControllerContext ctx, ControllerSettings config, TopicDeletions deletions, PlantedBugs bugs) {
        this.ctx = ctx;
        this.config = config;
        this.deletions = deletions;
        this.bugs = bugs;
    }

    /** Partitions of a topic being deleted keep their state: nothing is elected for a topic on its way out. */
    PartitionStateWriter.Decider unlessDeleting(PartitionStateWriter.Decider decider) {
        return (tp, replicas, current) -> deletions.isDeleting(tp.topic()) ? PartitionStateChange.noChange()
                : decider.decide(tp, replicas, current);
    }

    /**
     * {@link PartitionLeaderElector#reconcile} against the live brokers as of now (the view is
     * taken here, not when a partition is decided), each topic's unclean setting read once.
     */
    PartitionStateWriter.Decider reconcile() {
        ClusterView view = ctx.view();
        Map<String, Boolean> unclean = new HashMap<>();
        return unlessDeleting((tp, replicas, current) -> {
            if (bugs.has(PlantedBug.LEADER_FROM_OUTSIDE_ISR) && current != null && (!current.hasLeader() || !view.isLive(current.leader()))) {
                Optional<Integer> outsider = replicas.stream().filter(view::isLive)
                        .filter(r -> !current.isr().contains(r)).findFirst();
                if (outsider.isPresent()) { // PLANTED BUG: ignores the ISR
                    List<Integer> liveIsr = current.isr().stream().filter(view::isLive).toList();
                    return new PartitionStateChange(PartitionStateChange.Kind.LEADER_ELECTED,
                            current.withNewLeader(outsider.get(), liveIsr, view.controllerEpoch()));
                }
            }
            return PartitionLeaderElector.reconcile(replicas, current, view,
                    unclean.computeIfAbsent(tp.topic(), this::uncleanEnabled));
        });
    }

    /** The topic's {@code unclean.leader.election.enable} override, else the broker default: one resolver for all. */
    private boolean uncleanEnabled(String topic) {
        return config.uncleanLeaderElectionEnable(topic, ctx::topicConfig);
    }
}
