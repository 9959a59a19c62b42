package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;

import java.util.Objects;

/**
 * What a decider wants for one partition's state: a first state, a leader change (clean or
 * unclean), an offline transition, an ISR shrink with the leader kept, or nothing, and then the
 * state to write ({@code null} when nothing is to be written). Only some kinds are elections,
 * hence the name. A proposed state names the {@link LeaderAndIsr#partitionEpoch()} it was
 * derived from, so the coordinator write is conditional on nobody having changed the partition
 * since. Guarantees: a kind that writes always carries a state, one that does not never does.
 *
 * @param kind     what the decision was
 * @param proposed the state to write, or {@code null}
 */
public record PartitionStateChange(Kind kind, LeaderAndIsr proposed) {

    /** What a decision did. */
    public enum Kind {
        /** A new partition got its first state (leader = first live replica, ISR = live replicas). */
        INITIALIZED(true),
        /** A clean leader change: the new leader was in the ISR. */
        LEADER_ELECTED(true),
        /** The new leader was not in the ISR: committed records it lacks are lost. */
        UNCLEAN_LEADER_ELECTED(true),
        /** No eligible leader: the partition is now offline (leader -1), the ISR kept for its return. */
        WENT_OFFLINE(true),
        /** The leader stays; dead or departing replicas left the ISR. */
        ISR_SHRUNK(true),
        /** The state is already what this decision wants. */
        NO_CHANGE(false),
        /** A change was wanted but no replica may take the leadership. */
        NO_ELIGIBLE_LEADER(false);

        private final boolean writes;

        Kind(boolean writes) {
            this.writes = writes;
        }

        /** Whether this kind carries a state to write. */
        public boolean writes() {
            return writes;
        }
    }

    public PartitionStateChange {
        Objects.requireNonNull(kind, "kind");
        if (kind.writes() != (proposed != null)) {
            throw new IllegalArgumentException(kind + (kind.writes() ? " needs" : " cannot have") + " a proposed state");
        }
    }

    static PartitionStateChange noChange() {
        return new PartitionStateChange(Kind.NO_CHANGE, null);
    }

    static PartitionStateChange noEligibleLeader() {
        return new PartitionStateChange(Kind.NO_ELIGIBLE_LEADER, null);
    }

    /** Whether there is a state to write. */
    public boolean changes() {
        return proposed != null;
    }
}
