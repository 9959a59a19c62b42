package io.replog.config;

import io.replog.coordinator.Endpoint;
import io.replog.errors.InvalidConfigException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The one validated configuration of a broker, under Kafka's property names. Every key is
 * declared once, with its type, default, allowed values and meaning, in the package-private
 * holder of its section ({@code IdentityKeys}, ..., {@code ControllerKeys}); the constants below
 * are those very objects, so {@code BrokerConfig.BROKER_ID} and the section's
 * {@link ConfigDef} hold the same key. The keys a topic may override are declared by
 * {@link TopicConfig} (and {@link LogConfig}); their broker-level defaults are mapped onto them
 * as {@link #brokerDefaultKeys(String)} says.
 *
 * <p>What an instance guarantees: it was built from a property map (or {@link Properties}, or
 * the typed {@link Builder}, which goes through the same parsing) in which every key is declared,
 * every value has the declared type and is allowed, and every required key
 * ({@code broker.id}, {@code log.dirs}, {@code zookeeper.connect}) is present; keys that depend on
 * each other agree. Anything else fails with an {@link InvalidConfigException} that names the
 * key, the value and what is allowed, before any broker starts. An instance is immutable.
 *
 * <p>Where replog differs from Kafka today, the key's documentation says so: {@code broker.id} is
 * required (no generated ids), {@code log.dirs} holds exactly one directory, and
 * {@code listeners} are parsed and published but not yet served (the network transport comes
 * later). Nothing in a broker configuration can plant a deliberate bug: the engine built from it
 * never carries one.
 *
 * <p>This class stays above 400 lines because it is the whole public surface of a
 * broker's configuration: a constant, a typed getter and a typed {@link Builder} setter per key.
 * The jobs behind that surface live beside it: the key declarations in the section holders,
 * {@code listeners} parsing in {@code Listeners}, and the broker-to-topic default mapping in
 * {@code TopicDefaults}.
 */
public final class BrokerConfig {

    // ------------------------------------------------------------------ identity, storage, listeners: IdentityKeys

    public static final ConfigKey<Integer> BROKER_ID = IdentityKeys.BROKER_ID;
    public static final ConfigKey<String> BROKER_RACK = IdentityKeys.BROKER_RACK;
    public static final ConfigKey<List<String>> LOG_DIRS = IdentityKeys.LOG_DIRS;
    public static final ConfigKey<List<String>> LISTENERS = IdentityKeys.LISTENERS;

    // ------------------------------------------------------------------ ZooKeeper: ZooKeeperKeys

    public static final ConfigKey<String> ZOOKEEPER_CONNECT = ZooKeeperKeys.ZOOKEEPER_CONNECT;
    public static final ConfigKey<Integer> ZOOKEEPER_SESSION_TIMEOUT_MS = ZooKeeperKeys.ZOOKEEPER_SESSION_TIMEOUT_MS;
    public static final ConfigKey<Integer> ZOOKEEPER_CONNECTION_TIMEOUT_MS =
            ZooKeeperKeys.ZOOKEEPER_CONNECTION_TIMEOUT_MS;
    public static final ConfigKey<Long> ISR_CHANGE_NOTIFICATION_LINGER_MS =
            ZooKeeperKeys.ISR_CHANGE_NOTIFICATION_LINGER_MS;

    // ------------------------------------------------------------------ log defaults: LogDefaultKeys

    public static final ConfigKey<Integer> LOG_SEGMENT_BYTES = LogDefaultKeys.LOG_SEGMENT_BYTES;
    public static final ConfigKey<Long> LOG_ROLL_MS = LogDefaultKeys.LOG_ROLL_MS;
    public static final ConfigKey<Integer> LOG_ROLL_HOURS = LogDefaultKeys.LOG_ROLL_HOURS;
    public static final ConfigKey<Integer> LOG_INDEX_SIZE_MAX_BYTES = LogDefaultKeys.LOG_INDEX_SIZE_MAX_BYTES;
    public static final ConfigKey<Integer> LOG_INDEX_INTERVAL_BYTES = LogDefaultKeys.LOG_INDEX_INTERVAL_BYTES;
    public static final ConfigKey<Long> LOG_RETENTION_MS = LogDefaultKeys.LOG_RETENTION_MS;
    public static final ConfigKey<Integer> LOG_RETENTION_MINUTES = LogDefaultKeys.LOG_RETENTION_MINUTES;
    public static final ConfigKey<Integer> LOG_RETENTION_HOURS = LogDefaultKeys.LOG_RETENTION_HOURS;
    public static final ConfigKey<Long> LOG_RETENTION_BYTES = LogDefaultKeys.LOG_RETENTION_BYTES;
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MESSAGES = LogDefaultKeys.LOG_FLUSH_INTERVAL_MESSAGES;
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MS = LogDefaultKeys.LOG_FLUSH_INTERVAL_MS;
    public static final ConfigKey<Integer> MESSAGE_MAX_BYTES = LogDefaultKeys.MESSAGE_MAX_BYTES;
    public static final ConfigKey<String> LOG_MESSAGE_TIMESTAMP_TYPE = LogDefaultKeys.LOG_MESSAGE_TIMESTAMP_TYPE;
    public static final ConfigKey<Long> LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS =
            LogDefaultKeys.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS;
    public static final ConfigKey<Long> LOG_RETENTION_CHECK_INTERVAL_MS =
            LogDefaultKeys.LOG_RETENTION_CHECK_INTERVAL_MS;

    // ------------------------------------------------------------------ replication: ReplicationKeys

    public static final ConfigKey<Long> REPLICA_LAG_TIME_MAX_MS = ReplicationKeys.REPLICA_LAG_TIME_MAX_MS;
    public static final ConfigKey<Long> REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS =
            ReplicationKeys.REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS;

    // ------------------------------------------------------------------ fetcher: FetcherKeys

    public static final ConfigKey<Integer> REPLICA_FETCH_WAIT_MAX_MS = FetcherKeys.REPLICA_FETCH_WAIT_MAX_MS;
    public static final ConfigKey<Integer> REPLICA_FETCH_MIN_BYTES = FetcherKeys.REPLICA_FETCH_MIN_BYTES;
    public static final ConfigKey<Integer> REPLICA_FETCH_MAX_BYTES = FetcherKeys.REPLICA_FETCH_MAX_BYTES;
    public static final ConfigKey<Integer> REPLICA_FETCH_BACKOFF_MS = FetcherKeys.REPLICA_FETCH_BACKOFF_MS;

    // ------------------------------------------------------------------ controller: ControllerKeys

    public static final ConfigKey<Boolean> AUTO_LEADER_REBALANCE_ENABLE = ControllerKeys.AUTO_LEADER_REBALANCE_ENABLE;
    public static final ConfigKey<Long> LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS =
            ControllerKeys.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS;
    public static final ConfigKey<Integer> LEADER_IMBALANCE_PER_BROKER_PERCENTAGE =
            ControllerKeys.LEADER_IMBALANCE_PER_BROKER_PERCENTAGE;
    public static final ConfigKey<Long> CONTROLLER_REQUEST_RETRY_BACKOFF_MS =
            ControllerKeys.CONTROLLER_REQUEST_RETRY_BACKOFF_MS;

    // ------------------------------------------------------------------ definitions

    /** Broker identity, storage and listeners. */
    public static final ConfigDef IDENTITY_CONFIG_DEF = IdentityKeys.CONFIG_DEF;
    /** How the broker reaches ZooKeeper, its coordinator. */
    public static final ConfigDef ZOOKEEPER_CONFIG_DEF = ZooKeeperKeys.CONFIG_DEF;
    /** The broker-level defaults of the log's topic-level keys, and the retention check. */
    public static final ConfigDef LOG_CONFIG_DEF = LogDefaultKeys.CONFIG_DEF;
    /** Broker-wide replication keys (the per-topic ones are {@link TopicConfig}'s). */
    public static final ConfigDef REPLICATION_CONFIG_DEF = ReplicationKeys.CONFIG_DEF;
    /** How followers fetch from leaders. */
    public static final ConfigDef FETCHER_CONFIG_DEF = FetcherKeys.CONFIG_DEF;
    /** How the broker behaves while it is the controller. */
    public static final ConfigDef CONTROLLER_CONFIG_DEF = ControllerKeys.CONFIG_DEF;
    /**
     * The topic-level keys whose broker default has the same name ({@code min.insync.replicas},
     * {@code unclean.leader.election.enable}): the very keys {@link TopicConfig} declares.
     */
    public static final ConfigDef SAME_NAME_TOPIC_DEFAULTS_CONFIG_DEF = ConfigDef.of(TopicConfig.MIN_INSYNC_REPLICAS,
            TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE);

    /** Every key of a broker. */
    public static final ConfigDef CONFIG_DEF = IDENTITY_CONFIG_DEF.with(ZOOKEEPER_CONFIG_DEF).with(LOG_CONFIG_DEF)
            .with(REPLICATION_CONFIG_DEF).with(FETCHER_CONFIG_DEF).with(CONTROLLER_CONFIG_DEF)
            .with(SAME_NAME_TOPIC_DEFAULTS_CONFIG_DEF);

    private final ConfigValues values;
    private final List<Endpoint> listeners;
    private final LogConfig logDefaults;

    private BrokerConfig(ConfigValues values) {
        this.values = values;
        this.listeners = Listeners.parse(values.get(LISTENERS));
        this.logDefaults = TopicDefaults.logDefaults(values);
        int waitMax = values.get(REPLICA_FETCH_WAIT_MAX_MS);
        long lagMax = values.get(REPLICA_LAG_TIME_MAX_MS);
        if (waitMax > lagMax) {
            throw new InvalidConfigException("Invalid value '" + waitMax + "' for configuration '"
                    + REPLICA_FETCH_WAIT_MAX_MS.name() + "': must be at most " + REPLICA_LAG_TIME_MAX_MS.name()
                    + " (" + lagMax + "), or a follower waiting on an idle leader would leave the ISR");
        }
    }

    /** Parses Kafka-style properties (strings or typed values). */
    public static BrokerConfig parse(Map<String, ?> props) {
        return new BrokerConfig(CONFIG_DEF.parse(props));
    }

    /** Parses a {@link Properties} object, e.g. a Kafka {@code server.properties}. */
    public static BrokerConfig parse(Properties props) {
        return new BrokerConfig(CONFIG_DEF.parse(props));
    }

    /** A builder with nothing set; {@link Builder#build()} validates as {@link #parse(Map)} does. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        Map<String, Object> set = new LinkedHashMap<>();
        values.asMap().forEach((k, v) -> {
            if (v != null) {
                set.put(k, v);
            }
        });
        return new Builder(set);
    }

    /**
     * The broker keys that set the default of topic-level {@code topicKey}, highest precedence
     * first: {@code [log.retention.ms, log.retention.minutes, log.retention.hours]} for
     * {@code retention.ms}; {@code [min.insync.replicas]} for itself.
     *
     * @throws IllegalArgumentException if {@code topicKey} is not a topic-level key
     */
    public static List<String> brokerDefaultKeys(String topicKey) {
        return TopicDefaults.brokerKeys(topicKey);
    }

    /** The value of any declared key; optional keys left unset give {@code null}. */
    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    /** Every key's value by name (unset optional keys map to {@code null}), in declaration order. */
    public Map<String, Object> asMap() {
        return values.asMap();
    }

    public int brokerId() {
        return values.get(BROKER_ID);
    }

    public Optional<String> rack() {
        return Optional.ofNullable(values.get(BROKER_RACK));
    }

    /** The one log directory. */
    public Path logDir() {
        return Path.of(values.get(LOG_DIRS).get(0));
    }

    /** The listeners, parsed, in the order given. */
    public List<Endpoint> listeners() {
        return listeners;
    }

    public String zookeeperConnect() {
        return values.get(ZOOKEEPER_CONNECT);
    }

    public int zookeeperSessionTimeoutMs() {
        return values.get(ZOOKEEPER_SESSION_TIMEOUT_MS);
    }

    /** {@code zookeeper.connection.timeout.ms}, or the session timeout when unset. */
    public int zookeeperConnectionTimeoutMs() {
        Integer v = values.get(ZOOKEEPER_CONNECTION_TIMEOUT_MS);
        return v == null ? zookeeperSessionTimeoutMs() : v;
    }

    public long isrChangeNotificationLingerMs() {
        return values.get(ISR_CHANGE_NOTIFICATION_LINGER_MS);
    }

    /** The log settings of a topic without overrides: the broker-level log keys mapped onto the topic-level ones. */
    public LogConfig logDefaults() {
        return logDefaults;
    }

    /**
     * Every topic-level key's default on this broker, by topic-level name ({@code retention.ms},
     * ..., {@code min.insync.replicas}, {@code unclean.leader.election.enable}).
     */
    public Map<String, Object> topicDefaults() {
        return TopicDefaults.all(logDefaults, values);
    }

    public int minInsyncReplicas() {
        return values.get(TopicConfig.MIN_INSYNC_REPLICAS);
    }

    public boolean uncleanLeaderElectionEnable() {
        return values.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE);
    }

    public long logRetentionCheckIntervalMs() {
        return values.get(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    public long replicaLagTimeMaxMs() {
        return values.get(REPLICA_LAG_TIME_MAX_MS);
    }

    public long replicaHighWatermarkCheckpointIntervalMs() {
        return values.get(REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS);
    }

    public int replicaFetchWaitMaxMs() {
        return values.get(REPLICA_FETCH_WAIT_MAX_MS);
    }

    public int replicaFetchMinBytes() {
        return values.get(REPLICA_FETCH_MIN_BYTES);
    }

    public int replicaFetchMaxBytes() {
        return values.get(REPLICA_FETCH_MAX_BYTES);
    }

    public int replicaFetchBackoffMs() {
        return values.get(REPLICA_FETCH_BACKOFF_MS);
    }

    public boolean autoLeaderRebalanceEnable() {
        return values.get(AUTO_LEADER_REBALANCE_ENABLE);
    }

    public long leaderImbalanceCheckIntervalSeconds() {
        return values.get(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS);
    }

    public int leaderImbalancePerBrokerPercentage() {
        return values.get(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE);
    }

    public long controllerRequestRetryBackoffMs() {
        return values.get(CONTROLLER_REQUEST_RETRY_BACKOFF_MS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerConfig other && values.asMap().equals(other.values.asMap());
    }

    @Override
    public int hashCode() {
        return values.asMap().hashCode();
    }

    @Override
    public String toString() {
        return "BrokerConfig" + values;
    }

    // ------------------------------------------------------------------ mapping onto topic-level keys

    private static <T> ConfigKey<T> brokerDefault(String name, ConfigKey<T> topicKey) {
        return ConfigKey.of(name, topicKey.type(), topicKey.defaultValue(), topicKey.validator(),
                "Default of " + topicKey.name() + " for topics without an override. " + topicKey.doc());
    }
    /**
     * Sets values through typed setters or by Kafka name; {@link #build()} parses them exactly as
     * {@link BrokerConfig#parse(Map)} parses properties, so both routes accept and refuse the same.
     */
    public static final class Builder {
        private final Map<String, Object> props;

        private Builder(Map<String, Object> initial) {
            this.props = new LinkedHashMap<>(initial);
        }

        /** Sets any key by its Kafka name; checked by {@link #build()}. */
        public Builder set(String name, Object value) {
            props.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public <T> Builder set(ConfigKey<T> key, T value) {
            return set(key.name(), value);
        }

        public Builder brokerId(int id) {
            return set(BROKER_ID, id);
        }

        public Builder rack(String rack) {
            return set(BROKER_RACK, rack);
        }

        public Builder logDir(Path dir) {
            return set(LOG_DIRS, List.of(dir.toString()));
        }

        /** Listeners as {@code NAME://host:port} strings. */
        public Builder listeners(String... listeners) {
            return set(LISTENERS, List.of(listeners));
        }

        public Builder zookeeperConnect(String connect) {
            return set(ZOOKEEPER_CONNECT, connect);
        }

        public Builder zookeeperSessionTimeoutMs(int ms) {
            return set(ZOOKEEPER_SESSION_TIMEOUT_MS, ms);
        }

        public Builder zookeeperConnectionTimeoutMs(int ms) {
            return set(ZOOKEEPER_CONNECTION_TIMEOUT_MS, ms);
        }

        public Builder isrChangeNotificationLingerMs(long ms) {
            return set(ISR_CHANGE_NOTIFICATION_LINGER_MS, ms);
        }

        public Builder logSegmentBytes(int bytes) {
            return set(LOG_SEGMENT_BYTES, bytes);
        }

        public Builder logRollMs(long ms) {
            return set(LOG_ROLL_MS, ms);
        }

        public Builder logRetentionMs(long ms) {
            return set(LOG_RETENTION_MS, ms);
        }

        public Builder logRetentionBytes(long bytes) {
            return set(LOG_RETENTION_BYTES, bytes);
        }

        public Builder logFlushIntervalMessages(long messages) {
            return set(LOG_FLUSH_INTERVAL_MESSAGES, messages);
        }

        public Builder logFlushIntervalMs(long ms) {
            return set(LOG_FLUSH_INTERVAL_MS, ms);
        }

        public Builder messageMaxBytes(int bytes) {
            return set(MESSAGE_MAX_BYTES, bytes);
        }

        public Builder logMessageTimestampType(String type) {
            return set(LOG_MESSAGE_TIMESTAMP_TYPE, type);
        }

        public Builder logRetentionCheckIntervalMs(long ms) {
            return set(LOG_RETENTION_CHECK_INTERVAL_MS, ms);
        }

        public Builder minInsyncReplicas(int n) {
            return set(TopicConfig.MIN_INSYNC_REPLICAS, n);
        }

        public Builder uncleanLeaderElectionEnable(boolean enable) {
            return set(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE, enable);
        }

        public Builder replicaLagTimeMaxMs(long ms) {
            return set(REPLICA_LAG_TIME_MAX_MS, ms);
        }

        public Builder replicaHighWatermarkCheckpointIntervalMs(long ms) {
            return set(REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS, ms);
        }

        public Builder replicaFetchWaitMaxMs(int ms) {
            return set(REPLICA_FETCH_WAIT_MAX_MS, ms);
        }

        public Builder replicaFetchMinBytes(int bytes) {
            return set(REPLICA_FETCH_MIN_BYTES, bytes);
        }

        public Builder replicaFetchMaxBytes(int bytes) {
            return set(REPLICA_FETCH_MAX_BYTES, bytes);
        }

        public Builder replicaFetchBackoffMs(int ms) {
            return set(REPLICA_FETCH_BACKOFF_MS, ms);
        }

        public Builder autoLeaderRebalanceEnable(boolean enable) {
            return set(AUTO_LEADER_REBALANCE_ENABLE, enable);
        }

        public Builder leaderImbalanceCheckIntervalSeconds(long seconds) {
            return set(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, seconds);
        }

        public Builder leaderImbalancePerBrokerPercentage(int percent) {
            return set(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE, percent);
        }

        public Builder controllerRequestRetryBackoffMs(long ms) {
            return set(CONTROLLER_REQUEST_RETRY_BACKOFF_MS, ms);
        }

        /** Validates every value; see {@link BrokerConfig} for what a configuration guarantees. */
        public BrokerConfig build() {
            return parse(props);
        }
    }
}
