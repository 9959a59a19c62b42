package io.replog.internal.replica;

import io.replog.config.BrokerConfig;
import io.replog.config.TopicConfig;

/**
 * The replication settings of one partition: the broker's defaults with the topic's
 * overrides applied.
 *
 * @param minInsyncReplicas     the ISR size an acks=all write needs ({@code min.insync.replicas})
 * @param replicaLagTimeMaxMs   how long a follower may go without catching up before it leaves the
 *                              ISR ({@code replica.lag.time.max.ms})
 */
public record ReplicationSettings(int minInsyncReplicas, long replicaLagTimeMaxMs) {
    /** The declared defaults ({@code min.insync.replicas} 1, {@code replica.lag.time.max.ms} 30000, Kafka's). */
    public static final ReplicationSettings DEFAULT = new ReplicationSettings(
            TopicConfig.MIN_INSYNC_REPLICAS.defaultValue(), BrokerConfig.REPLICA_LAG_TIME_MAX_MS.defaultValue());

    public ReplicationSettings {
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be >= 1, was " + minInsyncReplicas);
        }
        if (replicaLagTimeMaxMs < 1) {
            throw new IllegalArgumentException("replica.lag.time.max.ms must be >= 1, was " + replicaLagTimeMaxMs);
        }
    }
}
