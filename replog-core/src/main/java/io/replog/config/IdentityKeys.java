package io.replog.config;

import io.replog.errors.InvalidConfigException;

import java.util.List;

/**
 * Declares the keys of a broker's identity, storage and listeners, each exactly once:
 * {@link BrokerConfig} publishes these very objects as its constants and
 * {@link BrokerConfig#IDENTITY_CONFIG_DEF}, so a key has one declaration and one row in the
 * configuration reference. {@code log.dirs} is refused unless it names exactly one directory, and
 * {@code listeners} accepts exactly what {@link Listeners#parse} does.
 */
final class IdentityKeys {

    static final ConfigKey<Integer> BROKER_ID = ConfigKey.required("broker.id", ConfigType.INT,
            Validator.atLeast(0),
            "This broker's id, unique in the cluster. Required: replog does not generate ids (Kafka's -1).");
    static final ConfigKey<String> BROKER_RACK = ConfigKey.optional("broker.rack", ConfigType.STRING,
            Validator.nonBlank(),
            "The rack (or zone) this broker is in; new topics spread each partition's replicas over racks. "
                    + "Unset: no rack.");
    static final ConfigKey<List<String>> LOG_DIRS = ConfigKey.required("log.dirs", ConfigType.LIST,
            exactlyOneDirectory(),
            "The directory holding this broker's partitions. Kafka accepts a comma-separated list; replog keeps "
                    + "all of a broker's partitions in one directory today and refuses more than one.");
    static final ConfigKey<List<String>> LISTENERS = ConfigKey.of("listeners", ConfigType.LIST,
            List.of("PLAINTEXT://:9092"), Listeners.validator(),
            "Where the broker listens, as a comma-separated list of NAME://host:port (an empty host means every "
                    + "interface); names must be unique, and ports unless 0 (any free port). Published in the "
                    + "broker's registration; the network transport that serves them comes later.");

    static final ConfigDef CONFIG_DEF = ConfigDef.of(BROKER_ID, BROKER_RACK, LOG_DIRS, LISTENERS);

    private IdentityKeys() {
    }

    private static Validator<List<String>> exactlyOneDirectory() {
        return new Validator<>() {
            @Override
            public String describe() {
                return "exactly one directory (replog supports a single log directory per broker today)";
            }

            @Override
            public boolean test(List<String> value) {
                return value != null && value.size() == 1;
            }

            @Override
            public void ensureValid(String key, List<String> value) {
                if (value.isEmpty()) {
                    throw new InvalidConfigException("Invalid value '' for configuration '" + key
                            + "': must be " + describe());
                }
                if (value.size() > 1) {
                    throw new InvalidConfigException("Invalid value '" + String.join(",", value)
                            + "' for configuration '" + key + "': must be " + describe() + "; got " + value.size()
                            + " directories");
                }
            }
        };
    }
}
