package io.replog.internal.replica;

import io.replog.config.TopicConfig;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigValues;
import io.replog.errors.InvalidConfigException;
import io.replog.config.LogConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one topic, typed: the broker's defaults with the topic's overrides applied.
 * This is the one place where a topic's overrides ({@link TopicConfig}'s keys, Kafka's
 * topic-level names) are resolved against the defaults, for the broker (creating a topic, taking
 * up a partition) and for the controller (the unclean election decision) alike.
 *
 * @param log                    the log settings
 * @param replication            the replication settings ({@code replica.lag.time.max.ms} is broker-wide)
 * @param uncleanLeaderElection  whether an out-of-sync replica may be elected when no ISR member lives
 */
public record TopicSettings(LogConfig log, ReplicationSettings replication, boolean uncleanLeaderElection) {

    private static final TopicSettings DEFAULTS = new TopicSettings(LogConfig.defaults(),
            ReplicationSettings.DEFAULT, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE.defaultValue());

    public TopicSettings {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(replication, "replication");
    }

    /** Every topic-level key at its declared default (Kafka's). */
    public static TopicSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Applies {@code overrides} (topic-level key names and values) to {@code defaults}. Unknown
     * keys and bad values are refused with an {@link InvalidConfigException} naming the key, the
     * value and what is allowed.
     */
    public static TopicSettings resolve(TopicSettings defaults, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return defaults;
        }
        Map<String, Object> merged = defaults.asMap();
        merged.putAll(overrides);
        ConfigValues values = TopicConfig.CONFIG_DEF.parse(merged);
        Map<String, Object> logOnly = new LinkedHashMap<>();
        for (ConfigKey<?> key : LogConfig.CONFIG_DEF.keys()) {
            logOnly.put(key.name(), values.asMap().get(key.name()));
        }
        return new TopicSettings(LogConfig.from(logOnly),
                new ReplicationSettings(values.get(TopicConfig.MIN_INSYNC_REPLICAS),
                        defaults.replication().replicaLagTimeMaxMs()),
                values.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE));
    }

    /**
     * The value of one topic-level {@code key} for a topic with these defaults and the given
     * overrides: its override, parsed and validated, if it has one, else this default. Only
     * {@code key} is read, so keys this broker does not know cannot fail the answer.
     *
     * @throws InvalidConfigException naming the key, the value and what is allowed, if the
     *                                override is malformed
     */
    public <T> T value(ConfigKey<T> key, Map<String, String> overrides) {
        if (!TopicConfig.CONFIG_DEF.defines(key.name())) {
            throw new IllegalArgumentException("'" + key.name() + "' is not a topic-level key");
        }
        String override = overrides.get(key.name());
        if (override != null) {
            return key.parse(override);
        }
        @SuppressWarnings("unchecked")
        T value = (T) asMap().get(key.name());
        return value;
    }

    /** Every topic-level key's value by name, in {@link TopicConfig#CONFIG_DEF}'s order. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>(log.asMap());
        map.put(TopicConfig.MIN_INSYNC_REPLICAS.name(), replication.minInsyncReplicas());
        map.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE.name(), uncleanLeaderElection);
        return map;
    }

    /** These settings with unclean leader election switched on or off (tests and the simulation). */
    public TopicSettings withUncleanLeaderElection(boolean enable) {
        return new TopicSettings(log, replication, enable);
    }
}
