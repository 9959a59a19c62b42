package io.replog.coordinator;

import java.util.List;

/**
 * The replicated state of one partition, as stored by the coordinator (Kafka's
 * {@code /brokers/topics/<t>/partitions/<p>/state}).
 *
 * @param leader          the leader's broker id, or {@link #NO_LEADER} when the partition is offline
 * @param leaderEpoch     bumped by every leader election; fences requests from older leaders
 * @param isr             the in-sync replicas, leader included when there is one
 * @param controllerEpoch the epoch of the controller that last elected a leader here
 * @param partitionEpoch  the stored version of this state; every conditional update names the
 *                        version it read, and fails if another writer got there first.
 *                        {@link #NEW_PARTITION} before the state was ever written
 */
public record LeaderAndIsr(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch, int partitionEpoch) {
    public static final int NO_LEADER = -1;
    public static final int NEW_PARTITION = -1;

    public LeaderAndIsr {
        isr = List.copyOf(isr);
    }

    /** Whether the partition has a leader. */
    public boolean hasLeader() {
        return leader != NO_LEADER;
    }

    /** The same state with another ISR, as a leader proposes it (leader epoch unchanged). */
    public LeaderAndIsr withIsr(List<Integer> newIsr) {
        return new LeaderAndIsr(leader, leaderEpoch, newIsr, controllerEpoch, partitionEpoch);
    }

    /** A new leadership: leader epoch bumped, written by the controller of {@code controllerEpoch}. */
    public LeaderAndIsr withNewLeader(int newLeader, List<Integer> newIsr, int newControllerEpoch) {
        return new LeaderAndIsr(newLeader, leaderEpoch + 1, newIsr, newControllerEpoch, partitionEpoch);
    }

    /** The same state as stored under version {@code newPartitionEpoch}. */
    public LeaderAndIsr withPartitionEpoch(int newPartitionEpoch) {
        return new LeaderAndIsr(leader, leaderEpoch, isr, controllerEpoch, newPartitionEpoch);
    }
}
