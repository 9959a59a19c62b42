package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The controller's election rules as pure functions of (assignment, current state, cluster
 * view). Nothing here reads a clock, logs or performs I/O; the controller writes what these
 * propose and logs what it wrote.
 *
 * <p>Rules every function keeps:
 * <ul>
 *   <li>Candidates are tried in <em>assignment order</em>, so the preferred replica wins when it can.</li>
 *   <li>A clean leader is always taken from the current ISR, and the proposed ISR always
 *       contains the proposed leader (invariant 4 in {@code docs/guarantees.md}).</li>
 *   <li>A broker in controlled shutdown is only chosen when no other ISR member is alive.</li>
 *   <li>Every proposed change bumps the leader epoch by exactly one, carries the deciding
 *       controller's epoch, and names the partition epoch it was derived from.</li>
 *   <li>An offline partition (leader -1) keeps its last ISR, so that any of those replicas
 *       can lead again without losing committed records when it comes back.</li>
 * </ul>
 */
public final class PartitionLeaderElector {

    private PartitionLeaderElector() {
    }

    /**
     * The first state of a new partition: leader = first live replica in assignment order
     * (preferring brokers not shutting down), ISR = the live replicas. With no replica alive the
     * partition starts offline with every replica in the ISR: it is empty, so any of them may
     * lead cleanly once it registers. Leader epoch 0, partition epoch {@link LeaderAndIsr#NEW_PARTITION}.
     */
    public static PartitionStateChange initialize(List<Integer> replicas, ClusterView view) {
        requireReplicas(replicas);
        List<Integer> liveReplicas = replicas.stream().filter(view::isLive).toList();
        if (liveReplicas.isEmpty()) {
            return new PartitionStateChange(PartitionStateChange.Kind.WENT_OFFLINE, new LeaderAndIsr(LeaderAndIsr.NO_LEADER, 0, replicas,
                    view.controllerEpoch(), LeaderAndIsr.NEW_PARTITION));
        }
        int leader = first(liveReplicas, view::isEligible, liveReplicas.get(0));
        return new PartitionStateChange(PartitionStateChange.Kind.INITIALIZED, new LeaderAndIsr(leader, 0, liveReplicas,
                view.controllerEpoch(), LeaderAndIsr.NEW_PARTITION));
    }

    /**
     * Elects a leader for a partition whose leader is dead (or that has none). Does nothing if
     * the current leader is alive.
     * <ul>
     *   <li>Clean: the first replica in assignment order that is live and in the ISR; new ISR =
     *       ISR &cap; live.</li>
     *   <li>None, unclean disabled: leader -1 with the ISR unchanged (its members hold every
     *       committed record, so the first to return may lead).</li>
     *   <li>None, unclean enabled: the first live replica in assignment order, ISR = [it].</li>
     *   <li>No replica alive at all: leader -1, ISR unchanged.</li>
     * </ul>
     */
    public static PartitionStateChange electOffline(List<Integer> replicas, LeaderAndIsr current, ClusterView view,
                                        boolean uncleanEnabled) {
        requireReplicas(replicas);
        Objects.requireNonNull(current, "current");
        if (current.hasLeader() && view.isLive(current.leader())) {
            return PartitionStateChange.noChange();
        }
        List<Integer> isr = current.isr();
        List<Integer> liveIsr = isr.stream().filter(view::isLive).toList();
        int clean = first(replicas, r -> liveIsr.contains(r) && view.isEligible(r),
                first(replicas, liveIsr::contains, LeaderAndIsr.NO_LEADER));
        if (clean != LeaderAndIsr.NO_LEADER) {
            return new PartitionStateChange(PartitionStateChange.Kind.LEADER_ELECTED,
                    current.withNewLeader(clean, liveIsr, view.controllerEpoch()));
        }
        if (uncleanEnabled) {
            int unclean = first(replicas, view::isEligible, first(replicas, view::isLive, LeaderAndIsr.NO_LEADER));
            if (unclean != LeaderAndIsr.NO_LEADER) {
                return new PartitionStateChange(PartitionStateChange.Kind.UNCLEAN_LEADER_ELECTED,
                        current.withNewLeader(unclean, List.of(unclean), view.controllerEpoch()));
            }
        }
        if (!current.hasLeader()) {
            return PartitionStateChange.noEligibleLeader();
        }
        return new PartitionStateChange(PartitionStateChange.Kind.WENT_OFFLINE,
                current.withNewLeader(LeaderAndIsr.NO_LEADER, isr, view.controllerEpoch()));
    }

