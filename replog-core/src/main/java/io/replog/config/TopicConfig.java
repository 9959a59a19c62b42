package io.replog.config;

import io.replog.errors.InvalidConfigException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys a topic may override, under Kafka's topic-level names, each declared exactly once:
 * the log's keys (declared by {@link LogConfig}) and the two replication keys declared here,
 * {@code min.insync.replicas} and {@code unclean.leader.election.enable}.
 *
 * <p>A topic's value of a key is its override if it has one, else the broker's default, which
 * comes from the broker-level keys named by {@link BrokerConfig#brokerDefaultKeys(String)}
 * ({@code log.retention.ms}, then {@code log.retention.minutes}, then {@code log.retention.hours}
 * for {@code retention.ms}; the two replication keys carry the same name at both levels). A broker resolves a topic's overrides against its defaults in one place
 * (the engine's topic settings), for the broker and the controller alike.
 */
public final class TopicConfig {

    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = ConfigKey.of("min.insync.replicas", ConfigType.INT,
            1, Validator.atLeast(1),
            "The in-sync replicas an acks=all write needs; with fewer the write is refused.");
    public static final ConfigKey<Boolean> UNCLEAN_LEADER_ELECTION_ENABLE = ConfigKey.of(
            "unclean.leader.election.enable", ConfigType.BOOLEAN, false, Validator.any(),
            "Whether a replica outside the ISR may become leader when no ISR member is alive, at the risk of "
                    + "losing acknowledged records.");

    /** Every key a topic may override: the log's keys, then the replication keys. */
    public static final ConfigDef CONFIG_DEF = LogConfig.CONFIG_DEF.with(
            ConfigDef.of(MIN_INSYNC_REPLICAS, UNCLEAN_LEADER_ELECTION_ENABLE));

    private TopicConfig() {
    }

    /**
     * Validates a topic's overrides on their own, as topic creation does: an unknown key or a
     * bad value fails with an {@link InvalidConfigException} naming the key, the value and what
     * is allowed.
     */
    public static void validate(Map<String, ?> overrides) {
        CONFIG_DEF.parse(new LinkedHashMap<String, Object>(overrides));
    }
}
