package io.replog.internal.replica;

/**
 * The replication settings of one partition: the broker's defaults with the topic's
 * overrides applied.
 *
 * @param minInsyncReplicas     the ISR size an acks=all write needs ({@code min.insync.replicas})
 * @param replicaLagTimeMaxMs   how long a follower may go without catching up before it leaves the
 *                              ISR ({@code replica.lag.time.max.ms})
 */
public record ReplicationConfig(int minInsyncReplicas, long replicaLagTimeMaxMs) {
    public static final ReplicationConfig DEFAULT = new ReplicationConfig(1, 10_000L);

    public ReplicationConfig {
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be >= 1, was " + minInsyncReplicas);
        }
        if (replicaLagTimeMaxMs < 1) {
            throw new IllegalArgumentException("replica.lag.time.max.ms must be >= 1, was " + replicaLagTimeMaxMs);
        }
    }
}
