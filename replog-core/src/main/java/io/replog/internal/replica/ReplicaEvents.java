package io.replog.internal.replica;

import io.replog.coordinator.LeaderAndIsr;

/**
 * What the parts of a {@link ReplicaManager} report to it, each on the event loop: a partition's
 * state moved (waiting requests may be answerable), a leader has an ISR change to propose, a log
 * may have gone offline.
 */
interface ReplicaEvents {
    /** Answers the waiting produces and fetches of {@code p} that can now be answered. */
    void onHighWatermarkMaybeChanged(Partition p);

    /** The leader's log end moved: the high watermark may follow, and then the waiting requests. */
    void onLogEndChanged(Partition p);

    /** Proposes {@code proposal} to the coordinator as {@code p}'s leader. */
    void proposeIsr(Partition p, LeaderAndIsr proposal);

    /** Tells the controller, once, if {@code p}'s log is offline. */
    void reportIfOffline(Partition p);
}