    /**
     * Removes {@code departed} brokers from the ISR of a partition whose leader stays. Does
     * nothing for an offline partition (its ISR is the record of who may lead again) or when
     * the leader itself departed (that needs {@link #electOffline}).
     */
    public static PartitionStateChange removeFromIsr(LeaderAndIsr current, Set<Integer> departed, ClusterView view) {
        Objects.requireNonNull(current, "current");
        if (!current.hasLeader() || departed.contains(current.leader())) {
            return PartitionStateChange.noChange();
        }
        List<Integer> newIsr = current.isr().stream().filter(r -> !departed.contains(r)).toList();
        if (newIsr.size() == current.isr().size()) {
            return PartitionStateChange.noChange();
        }
        return new PartitionStateChange(PartitionStateChange.Kind.ISR_SHRUNK,
                current.withNewLeader(current.leader(), newIsr, view.controllerEpoch()));
    }

    /**
     * Brings a partition in line with the live brokers, the decision taken on controller start,
     * broker changes and topic creation: initializes a partition with no state, elects a leader
     * if it has none alive, otherwise drops dead brokers from its ISR.
     *
     * @param current the stored state, or {@code null} for a partition never written
     */
    public static PartitionStateChange reconcile(List<Integer> replicas, LeaderAndIsr current, ClusterView view,
                                     boolean uncleanEnabled) {
        if (current == null) {
            return initialize(replicas, view);
        }
        if (!current.hasLeader() || !view.isLive(current.leader())) {
            return electOffline(replicas, current, view, uncleanEnabled);
        }
        Set<Integer> dead = Set.copyOf(current.isr().stream().filter(r -> !view.isLive(r)).toList());
        return removeFromIsr(current, dead, view);
    }

    /**
     * Moves leadership to the preferred replica (the first in assignment order) if it is
     * eligible and in the ISR. {@link PartitionStateChange.Kind#NO_CHANGE} when it already leads,
     * {@link PartitionStateChange.Kind#NO_ELIGIBLE_LEADER} when it cannot. The ISR keeps its live members.
     */
    public static PartitionStateChange electPreferred(List<Integer> replicas, LeaderAndIsr current, ClusterView view) {
        requireReplicas(replicas);
        Objects.requireNonNull(current, "current");
        int preferred = replicas.get(0);
        if (current.leader() == preferred) {
            return PartitionStateChange.noChange();
        }
        if (!view.isEligible(preferred) || !current.isr().contains(preferred)) {
            return PartitionStateChange.noEligibleLeader();
        }
        List<Integer> newIsr = current.isr().stream().filter(view::isLive).toList();
        return new PartitionStateChange(PartitionStateChange.Kind.LEADER_ELECTED,
                current.withNewLeader(preferred, newIsr, view.controllerEpoch()));
    }

    /**
     * Takes the brokers in {@link ClusterView#shuttingDown()} out of a partition before they
     * stop: if one leads, the first other replica in assignment order that is eligible and in
     * the ISR takes over (none: {@link PartitionStateChange.Kind#NO_ELIGIBLE_LEADER}, the broker keeps leading,
     * e.g. RF 1); if they only follow, they leave the ISR.
     */
    public static PartitionStateChange electForControlledShutdown(List<Integer> replicas, LeaderAndIsr current,
                                                      ClusterView view) {
        requireReplicas(replicas);
        Objects.requireNonNull(current, "current");
        if (!current.hasLeader()) {
            return PartitionStateChange.noChange();
        }
        List<Integer> remainingIsr = current.isr().stream()
                .filter(r -> !view.shuttingDown().contains(r)).toList();
        if (!view.shuttingDown().contains(current.leader())) {
            return removeFromIsr(current, view.shuttingDown(), view);
        }
        int successor = first(replicas, r -> remainingIsr.contains(r) && view.isEligible(r), LeaderAndIsr.NO_LEADER);
        if (successor == LeaderAndIsr.NO_LEADER) {
            return PartitionStateChange.noEligibleLeader();
        }
        List<Integer> newIsr = remainingIsr.stream().filter(view::isLive).toList();
        return new PartitionStateChange(PartitionStateChange.Kind.LEADER_ELECTED,
                current.withNewLeader(successor, newIsr, view.controllerEpoch()));
    }

    private static int first(List<Integer> candidates, IntPredicate test, int otherwise) {
        for (int r : candidates) {
            if (test.test(r)) {
                return r;
            }
        }
        return otherwise;
    }

    private static void requireReplicas(List<Integer> replicas) {
        if (replicas == null || replicas.isEmpty()) {
            throw new IllegalArgumentException("a partition needs at least one replica, got " + replicas);
        }
    }
}
