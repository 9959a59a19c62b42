package io.replog.client;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigType;
import io.replog.config.ConfigValues;
import io.replog.config.Validator;
import io.replog.errors.InvalidConfigException;
import io.replog.record.Compression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A producer's validated configuration, under Kafka's property names and with Kafka's defaults.
 * Each key is declared once, with its type, default, allowed values and meaning; the keys every
 * client shares ({@code bootstrap.servers}, {@code client.id}, {@code request.timeout.ms}) are the
 * same objects as in {@link ConsumerConfig} and {@link AdminConfig}.
 *
 * <p>What an instance guarantees: it was built from a property map (or {@link Properties}, or the
 * typed {@link Builder}, which goes through the same parsing) in which every key is declared,
 * every value has the declared type and is allowed, and {@code bootstrap.servers} is present and
 * well formed; anything else fails with an {@link InvalidConfigException} naming the key, the value
 * and what is allowed (an unknown key: with the list of known keys). Kafka's cross-key rule holds:
 * {@code delivery.timeout.ms >= linger.ms + request.timeout.ms}. As in Kafka, a
 * {@code delivery.timeout.ms} given explicitly below that sum is refused, while the default is
 * raised to the sum (with a warning), so raising {@code linger.ms} alone never breaks a
 * configuration. Immutable.
 *
 * <p>Where replog differs from Kafka: {@code compression.type} accepts only {@code none} (Kafka's
 * other codecs are refused by name); there is no {@code enable.idempotence}, and none is needed
 * for order: the producer keeps at most one batch per partition in flight, so a retried batch never
 * lands after a later one of its partition, whatever {@code max.in.flight.requests.per.connection}
 * (which bounds the requests on one connection, carrying different partitions).
 */
