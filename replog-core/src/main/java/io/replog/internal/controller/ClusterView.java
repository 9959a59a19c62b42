package io.replog.internal.controller;

import java.util.Set;

/**
 * What an election needs to know about the cluster at the moment it decides: which brokers
 * are alive, which of those are shutting down (alive, but they should lead nothing new), and
 * the epoch of the controller making the decision (stamped into every state it writes).
 *
 * @param live            registered brokers, shutting-down ones included
 * @param shuttingDown    live brokers in controlled shutdown
 * @param controllerEpoch the deciding controller's epoch
 */
public record ClusterView(Set<Integer> live, Set<Integer> shuttingDown, int controllerEpoch) {
    public ClusterView {
        live = Set.copyOf(live);
        shuttingDown = Set.copyOf(shuttingDown);
    }

    /** A view with no broker shutting down. */
    public static ClusterView of(Set<Integer> live, int controllerEpoch) {
        return new ClusterView(live, Set.of(), controllerEpoch);
    }

    /** Whether {@code broker} is registered. */
    public boolean isLive(int broker) {
        return live.contains(broker);
    }

    /** Whether {@code broker} may be given a new leadership: live and not shutting down. */
    public boolean isEligible(int broker) {
        return live.contains(broker) && !shuttingDown.contains(broker);
    }
}
