package io.replog.coordinator;

/**
 * The outcome of one conditional partition-state write.
 *
 * @param applied whether the write took effect
 * @param state   on success the stored state with its new {@code partitionEpoch}; on a
 *                version conflict the state some other writer stored, or {@code null} if
 *                the partition has no state at all
 */
public record StateUpdate(boolean applied, LeaderAndIsr state) {
    public static StateUpdate applied(LeaderAndIsr stored) {
        return new StateUpdate(true, stored);
    }

    public static StateUpdate conflict(LeaderAndIsr current) {
        return new StateUpdate(false, current);
    }
}
