package io.replog.client;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigType;
import io.replog.config.ConfigValues;
import io.replog.config.Validator;
import io.replog.errors.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * An admin client's validated configuration, under Kafka's property names and with Kafka's
 * defaults. The keys every client shares ({@code bootstrap.servers}, {@code client.id},
 * {@code request.timeout.ms}) are the same objects as in {@link ProducerConfig} and
 * {@link ConsumerConfig}.
 *
 * <p>What an instance guarantees: every key is declared, every value has the declared type and is
 * allowed, {@code bootstrap.servers} is present and well formed, and Kafka's cross-key rule holds:
 * {@code default.api.timeout.ms >= request.timeout.ms}, so a call always gives its first request
 * its full time. As in Kafka, a {@code default.api.timeout.ms} given explicitly below
 * {@code request.timeout.ms} is refused, while the default is raised to it (with a warning).
 * Anything else fails with an {@link InvalidConfigException} naming the key, the value and what is
 * allowed. Immutable.
 */
public final class AdminConfig extends ClientConfigBase {
    private static final Logger LOG = LoggerFactory.getLogger(AdminConfig.class);

    public static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ClientKeys.BOOTSTRAP_SERVERS;
    public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ClientKeys.REQUEST_TIMEOUT_MS;
    public static final ConfigKey<Integer> DEFAULT_API_TIMEOUT_MS = ClientKeys.DEFAULT_API_TIMEOUT_MS;
    public static final ConfigKey<Long> RETRY_BACKOFF_MS = ClientKeys.RETRY_BACKOFF_MS;
    public static final ConfigKey<String> CLIENT_ID = ClientKeys.CLIENT_ID;

    /** Every key of an admin client. */
    public static final ConfigDef CONFIG_DEF = ConfigDef.of(BOOTSTRAP_SERVERS, REQUEST_TIMEOUT_MS,
            DEFAULT_API_TIMEOUT_MS, RETRY_BACKOFF_MS, CLIENT_ID);

    private final int defaultApiTimeoutMs;

    private AdminConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        this.defaultApiTimeoutMs = apiTimeout(values, given().containsKey(DEFAULT_API_TIMEOUT_MS.name()));
    }

    private static int apiTimeout(ConfigValues values, boolean explicit) {
        int api = values.get(DEFAULT_API_TIMEOUT_MS);
        int request = values.get(REQUEST_TIMEOUT_MS);
        if (api >= request) {
            return api;
        }
        if (explicit) {
            throw new InvalidConfigException("Invalid value '" + api + "' for configuration '"
                    + DEFAULT_API_TIMEOUT_MS.name() + "': must be at least " + REQUEST_TIMEOUT_MS.name() + " ("
                    + request + "), or a call could time out before its first request had its full time");
        }
        LOG.warn("{} is not set and its default {} is below {}; using {} ms", DEFAULT_API_TIMEOUT_MS.name(), api,
                REQUEST_TIMEOUT_MS.name(), request);
        return request;
    }

    /** Parses Kafka-style properties (strings or typed values). */
    public static AdminConfig parse(Map<String, ?> props) {
        return new AdminConfig(props);
    }

    /** Parses a {@link Properties} object. */
    public static AdminConfig parse(Properties props) {
        return new AdminConfig(ClientKeys.toMap(props));
    }

    /** A builder with nothing set; {@link Builder#build()} validates as {@link #parse(Map)} does. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from the keys this configuration was given (defaults stay defaults). */
    public Builder toBuilder() {
        return new Builder(given());
    }

    /** The API timeout in force: the value given, or the default raised to request.timeout.ms. */
    public long retryBackoffMs() {
        return values.get(RETRY_BACKOFF_MS);
    }

    public int defaultApiTimeoutMs() {
        return defaultApiTimeoutMs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdminConfig other && values.asMap().equals(other.values.asMap())
                && defaultApiTimeoutMs == other.defaultApiTimeoutMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(values.asMap(), defaultApiTimeoutMs);
    }

    @Override
    public String toString() {
        return "AdminConfig" + values;
    }

    /**
     * Sets values through typed setters or by Kafka name; {@link #build()} parses them exactly as
     * {@link AdminConfig#parse(Map)} parses properties, so both routes accept and refuse the same.
     */
    public static final class Builder extends ClientConfigBuilder<Builder, AdminConfig> {
        private Builder(Map<String, Object> initial) {
            super(initial);
        }

        public Builder retryBackoffMs(long ms) {
            return set(RETRY_BACKOFF_MS, ms);
        }

        public Builder defaultApiTimeoutMs(int ms) {
            return set(DEFAULT_API_TIMEOUT_MS, ms);
        }

        @Override
        public AdminConfig build() {
            return parse(props());
        }
    }
}
