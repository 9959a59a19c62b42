package io.replog.config;

import io.replog.errors.InvalidConfigException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The validated, immutable settings of one partition's log, under Kafka's topic-level names
 * and with Kafka's defaults. Every instance passed {@link #CONFIG_DEF}: a bad value or an
 * unknown key never gets this far, it fails with an {@link InvalidConfigException} that names
 * the key, the value and what is allowed.
 *
 * <p>{@link #CONFIG_DEF} is public so that a broker can merge these keys with its own
 * ({@link ConfigDef#with}) and build a {@code LogConfig} from the merged values
 * ({@link #from(ConfigValues)}).
 */
public final class LogConfig {

    /**
     * The smallest {@code segment.bytes}: the size of a record batch header (61 bytes), the
     * smallest batch that can exist. Smaller values could never hold a batch; a segment always
     * accepts at least one batch whatever its size, so tiny values merely mean one batch per
     * segment.
     */
    public static final int MIN_SEGMENT_BYTES = 61;

    /** The size of one offset index entry: 4-byte relative offset, 4-byte file position. */
    public static final int INDEX_ENTRY_SIZE = 8;

    public static final ConfigKey<Integer> SEGMENT_BYTES = ConfigKey.of("segment.bytes", ConfigType.INT,
            1024 * 1024 * 1024, Validator.atLeast(MIN_SEGMENT_BYTES),
            "The size at which a new log segment is started.");
    public static final ConfigKey<Long> SEGMENT_MS = ConfigKey.of("segment.ms", ConfigType.LONG,
            7L * 24 * 60 * 60 * 1000, Validator.atLeast(1),
            "The time after a segment's first append (or, for a segment found on disk, after the log was opened) "
                    + "at which a new segment is started, even if it is not full.");
    public static final ConfigKey<Integer> SEGMENT_INDEX_BYTES = ConfigKey.of("segment.index.bytes", ConfigType.INT,
            10 * 1024 * 1024, Validator.atLeast(INDEX_ENTRY_SIZE),
            "The largest size of a segment's offset index; a full index starts a new segment.");
    public static final ConfigKey<Integer> INDEX_INTERVAL_BYTES = ConfigKey.of("index.interval.bytes",
            ConfigType.INT, 4096, Validator.atLeast(0),
            "How many bytes of log data lie between two offset index entries.");
    public static final ConfigKey<Long> RETENTION_MS = ConfigKey.of("retention.ms", ConfigType.LONG,
            7L * 24 * 60 * 60 * 1000, Validator.unlimitedOrAtLeast(0),
            "How long a segment is kept after its newest record's timestamp; -1 keeps segments forever.");
    public static final ConfigKey<Long> RETENTION_BYTES = ConfigKey.of("retention.bytes", ConfigType.LONG, -1L,
            Validator.unlimitedOrAtLeast(0),
            "The size the log may grow to before its oldest segments are deleted; -1 means no limit.");
    public static final ConfigKey<Long> FLUSH_MESSAGES = ConfigKey.of("flush.messages", ConfigType.LONG,
            Long.MAX_VALUE, Validator.atLeast(1),
            "How many appended records may wait before the log is fsynced.");
    public static final ConfigKey<Long> FLUSH_MS = ConfigKey.of("flush.ms", ConfigType.LONG, Long.MAX_VALUE,
            Validator.atLeast(0),
            "How long appended records may wait before the log is fsynced.");
    public static final ConfigKey<Integer> MAX_MESSAGE_BYTES = ConfigKey.of("max.message.bytes", ConfigType.INT,
            1024 * 1024 + 12, Validator.atLeast(0),
            "The largest record batch, in bytes including its 12-byte log overhead, the log accepts.");
    /** {@value} in {@link #MESSAGE_TIMESTAMP_TYPE}: the leader stamps each batch with its clock. */
    public static final String LOG_APPEND_TIME = "LogAppendTime";
    public static final ConfigKey<String> MESSAGE_TIMESTAMP_TYPE = ConfigKey.of("message.timestamp.type",
            ConfigType.STRING, "CreateTime", Validator.oneOf("CreateTime", LOG_APPEND_TIME),
            "Whether batches keep the producer's timestamps (CreateTime) or the leader stamps them with its clock on"
                    + " append (LogAppendTime).");
    public static final ConfigKey<Long> MESSAGE_TIMESTAMP_AFTER_MAX_MS = ConfigKey.of(
            "message.timestamp.after.max.ms", ConfigType.LONG, 60L * 60 * 1000, Validator.atLeast(0),
            "How far ahead of the leader's clock a produced batch's timestamp may be (CreateTime); a batch further"
                    + " ahead is refused, since it would hold its segment back from retention.ms.");

    /** Every key of the log, in declaration order. */
    public static final ConfigDef CONFIG_DEF = ConfigDef.of(SEGMENT_BYTES, SEGMENT_MS, SEGMENT_INDEX_BYTES,
            INDEX_INTERVAL_BYTES, RETENTION_MS, RETENTION_BYTES, FLUSH_MESSAGES, FLUSH_MS, MAX_MESSAGE_BYTES,
            MESSAGE_TIMESTAMP_TYPE, MESSAGE_TIMESTAMP_AFTER_MAX_MS);

    private static final LogConfig DEFAULTS = from(Map.of());

    private final ConfigValues values;
    private final int segmentBytes;
    private final long segmentMs;
    private final int segmentIndexBytes;
    private final int indexIntervalBytes;
    private final long retentionMs;
    private final long retentionBytes;
    private final long flushMessages;
    private final long flushMs;
    private final int maxMessageBytes;
    private final boolean logAppendTime;
    private final long timestampAfterMaxMs;

    private LogConfig(ConfigValues values) {
        this.values = values;
        this.segmentBytes = values.get(SEGMENT_BYTES);
        this.segmentMs = values.get(SEGMENT_MS);
        this.segmentIndexBytes = values.get(SEGMENT_INDEX_BYTES);
        this.indexIntervalBytes = values.get(INDEX_INTERVAL_BYTES);
        this.retentionMs = values.get(RETENTION_MS);
        this.retentionBytes = values.get(RETENTION_BYTES);
        this.flushMessages = values.get(FLUSH_MESSAGES);
        this.flushMs = values.get(FLUSH_MS);
        this.maxMessageBytes = values.get(MAX_MESSAGE_BYTES);
        this.logAppendTime = LOG_APPEND_TIME.equals(values.get(MESSAGE_TIMESTAMP_TYPE));
        this.timestampAfterMaxMs = values.get(MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    }

    /** Parses {@code props} (strings or typed values); absent keys take their defaults. */
    public static LogConfig from(Map<String, ?> props) {
        return new LogConfig(CONFIG_DEF.parse(props));
    }

    /**
     * Builds a config from values parsed by {@link #CONFIG_DEF} or by a definition that merged
     * it, so a broker can validate topic overrides together with its own keys.
     */
    public static LogConfig from(ConfigValues values) {
        return new LogConfig(Objects.requireNonNull(values, "values"));
    }

    /** Every key at its default. */
    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder(values.asMap());
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public long segmentMs() {
        return segmentMs;
    }

    public int segmentIndexBytes() {
        return segmentIndexBytes;
    }

    /** How many entries an offset index holds at most: {@code segment.index.bytes / 8}. */
    public int maxIndexEntries() {
        return segmentIndexBytes / INDEX_ENTRY_SIZE;
    }

    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    /** {@code -1} for no time limit. */
    public long retentionMs() {
        return retentionMs;
    }

    /** {@code -1} for no size limit. */
    public long retentionBytes() {
        return retentionBytes;
    }

    public long flushMessages() {
        return flushMessages;
    }

    public long flushMs() {
        return flushMs;
    }

    /** Whether the leader stamps batches with its clock ({@code message.timestamp.type=LogAppendTime}). */
    public boolean logAppendTime() {
        return logAppendTime;
    }

    public long timestampAfterMaxMs() {
        return timestampAfterMaxMs;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Every value by key name, in declaration order. */
    public Map<String, Object> asMap() {
        return values.asMap();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogConfig other && values.asMap().equals(other.values.asMap());
    }

    @Override
    public int hashCode() {
        return values.asMap().hashCode();
    }

    @Override
    public String toString() {
        return "LogConfig" + values;
    }

    /**
     * Sets values by name or through typed setters; {@link #build()} validates them all through
     * {@link #CONFIG_DEF}, so a builder cannot produce a config that {@link #from(Map)} would refuse.
     */
    public static final class Builder {
        private final Map<String, Object> props;

        private Builder(Map<String, Object> initial) {
            this.props = new LinkedHashMap<>(initial);
        }

        /** Sets any key by its Kafka name; checked by {@link #build()}. */
        public Builder set(String name, Object value) {
            props.put(name, value);
            return this;
        }

        public Builder segmentBytes(int v) {
            return set(SEGMENT_BYTES.name(), v);
        }

        public Builder segmentMs(long v) {
            return set(SEGMENT_MS.name(), v);
        }

        public Builder segmentIndexBytes(int v) {
            return set(SEGMENT_INDEX_BYTES.name(), v);
        }

        public Builder indexIntervalBytes(int v) {
            return set(INDEX_INTERVAL_BYTES.name(), v);
        }

        public Builder retentionMs(long v) {
            return set(RETENTION_MS.name(), v);
        }

        public Builder retentionBytes(long v) {
            return set(RETENTION_BYTES.name(), v);
        }

        public Builder flushMessages(long v) {
            return set(FLUSH_MESSAGES.name(), v);
        }

        public Builder flushMs(long v) {
            return set(FLUSH_MS.name(), v);
        }

        public Builder maxMessageBytes(int v) {
            return set(MAX_MESSAGE_BYTES.name(), v);
        }

        public LogConfig build() {
            return from(props);
        }
    }
}