public final class ProducerConfig extends ClientConfigBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerConfig.class);

    public static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ClientKeys.BOOTSTRAP_SERVERS;
    public static final ConfigKey<Acks> ACKS = ConfigKey.of("acks", ClientKeys.ACKS_TYPE, Acks.ALL,
            Validator.any(), "How many replicas must have a record before a send succeeds: 0 (none, no answer "
                    + "awaited), 1 (the leader) or all (every in-sync replica, at least min.insync.replicas).");
    public static final ConfigKey<Long> LINGER_MS = ConfigKey.of("linger.ms", ConfigType.LONG, 5L,
            Validator.atLeast(0), "How long a batch waits for more records before it is sent, unless it "
                    + "fills first: a little latency for fewer, larger requests.");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.of("batch.size", ConfigType.INT, 16_384,
            Validator.atLeast(0), "The bytes of records a batch for one partition collects before it is "
                    + "sent at once; a record larger than this travels in a batch of its own.");
    public static final ConfigKey<Long> BUFFER_MEMORY = ConfigKey.of("buffer.memory", ConfigType.LONG,
            33_554_432L, Validator.atLeast(0), "The bytes of unsent and unacknowledged batches a producer "
                    + "holds; a send that needs more waits up to max.block.ms for batches to complete.");
    public static final ConfigKey<Long> MAX_BLOCK_MS = ConfigKey.of("max.block.ms", ConfigType.LONG, 60_000L,
            Validator.atLeast(0), "How long send and flush may block waiting for buffer space or metadata.");
    public static final ConfigKey<Integer> DELIVERY_TIMEOUT_MS = ConfigKey.of("delivery.timeout.ms",
            ConfigType.INT, 120_000, Validator.atLeast(0), "The upper bound on the time from send to the "
                    + "future's completion, retries included; at least linger.ms + request.timeout.ms.");
    public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ClientKeys.REQUEST_TIMEOUT_MS;
    public static final ConfigKey<Integer> RETRIES = ConfigKey.of("retries", ConfigType.INT, Integer.MAX_VALUE,
            Validator.between(0, Integer.MAX_VALUE), "How many times a batch that failed with a retriable "
                    + "error is sent again; delivery.timeout.ms bounds the retries in time.");
    public static final ConfigKey<Long> RETRY_BACKOFF_MS = ClientKeys.RETRY_BACKOFF_MS;
    public static final ConfigKey<Integer> MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = ConfigKey.of(
            "max.in.flight.requests.per.connection", ConfigType.INT, 5, Validator.atLeast(1),
            "How many produce requests may await their answer on one connection; a partition has at most one "
                    + "batch in flight whatever this says, so order holds across retries.");
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.of("compression.type", ConfigType.STRING,
            Compression.NONE.codecName(), ClientKeys.compressionValidator(),
            "The codec batches are compressed with; replog supports only none today.");
    public static final ConfigKey<String> CLIENT_ID = ClientKeys.CLIENT_ID;

    /** Every key of a producer. */
    public static final ConfigDef CONFIG_DEF = ConfigDef.of(BOOTSTRAP_SERVERS, ACKS, LINGER_MS, BATCH_SIZE,
            BUFFER_MEMORY, MAX_BLOCK_MS, DELIVERY_TIMEOUT_MS, REQUEST_TIMEOUT_MS, RETRIES, RETRY_BACKOFF_MS,
            MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, COMPRESSION_TYPE, CLIENT_ID);

    private final int deliveryTimeoutMs;

    private ProducerConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        this.deliveryTimeoutMs = deliveryTimeout(values, given().containsKey(DELIVERY_TIMEOUT_MS.name()));
    }

    private static int deliveryTimeout(ConfigValues values, boolean explicit) {
        int delivery = values.get(DELIVERY_TIMEOUT_MS);
        long linger = values.get(LINGER_MS);
        int request = values.get(REQUEST_TIMEOUT_MS);
        long needed = linger + request;
        if (delivery >= needed) {
            return delivery;
        }
        String rule = "must be at least " + LINGER_MS.name() + " + " + REQUEST_TIMEOUT_MS.name() + " (" + linger
                + " + " + request + " = " + needed + ")";
        if (explicit || needed > Integer.MAX_VALUE) {
            throw new InvalidConfigException("Invalid value '" + delivery + "' for configuration '"
                    + DELIVERY_TIMEOUT_MS.name() + "': " + rule
                    + ", or a batch could expire before its first request had its full time");
        }
        LOG.warn("{} is not set and its default {} is below {} + {}; using {} ms", DELIVERY_TIMEOUT_MS.name(),
                delivery, LINGER_MS.name(), REQUEST_TIMEOUT_MS.name(), needed);
        return (int) needed;
    }

    /** Parses Kafka-style properties (strings or typed values). */
    public static ProducerConfig parse(Map<String, ?> props) {
        return new ProducerConfig(props);
    }

    /** Parses a {@link Properties} object, e.g. a Kafka {@code producer.properties}. */
    public static ProducerConfig parse(Properties props) {
        return new ProducerConfig(ClientKeys.toMap(props));
    }

    /** A builder with nothing set; {@link Builder#build()} validates as {@link #parse(Map)} does. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from the keys this configuration was given (defaults stay defaults). */
    public Builder toBuilder() {
        return new Builder(given());
    }

    public Acks acks() {
        return values.get(ACKS);
    }

    public long lingerMs() {
        return values.get(LINGER_MS);
    }

    public int batchSize() {
        return values.get(BATCH_SIZE);
    }

    public long bufferMemory() {
        return values.get(BUFFER_MEMORY);
    }

    public long maxBlockMs() {
        return values.get(MAX_BLOCK_MS);
    }

    /** The delivery timeout in force: the value given, or the default raised to linger.ms + request.timeout.ms. */
    public int deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    public int retries() {
        return values.get(RETRIES);
    }

    public long retryBackoffMs() {
        return values.get(RETRY_BACKOFF_MS);
    }

    public int maxInFlightRequestsPerConnection() {
        return values.get(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    }

    /** The codec of {@code compression.type}; only {@link Compression#NONE} passes validation today. */
    public Compression compressionType() {
        String name = values.get(COMPRESSION_TYPE);
        for (Compression c : Compression.values()) {
            if (c.codecName().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("compression.type '" + name + "' passed validation but names no codec");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerConfig other && values.asMap().equals(other.values.asMap())
                && deliveryTimeoutMs == other.deliveryTimeoutMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(values.asMap(), deliveryTimeoutMs);
    }

    @Override
    public String toString() {
        return "ProducerConfig" + values;
    }

    /**
     * Sets values through typed setters or by Kafka name; {@link #build()} parses them exactly as
     * {@link ProducerConfig#parse(Map)} parses properties, so both routes accept and refuse the same.
     */
    public static final class Builder extends ClientConfigBuilder<Builder, ProducerConfig> {
        private Builder(Map<String, Object> initial) {
            super(initial);
        }

        public Builder acks(Acks acks) {
            return set(ACKS, acks);
        }

        public Builder lingerMs(long ms) {
            return set(LINGER_MS, ms);
        }

        public Builder batchSize(int bytes) {
            return set(BATCH_SIZE, bytes);
        }

        public Builder bufferMemory(long bytes) {
            return set(BUFFER_MEMORY, bytes);
        }

        public Builder maxBlockMs(long ms) {
            return set(MAX_BLOCK_MS, ms);
        }

        public Builder deliveryTimeoutMs(int ms) {
            return set(DELIVERY_TIMEOUT_MS, ms);
        }

        public Builder retries(int retries) {
            return set(RETRIES, retries);
        }

        public Builder retryBackoffMs(long ms) {
            return set(RETRY_BACKOFF_MS, ms);
        }

        public Builder maxInFlightRequestsPerConnection(int n) {
            return set(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, n);
        }

        /** Only {@link Compression#NONE} is accepted by {@link #build()} today. */
        public Builder compressionType(Compression compression) {
            return set(COMPRESSION_TYPE, compression.codecName());
        }

        @Override
        public ProducerConfig build() {
            return parse(props());
        }
    }
}
