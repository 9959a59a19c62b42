package io.replog.config;

/**
 * Declares the broker-level defaults of the log's topic-level keys, and the retention check
 * interval, each exactly once: {@link BrokerConfig} publishes these very objects as its
 * constants and {@link BrokerConfig#LOG_CONFIG_DEF}. A default that maps onto one topic-level
 * key inherits that key's type, default and validator, so a broker never accepts a default a
 * topic would refuse; how the keys combine into topic-level values is {@link TopicDefaults}'.
 */
final class LogDefaultKeys {

    static final long HOUR_MS = 60L * 60 * 1000;

    static final ConfigKey<Integer> LOG_SEGMENT_BYTES = brokerDefault("log.segment.bytes",
            LogConfig.SEGMENT_BYTES);
    static final ConfigKey<Long> LOG_ROLL_MS = ConfigKey.optional("log.roll.ms", ConfigType.LONG,
            LogConfig.SEGMENT_MS.validator(),
            "Default of segment.ms for topics without an override. Unset: log.roll.hours.");
    static final ConfigKey<Integer> LOG_ROLL_HOURS = ConfigKey.of("log.roll.hours", ConfigType.INT,
            (int) (LogConfig.SEGMENT_MS.defaultValue() / HOUR_MS), Validator.atLeast(1),
            "Default of segment.ms, in hours, when log.roll.ms is unset.");
    static final ConfigKey<Integer> LOG_INDEX_SIZE_MAX_BYTES = brokerDefault("log.index.size.max.bytes",
            LogConfig.SEGMENT_INDEX_BYTES);
    static final ConfigKey<Integer> LOG_INDEX_INTERVAL_BYTES = brokerDefault("log.index.interval.bytes",
            LogConfig.INDEX_INTERVAL_BYTES);
    static final ConfigKey<Long> LOG_RETENTION_MS = ConfigKey.optional("log.retention.ms", ConfigType.LONG,
            LogConfig.RETENTION_MS.validator(),
            "Default of retention.ms for topics without an override; -1 keeps segments forever. Unset: "
                    + "log.retention.minutes.");
    static final ConfigKey<Integer> LOG_RETENTION_MINUTES = ConfigKey.optional("log.retention.minutes",
            ConfigType.INT, Validator.unlimitedOrAtLeast(0),
            "Default of retention.ms, in minutes, when log.retention.ms is unset. Unset: log.retention.hours.");
    static final ConfigKey<Integer> LOG_RETENTION_HOURS = ConfigKey.of("log.retention.hours",
            ConfigType.INT, (int) (LogConfig.RETENTION_MS.defaultValue() / HOUR_MS),
            Validator.unlimitedOrAtLeast(0),
            "Default of retention.ms, in hours, when log.retention.ms and log.retention.minutes are unset.");
    static final ConfigKey<Long> LOG_RETENTION_BYTES = brokerDefault("log.retention.bytes",
            LogConfig.RETENTION_BYTES);
    static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MESSAGES = brokerDefault("log.flush.interval.messages",
            LogConfig.FLUSH_MESSAGES);
    static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MS = brokerDefault("log.flush.interval.ms",
            LogConfig.FLUSH_MS);
    static final ConfigKey<Integer> MESSAGE_MAX_BYTES = brokerDefault("message.max.bytes",
            LogConfig.MAX_MESSAGE_BYTES);
    static final ConfigKey<String> LOG_MESSAGE_TIMESTAMP_TYPE = brokerDefault("log.message.timestamp.type",
            LogConfig.MESSAGE_TIMESTAMP_TYPE);
    static final ConfigKey<Long> LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = brokerDefault(
            "log.message.timestamp.after.max.ms", LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    static final ConfigKey<Long> LOG_RETENTION_CHECK_INTERVAL_MS = ConfigKey.of(
            "log.retention.check.interval.ms", ConfigType.LONG, 300_000L, Validator.atLeast(1),
            "How often the broker applies retention to its logs and runs time-based flushes.");

    static final ConfigDef CONFIG_DEF = ConfigDef.of(LOG_SEGMENT_BYTES, LOG_ROLL_MS, LOG_ROLL_HOURS,
            LOG_INDEX_SIZE_MAX_BYTES, LOG_INDEX_INTERVAL_BYTES, LOG_RETENTION_MS, LOG_RETENTION_MINUTES,
            LOG_RETENTION_HOURS, LOG_RETENTION_BYTES, LOG_FLUSH_INTERVAL_MESSAGES, LOG_FLUSH_INTERVAL_MS,
            MESSAGE_MAX_BYTES, LOG_MESSAGE_TIMESTAMP_TYPE, LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS,
            LOG_RETENTION_CHECK_INTERVAL_MS);

    private LogDefaultKeys() {
    }

    /** A broker key whose value is the default of {@code topicKey}: same type, default and rule. */
    private static <T> ConfigKey<T> brokerDefault(String name, ConfigKey<T> topicKey) {
        return ConfigKey.of(name, topicKey.type(), topicKey.defaultValue(), topicKey.validator(),
                "Default of " + topicKey.name() + " for topics without an override. " + topicKey.doc());
    }
}
