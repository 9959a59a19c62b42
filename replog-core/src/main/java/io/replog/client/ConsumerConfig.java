package io.replog.client;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigType;
import io.replog.config.Validator;
import io.replog.errors.InvalidConfigException;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A consumer's validated configuration, under Kafka's property names and with Kafka's defaults.
 * Each key is declared once; the keys every client shares ({@code bootstrap.servers},
 * {@code client.id}, {@code request.timeout.ms}) are the same objects as in {@link ProducerConfig}
 * and {@link AdminConfig}.
 *
 * <p>What an instance guarantees: it was built from a property map (or {@link Properties}, or the
 * typed {@link Builder}, which goes through the same parsing) in which every key is declared,
 * every value has the declared type and is allowed, and {@code bootstrap.servers} is present and
 * well formed; anything else fails with an {@link InvalidConfigException} naming the key, the value
 * and what is allowed (an unknown key: with the list of known keys). Kafka has no cross-key rule
 * among these keys and neither does replog: {@code fetch.max.bytes} and
 * {@code max.partition.fetch.bytes} are soft limits that a single larger batch may exceed so that
 * a consumer always makes progress. Immutable.
 *
 * <p>Where replog differs from Kafka: there are no consumer groups yet (so no {@code group.id} and
 * no committed offsets); partitions are assigned explicitly. {@code auto.offset.reset} refuses
 * Kafka's {@code by_duration:} form.
 */
public final class ConsumerConfig extends ClientConfigBase {

    public static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ClientKeys.BOOTSTRAP_SERVERS;
    public static final ConfigKey<Integer> FETCH_MIN_BYTES = ConfigKey.of("fetch.min.bytes", ConfigType.INT, 1,
            Validator.atLeast(0), "The bytes a fetch waits for (up to fetch.max.wait.ms) before the broker answers.");
    public static final ConfigKey<Integer> FETCH_MAX_WAIT_MS = ConfigKey.of("fetch.max.wait.ms", ConfigType.INT,
            500, Validator.atLeast(0), "How long the broker holds a fetch that has less than fetch.min.bytes.");
    public static final ConfigKey<Integer> MAX_PARTITION_FETCH_BYTES = ConfigKey.of("max.partition.fetch.bytes",
            ConfigType.INT, 1_048_576, Validator.atLeast(0), "The bytes one fetch returns per partition at most, "
                    + "unless the first batch is larger (then that batch alone, so the consumer progresses).");
    public static final ConfigKey<Integer> FETCH_MAX_BYTES = ConfigKey.of("fetch.max.bytes", ConfigType.INT,
            52_428_800, Validator.atLeast(0), "The bytes one fetch returns over all partitions at most, unless "
                    + "the first batch is larger.");
    public static final ConfigKey<Integer> MAX_POLL_RECORDS = ConfigKey.of("max.poll.records", ConfigType.INT, 500,
            Validator.atLeast(1), "The records one poll returns at most.");
    public static final ConfigKey<OffsetResetStrategy> AUTO_OFFSET_RESET = ConfigKey.of("auto.offset.reset",
            ClientKeys.OFFSET_RESET_TYPE, OffsetResetStrategy.LATEST, Validator.any(),
            "Where to start a partition without a position, or whose position is out of range: earliest, "
                    + "latest, or none (fail the poll).");
    public static final ConfigKey<Long> RETRY_BACKOFF_MS = ClientKeys.RETRY_BACKOFF_MS;
    public static final ConfigKey<Integer> DEFAULT_API_TIMEOUT_MS = ClientKeys.DEFAULT_API_TIMEOUT_MS;
    public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ClientKeys.REQUEST_TIMEOUT_MS;
    public static final ConfigKey<String> CLIENT_ID = ClientKeys.CLIENT_ID;

    /** Every key of a consumer. */
    public static final ConfigDef CONFIG_DEF = ConfigDef.of(BOOTSTRAP_SERVERS, FETCH_MIN_BYTES, FETCH_MAX_WAIT_MS,
            MAX_PARTITION_FETCH_BYTES, FETCH_MAX_BYTES, MAX_POLL_RECORDS, AUTO_OFFSET_RESET, RETRY_BACKOFF_MS,
            DEFAULT_API_TIMEOUT_MS, REQUEST_TIMEOUT_MS, CLIENT_ID);

    private ConsumerConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
    }

    /** Parses Kafka-style properties (strings or typed values). */
    public static ConsumerConfig parse(Map<String, ?> props) {
        return new ConsumerConfig(props);
    }

    /** Parses a {@link Properties} object, e.g. a Kafka {@code consumer.properties}. */
    public static ConsumerConfig parse(Properties props) {
        return new ConsumerConfig(ClientKeys.toMap(props));
    }

    /** A builder with nothing set; {@link Builder#build()} validates as {@link #parse(Map)} does. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from the keys this configuration was given (defaults stay defaults). */
    public Builder toBuilder() {
        return new Builder(given());
    }

    public int fetchMinBytes() {
        return values.get(FETCH_MIN_BYTES);
    }

    public int fetchMaxWaitMs() {
        return values.get(FETCH_MAX_WAIT_MS);
    }

    public int maxPartitionFetchBytes() {
        return values.get(MAX_PARTITION_FETCH_BYTES);
    }

    public int fetchMaxBytes() {
        return values.get(FETCH_MAX_BYTES);
    }

    public int maxPollRecords() {
        return values.get(MAX_POLL_RECORDS);
    }

    public OffsetResetStrategy autoOffsetReset() {
        return values.get(AUTO_OFFSET_RESET);
    }

    public long retryBackoffMs() {
        return values.get(RETRY_BACKOFF_MS);
    }

    public int defaultApiTimeoutMs() {
        return values.get(DEFAULT_API_TIMEOUT_MS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsumerConfig other && values.asMap().equals(other.values.asMap());
    }

    @Override
    public int hashCode() {
        return values.asMap().hashCode();
    }

    @Override
    public String toString() {
        return "ConsumerConfig" + values;
    }

    /**
     * Sets values through typed setters or by Kafka name; {@link #build()} parses them exactly as
     * {@link ConsumerConfig#parse(Map)} parses properties, so both routes accept and refuse the same.
     */
    public static final class Builder extends ClientConfigBuilder<Builder, ConsumerConfig> {
        private Builder(Map<String, Object> initial) {
            super(initial);
        }

        public Builder fetchMinBytes(int bytes) {
            return set(FETCH_MIN_BYTES, bytes);
        }

        public Builder fetchMaxWaitMs(int ms) {
            return set(FETCH_MAX_WAIT_MS, ms);
        }

        public Builder maxPartitionFetchBytes(int bytes) {
            return set(MAX_PARTITION_FETCH_BYTES, bytes);
        }

        public Builder fetchMaxBytes(int bytes) {
            return set(FETCH_MAX_BYTES, bytes);
        }

        public Builder maxPollRecords(int records) {
            return set(MAX_POLL_RECORDS, records);
        }

        public Builder autoOffsetReset(OffsetResetStrategy strategy) {
            return set(AUTO_OFFSET_RESET, strategy);
        }

        public Builder retryBackoffMs(long ms) {
            return set(RETRY_BACKOFF_MS, ms);
        }

        public Builder defaultApiTimeoutMs(int ms) {
            return set(DEFAULT_API_TIMEOUT_MS, ms);
        }

        @Override
        public ConsumerConfig build() {
            return parse(props());
        }
    }
}
