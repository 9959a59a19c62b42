package io.replog.config;

/**
 * Declares the broker-wide replication keys, each exactly once: {@link BrokerConfig} publishes
 * these very objects as its constants and {@link BrokerConfig#REPLICATION_CONFIG_DEF}. The
 * per-topic replication keys are {@link TopicConfig}'s.
 */
final class ReplicationKeys {

    static final ConfigKey<Long> REPLICA_LAG_TIME_MAX_MS = ConfigKey.of("replica.lag.time.max.ms",
            ConfigType.LONG, 30_000L, Validator.atLeast(1),
            "How long a follower may go without catching up to the leader's end before the leader drops it "
                    + "from the ISR.");
    static final ConfigKey<Long> REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS = ConfigKey.of(
            "replica.high.watermark.checkpoint.interval.ms", ConfigType.LONG, 5_000L, Validator.atLeast(1),
            "How often each replica's high watermark is written to the log directory.");

    static final ConfigDef CONFIG_DEF = ConfigDef.of(REPLICA_LAG_TIME_MAX_MS,
            REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS);

    private ReplicationKeys() {
    }
}
