package io.replog.config;

import io.replog.coordinator.Endpoint;
import io.replog.errors.InvalidConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one validated configuration of a broker, under Kafka's property names. Every key is
 * declared once, below, with its type, default, allowed values and meaning; the keys a topic may
 * override are declared by {@link TopicConfig} (and {@link LogConfig}) and their broker-level
 * defaults here, each mapped onto its topic-level key ({@link #brokerDefaultKeys(String)}).
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
 */
public final class BrokerConfig {

    private static final long HOUR_MS = 60L * 60 * 1000;
    // Declared before the keys: the listeners key checks its default with them.
    private static final Pattern LISTENER = Pattern.compile("([^:/]*)://(\\[[^\\]]*\\]|[^:\\[\\]]*)(?::(.*))?");
    private static final Pattern LISTENER_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]*");
    private static final String LISTENER_FORM = "NAME://host:port, e.g. PLAINTEXT://broker1:9092";

    // ------------------------------------------------------------------ identity, storage, listeners

    public static final ConfigKey<Integer> BROKER_ID = ConfigKey.required("broker.id", ConfigType.INT,
            Validator.atLeast(0),
            "This broker's id, unique in the cluster. Required: replog does not generate ids (Kafka's -1).");
    public static final ConfigKey<String> BROKER_RACK = ConfigKey.optional("broker.rack", ConfigType.STRING,
            Validator.nonBlank(),
            "The rack (or zone) this broker is in; new topics spread each partition's replicas over racks. "
                    + "Unset: no rack.");
    public static final ConfigKey<List<String>> LOG_DIRS = ConfigKey.required("log.dirs", ConfigType.LIST,
            exactlyOneDirectory(),
            "The directory holding this broker's partitions. Kafka accepts a comma-separated list; replog keeps "
                    + "all of a broker's partitions in one directory today and refuses more than one.");
    public static final ConfigKey<List<String>> LISTENERS = ConfigKey.of("listeners", ConfigType.LIST,
            List.of("PLAINTEXT://:9092"), listenerList(),
            "Where the broker listens, as a comma-separated list of NAME://host:port (an empty host means every "
                    + "interface); names must be unique, and ports unless 0 (any free port). Published in the broker's registration; the "
                    + "network transport that serves them comes later.");

    // ------------------------------------------------------------------ ZooKeeper

    public static final ConfigKey<String> ZOOKEEPER_CONNECT = ConfigKey.required("zookeeper.connect",
            ConfigType.STRING, zookeeperConnectString(),
            "The ZooKeeper ensemble, and optionally a chroot under which all of this cluster's znodes live.");
    public static final ConfigKey<Integer> ZOOKEEPER_SESSION_TIMEOUT_MS = ConfigKey.of(
            "zookeeper.session.timeout.ms", ConfigType.INT, 18_000, Validator.atLeast(1),
            "The session timeout the broker asks ZooKeeper for: how long its registration (and controllership) "
                    + "outlives its last contact with the ensemble.");
    public static final ConfigKey<Integer> ZOOKEEPER_CONNECTION_TIMEOUT_MS = ConfigKey.optional(
            "zookeeper.connection.timeout.ms", ConfigType.INT, Validator.atLeast(1),
            "How long a starting broker waits for its first ZooKeeper connection before giving up. Unset: "
                    + "zookeeper.session.timeout.ms.");
    public static final ConfigKey<Long> ISR_CHANGE_NOTIFICATION_LINGER_MS = ConfigKey.of(
            "isr.change.notification.linger.ms", ConfigType.LONG, 500L, Validator.atLeast(0),
            "How long a leader collects ISR changes before telling the controller of them all in one "
                    + "notification znode. replog's own key: Kafka hard-codes this batching.");

    // ------------------------------------------------------------------ log defaults

    public static final ConfigKey<Integer> LOG_SEGMENT_BYTES = brokerDefault("log.segment.bytes",
            LogConfig.SEGMENT_BYTES);
    public static final ConfigKey<Long> LOG_ROLL_MS = ConfigKey.optional("log.roll.ms", ConfigType.LONG,
            LogConfig.SEGMENT_MS.validator(),
            "Default of segment.ms for topics without an override. Unset: log.roll.hours.");
    public static final ConfigKey<Integer> LOG_ROLL_HOURS = ConfigKey.of("log.roll.hours", ConfigType.INT,
            (int) (LogConfig.SEGMENT_MS.defaultValue() / HOUR_MS), Validator.atLeast(1),
            "Default of segment.ms, in hours, when log.roll.ms is unset.");
    public static final ConfigKey<Integer> LOG_INDEX_SIZE_MAX_BYTES = brokerDefault("log.index.size.max.bytes",
            LogConfig.SEGMENT_INDEX_BYTES);
    public static final ConfigKey<Integer> LOG_INDEX_INTERVAL_BYTES = brokerDefault("log.index.interval.bytes",
            LogConfig.INDEX_INTERVAL_BYTES);
    public static final ConfigKey<Long> LOG_RETENTION_MS = ConfigKey.optional("log.retention.ms", ConfigType.LONG,
            LogConfig.RETENTION_MS.validator(),
            "Default of retention.ms for topics without an override; -1 keeps segments forever. Unset: "
                    + "log.retention.minutes.");
    public static final ConfigKey<Integer> LOG_RETENTION_MINUTES = ConfigKey.optional("log.retention.minutes",
            ConfigType.INT, Validator.unlimitedOrAtLeast(0),
            "Default of retention.ms, in minutes, when log.retention.ms is unset. Unset: log.retention.hours.");
    public static final ConfigKey<Integer> LOG_RETENTION_HOURS = ConfigKey.of("log.retention.hours",
            ConfigType.INT, (int) (LogConfig.RETENTION_MS.defaultValue() / HOUR_MS),
            Validator.unlimitedOrAtLeast(0),
            "Default of retention.ms, in hours, when log.retention.ms and log.retention.minutes are unset.");
    public static final ConfigKey<Long> LOG_RETENTION_BYTES = brokerDefault("log.retention.bytes",
            LogConfig.RETENTION_BYTES);
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MESSAGES = brokerDefault("log.flush.interval.messages",
            LogConfig.FLUSH_MESSAGES);
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MS = brokerDefault("log.flush.interval.ms",
            LogConfig.FLUSH_MS);
    public static final ConfigKey<Integer> MESSAGE_MAX_BYTES = brokerDefault("message.max.bytes",
            LogConfig.MAX_MESSAGE_BYTES);
    public static final ConfigKey<String> LOG_MESSAGE_TIMESTAMP_TYPE = brokerDefault("log.message.timestamp.type",
            LogConfig.MESSAGE_TIMESTAMP_TYPE);
    public static final ConfigKey<Long> LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = brokerDefault(
            "log.message.timestamp.after.max.ms", LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    public static final ConfigKey<Long> LOG_RETENTION_CHECK_INTERVAL_MS = ConfigKey.of(
            "log.retention.check.interval.ms", ConfigType.LONG, 300_000L, Validator.atLeast(1),
            "How often the broker applies retention to its logs and runs time-based flushes.");

    // ------------------------------------------------------------------ replication

    public static final ConfigKey<Long> REPLICA_LAG_TIME_MAX_MS = ConfigKey.of("replica.lag.time.max.ms",
            ConfigType.LONG, 30_000L, Validator.atLeast(1),
            "How long a follower may go without catching up to the leader's end before the leader drops it "
                    + "from the ISR.");
    public static final ConfigKey<Long> REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS = ConfigKey.of(
            "replica.high.watermark.checkpoint.interval.ms", ConfigType.LONG, 5_000L, Validator.atLeast(1),
            "How often each replica's high watermark is written to the log directory.");

    // ------------------------------------------------------------------ fetcher

    public static final ConfigKey<Integer> REPLICA_FETCH_WAIT_MAX_MS = ConfigKey.of("replica.fetch.wait.max.ms",
            ConfigType.INT, 500, Validator.atLeast(0),
            "How long a leader may hold a follower's fetch while it waits for replica.fetch.min.bytes of new "
                    + "data; at most replica.lag.time.max.ms.");
    public static final ConfigKey<Integer> REPLICA_FETCH_MIN_BYTES = ConfigKey.of("replica.fetch.min.bytes",
            ConfigType.INT, 1, Validator.atLeast(0),
            "How many bytes of new data a leader waits for before it answers a follower's fetch.");
    public static final ConfigKey<Integer> REPLICA_FETCH_MAX_BYTES = ConfigKey.of("replica.fetch.max.bytes",
            ConfigType.INT, 1024 * 1024, Validator.atLeast(0),
            "The most bytes a follower asks for per partition in one fetch; a larger first batch is still "
                    + "returned whole, so followers never stall.");
    public static final ConfigKey<Integer> REPLICA_FETCH_BACKOFF_MS = ConfigKey.of("replica.fetch.backoff.ms",
            ConfigType.INT, 1_000, Validator.atLeast(0),
            "How long a follower pauses after a failed fetch before it tries again.");

    // ------------------------------------------------------------------ controller

    public static final ConfigKey<Boolean> AUTO_LEADER_REBALANCE_ENABLE = ConfigKey.of(
            "auto.leader.rebalance.enable", ConfigType.BOOLEAN, true, Validator.any(),
            "Whether the controller periodically moves leadership back to preferred replicas.");
    public static final ConfigKey<Long> LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = ConfigKey.of(
            "leader.imbalance.check.interval.seconds", ConfigType.LONG, 300L, Validator.between(1, 86_400L * 365),
            "How often the controller checks whether leadership should move back to preferred replicas.");
    public static final ConfigKey<Integer> LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = ConfigKey.of(
            "leader.imbalance.per.broker.percentage", ConfigType.INT, 10, Validator.between(0, 100),
            "The percentage of a broker's preferred partitions led by other brokers above which the "
                    + "controller rebalances them.");
    public static final ConfigKey<Long> CONTROLLER_REQUEST_RETRY_BACKOFF_MS = ConfigKey.of(
            "controller.request.retry.backoff.ms", ConfigType.LONG, 100L, Validator.between(1, 3_600_000L),
            "How long the controller waits before resending a request to an unreachable broker or retrying a "
                    + "failed coordinator call. replog's own key.");

    // ------------------------------------------------------------------ definitions

    /** Broker identity, storage and listeners. */
    public static final ConfigDef IDENTITY_CONFIG_DEF = ConfigDef.of(BROKER_ID, BROKER_RACK, LOG_DIRS, LISTENERS);
    /** How the broker reaches ZooKeeper, its coordinator. */
    public static final ConfigDef ZOOKEEPER_CONFIG_DEF = ConfigDef.of(ZOOKEEPER_CONNECT,
            ZOOKEEPER_SESSION_TIMEOUT_MS, ZOOKEEPER_CONNECTION_TIMEOUT_MS, ISR_CHANGE_NOTIFICATION_LINGER_MS);
    /** The broker-level defaults of the log's topic-level keys, and the retention check. */
    public static final ConfigDef LOG_CONFIG_DEF = ConfigDef.of(LOG_SEGMENT_BYTES, LOG_ROLL_MS, LOG_ROLL_HOURS,
            LOG_INDEX_SIZE_MAX_BYTES, LOG_INDEX_INTERVAL_BYTES, LOG_RETENTION_MS, LOG_RETENTION_MINUTES,
            LOG_RETENTION_HOURS, LOG_RETENTION_BYTES, LOG_FLUSH_INTERVAL_MESSAGES, LOG_FLUSH_INTERVAL_MS,
            MESSAGE_MAX_BYTES, LOG_MESSAGE_TIMESTAMP_TYPE, LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS,
            LOG_RETENTION_CHECK_INTERVAL_MS);
    /** Broker-wide replication keys (the per-topic ones are {@link TopicConfig}'s). */
    public static final ConfigDef REPLICATION_CONFIG_DEF = ConfigDef.of(REPLICA_LAG_TIME_MAX_MS,
            REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS);
    /** How followers fetch from leaders. */
    public static final ConfigDef FETCHER_CONFIG_DEF = ConfigDef.of(REPLICA_FETCH_WAIT_MAX_MS,
            REPLICA_FETCH_MIN_BYTES, REPLICA_FETCH_MAX_BYTES, REPLICA_FETCH_BACKOFF_MS);
    /** How the broker behaves while it is the controller. */
    public static final ConfigDef CONTROLLER_CONFIG_DEF = ConfigDef.of(AUTO_LEADER_REBALANCE_ENABLE,
            LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
            CONTROLLER_REQUEST_RETRY_BACKOFF_MS);
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

    /** Each topic-level key and the broker keys that set its default, highest precedence first. */
    private static final Map<String, List<String>> BROKER_DEFAULT_KEYS = brokerDefaultKeyMap();

    private final ConfigValues values;
    private final List<Endpoint> listeners;
    private final LogConfig logDefaults;

    private BrokerConfig(ConfigValues values) {
        this.values = values;
        this.listeners = parseListeners(values.get(LISTENERS));
        this.logDefaults = LogConfig.from(logDefaultValues(values));
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
        List<String> keys = BROKER_DEFAULT_KEYS.get(topicKey);
        if (keys == null) {
            throw new IllegalArgumentException("'" + topicKey + "' is not a topic-level key");
        }
        return keys;
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
        Map<String, Object> map = new LinkedHashMap<>(logDefaults.asMap());
        map.put(TopicConfig.MIN_INSYNC_REPLICAS.name(), minInsyncReplicas());
        map.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE.name(), uncleanLeaderElectionEnable());
        return Collections.unmodifiableMap(map);
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

    private static Map<String, List<String>> brokerDefaultKeyMap() {
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
        if (!m.keySet().equals(new java.util.LinkedHashSet<>(TopicConfig.CONFIG_DEF.keys().stream()
                .map(ConfigKey::name).toList()))) {
            throw new IllegalStateException("every topic-level key needs a broker default: " + m.keySet());
        }
        return Collections.unmodifiableMap(m);
    }

    /** The broker's log defaults under the topic-level names, each from its broker key. */
    private static Map<String, Object> logDefaultValues(ConfigValues v) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put(LogConfig.SEGMENT_BYTES.name(), v.get(LOG_SEGMENT_BYTES));
        Long rollMs = v.get(LOG_ROLL_MS);
        log.put(LogConfig.SEGMENT_MS.name(), rollMs != null ? rollMs : v.get(LOG_ROLL_HOURS) * HOUR_MS);
        log.put(LogConfig.SEGMENT_INDEX_BYTES.name(), v.get(LOG_INDEX_SIZE_MAX_BYTES));
        log.put(LogConfig.INDEX_INTERVAL_BYTES.name(), v.get(LOG_INDEX_INTERVAL_BYTES));
        log.put(LogConfig.RETENTION_MS.name(), retentionMs(v));
        log.put(LogConfig.RETENTION_BYTES.name(), v.get(LOG_RETENTION_BYTES));
        log.put(LogConfig.FLUSH_MESSAGES.name(), v.get(LOG_FLUSH_INTERVAL_MESSAGES));
        log.put(LogConfig.FLUSH_MS.name(), v.get(LOG_FLUSH_INTERVAL_MS));
        log.put(LogConfig.MAX_MESSAGE_BYTES.name(), v.get(MESSAGE_MAX_BYTES));
        log.put(LogConfig.MESSAGE_TIMESTAMP_TYPE.name(), v.get(LOG_MESSAGE_TIMESTAMP_TYPE));
        log.put(LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS.name(), v.get(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS));
        return log;
    }

    /** Kafka's precedence: milliseconds, else minutes, else hours; -1 at any unit means no limit. */
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

    // ------------------------------------------------------------------ validators

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

    private static Validator<List<String>> listenerList() {
        return new Validator<>() {
            @Override
            public String describe() {
                return "a non-empty comma-separated list of " + LISTENER_FORM
                        + " (port 0-65535; names unique, and ports unless 0)";
            }

            @Override
            public boolean test(List<String> value) {
                try {
                    parseListeners(value);
                    return true;
                } catch (InvalidConfigException e) {
                    return false;
                }
            }

            @Override
            public void ensureValid(String key, List<String> value) {
                parseListeners(value);
            }
        };
    }

    /** Parses {@code listeners}; every failure names the key, the listener and what is expected. */
    static List<Endpoint> parseListeners(List<String> specs) {
        String key = "listeners";
        if (specs.isEmpty()) {
            throw new InvalidConfigException("Invalid value '' for configuration '" + key
                    + "': must be at least one listener " + LISTENER_FORM);
        }
        List<Endpoint> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (String spec : specs) {
            String prefix = "Invalid value '" + String.join(",", specs) + "' for configuration '" + key
                    + "': listener '" + spec + "' ";
            Matcher m = LISTENER.matcher(spec);
            if (!m.matches()) {
                throw new InvalidConfigException(prefix + "is not of the form " + LISTENER_FORM);
            }
            String name = m.group(1);
            String host = m.group(2);
            String port = m.group(3);
            if (!LISTENER_NAME.matcher(name).matches()) {
                throw new InvalidConfigException(prefix + "has an invalid name '" + name
                        + "': expected letters, digits and '_', as in " + LISTENER_FORM);
            }
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
                if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.%a-zA-Z]+") || !host.contains(":")) {
                    throw new InvalidConfigException(prefix + "has an invalid IPv6 host '[" + host + "]'");
                }
            } else if (!HOST.matcher(host).matches()) {
                throw new InvalidConfigException(prefix + "has an invalid host '" + host
                        + "': expected a host name, an IPv4 address, [IPv6] or nothing for every interface");
            }
            if (port == null || port.isEmpty()) {
                throw new InvalidConfigException(prefix + "has no port; expected " + LISTENER_FORM);
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 0 || p > 65_535) {
                throw new InvalidConfigException(prefix + "has an invalid port '" + port + "': expected 0-65535");
            }
            if (!names.add(name)) {
                throw new InvalidConfigException(prefix + "repeats the listener name '" + name
                        + "': each listener needs its own name");
            }
            if (p != 0 && !ports.add(p)) {
                throw new InvalidConfigException(prefix + "repeats port " + p + ": each listener needs its own port");
            }
            out.add(new Endpoint(name, host, p));
        }
        return List.copyOf(out);
    }

    private static Validator<String> zookeeperConnectString() {
        return new Validator<>() {
            @Override
            public String describe() {
                return "host:port[,host:port...][/chroot] with ports 1-65535";
            }

            @Override
            public boolean test(String value) {
                if (value == null || value.isBlank()) {
                    return false;
                }
                int slash = value.indexOf('/');
                String servers = slash < 0 ? value : value.substring(0, slash);
                for (String server : servers.split(",", -1)) {
                    int colon = server.lastIndexOf(':');
                    if (colon <= 0) {
                        return false;
                    }
                    try {
                        int port = Integer.parseInt(server.substring(colon + 1).trim());
                        if (port < 1 || port > 65_535) {
                            return false;
                        }
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
                return true;
            }
        };
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
