package io.replog.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static io.replog.config.LogDefaultKeys.HOUR_MS;
import static io.replog.config.LogDefaultKeys.LOG_FLUSH_INTERVAL_MESSAGES;
import static io.replog.config.LogDefaultKeys.LOG_FLUSH_INTERVAL_MS;
import static io.replog.config.LogDefaultKeys.LOG_INDEX_INTERVAL_BYTES;
import static io.replog.config.LogDefaultKeys.LOG_INDEX_SIZE_MAX_BYTES;
import static io.replog.config.LogDefaultKeys.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS;
import static io.replog.config.LogDefaultKeys.LOG_MESSAGE_TIMESTAMP_TYPE;
import static io.replog.config.LogDefaultKeys.LOG_RETENTION_BYTES;
import static io.replog.config.LogDefaultKeys.LOG_RETENTION_HOURS;
import static io.replog.config.LogDefaultKeys.LOG_RETENTION_MINUTES;
import static io.replog.config.LogDefaultKeys.LOG_RETENTION_MS;
import static io.replog.config.LogDefaultKeys.LOG_ROLL_HOURS;
import static io.replog.config.LogDefaultKeys.LOG_ROLL_MS;
import static io.replog.config.LogDefaultKeys.LOG_SEGMENT_BYTES;
import static io.replog.config.LogDefaultKeys.MESSAGE_MAX_BYTES;

/**
 * How a broker's configuration sets the default of each topic-level key, as Kafka does. What it
 * guarantees:
 * <ul>
 *   <li>every key of {@link TopicConfig#CONFIG_DEF} has its broker keys, highest precedence
 *       first ({@link #brokerKeys}); a topic-level key without one fails this class's
 *       initialization, so a key added to {@link TopicConfig} or {@link LogConfig} cannot ship
 *       without a broker default;</li>
 *   <li>a value computed from several broker keys follows that same order: {@code segment.ms}
 *       is {@code log.roll.ms}, else {@code log.roll.hours}; {@code retention.ms} is
 *       {@code log.retention.ms}, else {@code log.retention.minutes}, else
 *       {@code log.retention.hours}, and -1 at any unit means no limit.</li>
 * </ul>
 */
final class TopicDefaults {

    /** Each topic-level key and the broker keys that set its default, highest precedence first. */
    private static final Map<String, List<String>> BROKER_KEYS = brokerKeyMap();

    private TopicDefaults() {
    }

    /**
     * The broker keys that set the default of topic-level {@code topicKey}, highest precedence first.
     *
     * @throws IllegalArgumentException if {@code topicKey} is not a topic-level key
     */
    static List<String> brokerKeys(String topicKey) {
        List<String> keys = BROKER_KEYS.get(topicKey);
        if (keys == null) {
            throw new IllegalArgumentException("'" + topicKey + "' is not a topic-level key");
        }
        return keys;
    }

    /** The log settings of a topic without overrides, from a broker's validated values. */
    static LogConfig logDefaults(ConfigValues v) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put(LogConfig.SEGMENT_BYTES.name(), v.get(LOG_SEGMENT_BYTES));
        log.put(LogConfig.SEGMENT_MS.name(), segmentMs(v));
        log.put(LogConfig.SEGMENT_INDEX_BYTES.name(), v.get(LOG_INDEX_SIZE_MAX_BYTES));
        log.put(LogConfig.INDEX_INTERVAL_BYTES.name(), v.get(LOG_INDEX_INTERVAL_BYTES));
        log.put(LogConfig.RETENTION_MS.name(), retentionMs(v));
        log.put(LogConfig.RETENTION_BYTES.name(), v.get(LOG_RETENTION_BYTES));
        log.put(LogConfig.FLUSH_MESSAGES.name(), v.get(LOG_FLUSH_INTERVAL_MESSAGES));
        log.put(LogConfig.FLUSH_MS.name(), v.get(LOG_FLUSH_INTERVAL_MS));
        log.put(LogConfig.MAX_MESSAGE_BYTES.name(), v.get(MESSAGE_MAX_BYTES));
        log.put(LogConfig.MESSAGE_TIMESTAMP_TYPE.name(), v.get(LOG_MESSAGE_TIMESTAMP_TYPE));
        log.put(LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS.name(), v.get(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS));
        return LogConfig.from(log);
    }

    /**
     * Every topic-level key's default, by topic-level name: {@code logDefaults}' values, then the
     * keys that carry the same name at both levels, read from the broker's values.
     */
    static Map<String, Object> all(LogConfig logDefaults, ConfigValues v) {
        Map<String, Object> map = new LinkedHashMap<>(logDefaults.asMap());
        map.put(TopicConfig.MIN_INSYNC_REPLICAS.name(), v.get(TopicConfig.MIN_INSYNC_REPLICAS));
        map.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE.name(), v.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE));
        return Collections.unmodifiableMap(map);
    }

    private static long segmentMs(ConfigValues v) {
        Long rollMs = v.get(LOG_ROLL_MS);
        return rollMs != null ? rollMs : v.get(LOG_ROLL_HOURS) * HOUR_MS;
    }

    private static long retentionMs(ConfigValues v) {
        Long ms = v.get(LOG_RETENTION_MS);
        if (ms != null) {
            return ms;
        }
        Integer minutes = v.get(LOG_RETENTION_MINUTES);
        if (minutes != null) {
            return minutes < 0 ? -1 : minutes * 60_000L;
        }
        int hours = v.get(LOG_RETENTION_HOURS);
        return hours < 0 ? -1 : hours * HOUR_MS;
    }

    private static Map<String, List<String>> brokerKeyMap() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(LogConfig.SEGMENT_BYTES.name(), List.of(LOG_SEGMENT_BYTES.name()));
        m.put(LogConfig.SEGMENT_MS.name(), List.of(LOG_ROLL_MS.name(), LOG_ROLL_HOURS.name()));
        m.put(LogConfig.SEGMENT_INDEX_BYTES.name(), List.of(LOG_INDEX_SIZE_MAX_BYTES.name()));
        m.put(LogConfig.INDEX_INTERVAL_BYTES.name(), List.of(LOG_INDEX_INTERVAL_BYTES.name()));
        m.put(LogConfig.RETENTION_MS.name(), List.of(LOG_RETENTION_MS.name(), LOG_RETENTION_MINUTES.name(),
                LOG_RETENTION_HOURS.name()));
        m.put(LogConfig.RETENTION_BYTES.name(), List.of(LOG_RETENTION_BYTES.name()));
        m.put(LogConfig.FLUSH_MESSAGES.name(), List.of(LOG_FLUSH_INTERVAL_MESSAGES.name()));
        m.put(LogConfig.FLUSH_MS.name(), List.of(LOG_FLUSH_INTERVAL_MS.name()));
        m.put(LogConfig.MAX_MESSAGE_BYTES.name(), List.of(MESSAGE_MAX_BYTES.name()));
        m.put(LogConfig.MESSAGE_TIMESTAMP_TYPE.name(), List.of(LOG_MESSAGE_TIMESTAMP_TYPE.name()));
        m.put(LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS.name(), List.of(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS.name()));
        m.put(TopicConfig.MIN_INSYNC_REPLICAS.name(), List.of(TopicConfig.MIN_INSYNC_REPLICAS.name()));
        m.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE.name(),
                List.of(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE.name()));
        if (!m.keySet().equals(new LinkedHashSet<>(TopicConfig.CONFIG_DEF.keys().stream()
                .map(ConfigKey::name).toList()))) {
            throw new IllegalStateException("every topic-level key needs a broker default: " + m.keySet());
        }
        return Collections.unmodifiableMap(m);
    }
}
