package io.replog.client;

import io.replog.config.ConfigKey;
import io.replog.config.ConfigType;
import io.replog.config.ConfigValues;
import io.replog.config.Validator;
import io.replog.errors.InvalidConfigException;
import io.replog.record.Compression;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Declares, once, the keys the producer, the consumer and the admin client share
 * ({@code bootstrap.servers}, {@code client.id}, {@code request.timeout.ms}; the three configs
 * publish these very objects as their constants), the value types of the client-only enumerations,
 * and the parsing steps the three configs share.
 */
final class ClientKeys {

    static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ConfigKey.required(BootstrapServers.KEY,
            ConfigType.LIST, BootstrapServers.validator(),
            "The brokers a client first contacts to learn the cluster, as a comma-separated list of "
                    + BootstrapServers.FORM + "; one reachable entry suffices.");
    static final ConfigKey<String> CLIENT_ID = ConfigKey.of("client.id", ConfigType.STRING, "", Validator.any(),
            "A name for the client, sent with every request so broker logs can tell clients apart.");
    static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ConfigKey.of("request.timeout.ms", ConfigType.INT, 30_000,
            Validator.atLeast(0),
            "How long a client waits for the answer to one request before it fails the request (and may retry).");

    static final ConfigKey<Long> RETRY_BACKOFF_MS = ConfigKey.of("retry.backoff.ms", ConfigType.LONG, 100L,
            Validator.atLeast(0), "How long a client waits before trying again after a retriable error (a leader "
                    + "change, a lost connection, a request timeout): the producer before resending a batch, the "
                    + "consumer before fetching a partition again, the admin client before repeating a call; also "
                    + "the least time between two metadata refreshes.");
    static final ConfigKey<Integer> DEFAULT_API_TIMEOUT_MS = ConfigKey.of("default.api.timeout.ms",
            ConfigType.INT, 60_000, Validator.atLeast(0), "How long a blocking call may take, retries included, "
                    + "before it fails with a timeout: every admin call (whose limit must be at least "
                    + "request.timeout.ms) and the consumer's position. The producer does not read it.");

    /** {@code acks}: 0, 1, all or -1, any case; also an {@link Acks} or a number. */
    static final ConfigType<Acks> ACKS_TYPE = new ConfigType<>() {
        @Override
        public String description() {
            return Acks.ALLOWED;
        }

        @Override
        public Acks parse(String key, Object raw) {
            if (raw instanceof Acks a) {
                return a;
            }
            if (raw instanceof Number || raw instanceof String) {
                return Acks.parse(raw.toString());
            }
            throw ConfigType.invalid(key, raw, this);
        }
    };

    /** {@code auto.offset.reset}: earliest, latest or none, any case; also an {@link OffsetResetStrategy}. */
    static final ConfigType<OffsetResetStrategy> OFFSET_RESET_TYPE = new ConfigType<>() {
        @Override
        public String description() {
            return OffsetResetStrategy.ALLOWED;
        }

        @Override
        public OffsetResetStrategy parse(String key, Object raw) {
            if (raw instanceof OffsetResetStrategy s) {
                return s;
            }
            if (raw instanceof String s) {
                return OffsetResetStrategy.parse(s);
            }
            throw ConfigType.invalid(key, raw, this);
        }
    };

    private ClientKeys() {
    }

    /**
     * {@code compression.type}: Kafka's codec names, of which replog writes only {@code none};
     * the others are refused with a message saying they are Kafka codecs replog lacks, so a
     * configuration copied from Kafka fails precisely rather than as an unknown word.
     */
    static Validator<String> compressionValidator() {
        List<String> kafkaCodecs = Arrays.stream(Compression.values()).map(Compression::codecName).toList();
        return new Validator<>() {
            @Override
            public String describe() {
                return "none (replog does not compress yet; Kafka's " + kafkaCodecs.subList(1, kafkaCodecs.size())
                        + " are refused)";
            }

            @Override
            public boolean test(String value) {
                return Compression.NONE.codecName().equals(value);
            }

            @Override
            public void ensureValid(String key, String value) {
                if (test(value)) {
                    return;
                }
                if (kafkaCodecs.contains(value)) {
                    throw new InvalidConfigException("Invalid value '" + value + "' for configuration '" + key
                            + "': compression codec " + value + " is not supported by replog yet; only none is");
                }
                throw new InvalidConfigException("Invalid value '" + value + "' for configuration '" + key
                        + "': must be none; Kafka's codecs are " + kafkaCodecs + " and replog supports only none");
            }
        };
    }

    /** The entries of {@code props} as a map, keys and values as strings. */
    static Map<String, Object> toMap(Properties props) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return map;
    }

    /** The parsed values of the keys that were given, in declaration order: what a builder copies. */
    static Map<String, Object> given(ConfigValues values, Set<String> givenNames) {
        return values.asMap().entrySet().stream().filter(e -> givenNames.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }
}
