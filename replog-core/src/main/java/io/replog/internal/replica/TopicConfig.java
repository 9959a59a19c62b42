package io.replog.internal.replica;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigType;
import io.replog.config.ConfigValues;
import io.replog.config.Validator;
import io.replog.errors.InvalidConfigException;
import io.replog.log.LogConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of one topic: the broker's defaults with the topic's overrides applied. The
 * keys are Kafka's topic-level names: the log's ({@link LogConfig#CONFIG_DEF}) plus
 * {@code min.insync.replicas} and {@code unclean.leader.election.enable}.
 *
 * @param log                    the log settings
 * @param replication            the replication settings
 * @param uncleanLeaderElection  whether an out-of-sync replica may be elected when no ISR member lives
 */
public record TopicConfig(LogConfig log, ReplicationConfig replication, boolean uncleanLeaderElection) {

    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = ConfigKey.of("min.insync.replicas", ConfigType.INT,
            1, Validator.atLeast(1),
            "The in-sync replicas an acks=all write needs; fewer and the write is refused.");
    public static final ConfigKey<Boolean> UNCLEAN_LEADER_ELECTION = ConfigKey.of(
            "unclean.leader.election.enable", ConfigType.BOOLEAN, false, Validator.any(),
            "Whether a replica outside the ISR may become leader when no ISR member is alive, losing data.");

    /** Every key a topic may override. */
    public static final ConfigDef CONFIG_DEF = LogConfig.CONFIG_DEF.with(
            ConfigDef.of(MIN_INSYNC_REPLICAS, UNCLEAN_LEADER_ELECTION));

    /**
     * Applies {@code overrides} to {@code defaults}. Unknown keys and bad values are refused
     * with an {@link InvalidConfigException} naming the key.
     */
    public static TopicConfig resolve(TopicConfig defaults, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return defaults;
        }
        Map<String, Object> merged = new LinkedHashMap<>(defaults.log().asMap());
        merged.put(MIN_INSYNC_REPLICAS.name(), defaults.replication().minInsyncReplicas());
        merged.put(UNCLEAN_LEADER_ELECTION.name(), defaults.uncleanLeaderElection());
        merged.putAll(overrides);
        ConfigValues values = CONFIG_DEF.parse(merged);
        Map<String, Object> logOnly = new LinkedHashMap<>();
        for (ConfigKey<?> key : LogConfig.CONFIG_DEF.keys()) {
            logOnly.put(key.name(), values.asMap().get(key.name()));
        }
        return new TopicConfig(LogConfig.from(logOnly),
                new ReplicationConfig(values.get(MIN_INSYNC_REPLICAS), defaults.replication().replicaLagTimeMaxMs()),
                values.get(UNCLEAN_LEADER_ELECTION));
    }

    /** Validates overrides on their own, as topic creation does. */
    public static void validate(Map<String, String> overrides) {
        CONFIG_DEF.parse(new LinkedHashMap<String, Object>(overrides));
    }
}
