package io.replog.config;

import io.replog.coordinator.Endpoint;
import io.replog.errors.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    /** The required keys, as strings from a properties file. */
    static Map<String, Object> minimal() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("broker.id", "3");
        props.put("log.dirs", "/var/replog/data");
        props.put("zookeeper.connect", "zk1:2181,zk2:2181/replog");
        return props;
    }

    static Map<String, Object> with(String key, Object value) {
        Map<String, Object> props = minimal();
        props.put(key, value);
        return props;
    }

    static void refused(Map<String, Object> props, String message) {
        assertThatThrownBy(() -> BrokerConfig.parse(props)).isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }

    @Test
    void defaultsAreKafkasWhereKafkaHasTheKey() {
        BrokerConfig c = BrokerConfig.parse(minimal());
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("listeners", List.of("PLAINTEXT://:9092"));
        kafka.put("zookeeper.session.timeout.ms", 18_000);
        kafka.put("log.segment.bytes", 1_073_741_824);
        kafka.put("log.roll.hours", 168);
        kafka.put("log.index.size.max.bytes", 10_485_760);
        kafka.put("log.index.interval.bytes", 4096);
        kafka.put("log.retention.hours", 168);
        kafka.put("log.retention.bytes", -1L);
        kafka.put("log.flush.interval.messages", Long.MAX_VALUE);
        kafka.put("message.max.bytes", 1_048_588);
        kafka.put("log.message.timestamp.type", "CreateTime");
        kafka.put("log.message.timestamp.after.max.ms", 3_600_000L);
        kafka.put("log.retention.check.interval.ms", 300_000L);
        kafka.put("min.insync.replicas", 1);
        kafka.put("unclean.leader.election.enable", false);
        kafka.put("replica.lag.time.max.ms", 30_000L);
        kafka.put("replica.high.watermark.checkpoint.interval.ms", 5_000L);
        kafka.put("replica.fetch.wait.max.ms", 500);
        kafka.put("replica.fetch.min.bytes", 1);
        kafka.put("replica.fetch.max.bytes", 1_048_576);
        kafka.put("replica.fetch.backoff.ms", 1_000);
        kafka.put("auto.leader.rebalance.enable", true);
        kafka.put("leader.imbalance.check.interval.seconds", 300L);
        kafka.put("leader.imbalance.per.broker.percentage", 10);
        kafka.forEach((key, value) -> assertThat(c.asMap().get(key)).as(key).isEqualTo(value));
        // Kafka leaves these unset and falls back to another key, as replog does.
        for (String unset : List.of("broker.rack", "log.roll.ms", "log.retention.ms", "log.retention.minutes",
                "zookeeper.connection.timeout.ms")) {
            assertThat(c.asMap()).as(unset).containsEntry(unset, null);
        }
        assertThat(c.zookeeperConnectionTimeoutMs()).isEqualTo(18_000);
        assertThat(c.rack()).isEmpty();
        assertThat(c.listeners()).containsExactly(new Endpoint("PLAINTEXT", "", 9092));
        // The broker-level log defaults land on the topic-level keys with LogConfig's defaults.
        assertThat(c.logDefaults()).isEqualTo(LogConfig.defaults());
        assertThat(c.topicDefaults().keySet()).containsExactlyElementsOf(
                TopicConfig.CONFIG_DEF.keys().stream().map(ConfigKey::name).toList());
    }

    @Test
    void theBuilderAndPropertiesGiveTheSameConfiguration() {
        BrokerConfig built = BrokerConfig.builder().brokerId(3).rack("r1").logDir(Path.of("/var/replog/data"))
                .listeners("INTERNAL://10.0.0.3:9093", "EXTERNAL://broker3.example.com:19092")
                .zookeeperConnect("zk1:2181,zk2:2181/replog").zookeeperSessionTimeoutMs(6_000)
                .zookeeperConnectionTimeoutMs(4_000).isrChangeNotificationLingerMs(250)
                .logSegmentBytes(512 * 1024).logRollMs(60_000).logRetentionMs(3_600_000).logRetentionBytes(1L << 30)
                .logFlushIntervalMessages(10_000).logFlushIntervalMs(1_000).messageMaxBytes(2_000_000)
                .logMessageTimestampType("LogAppendTime").logRetentionCheckIntervalMs(10_000)
                .minInsyncReplicas(2).uncleanLeaderElectionEnable(true)
                .replicaLagTimeMaxMs(20_000).replicaHighWatermarkCheckpointIntervalMs(2_000)
                .replicaFetchWaitMaxMs(250).replicaFetchMinBytes(10).replicaFetchMaxBytes(4 << 20)
                .replicaFetchBackoffMs(500).autoLeaderRebalanceEnable(false).leaderImbalanceCheckIntervalSeconds(60)
                .leaderImbalancePerBrokerPercentage(20).controllerRequestRetryBackoffMs(50)
                .build();
        Properties props = new Properties();
        props.setProperty("broker.id", "3");
        props.setProperty("broker.rack", "r1");
        props.setProperty("log.dirs", "/var/replog/data");
        props.setProperty("listeners", "INTERNAL://10.0.0.3:9093, EXTERNAL://broker3.example.com:19092");
        props.setProperty("zookeeper.connect", "zk1:2181,zk2:2181/replog");
        props.setProperty("zookeeper.session.timeout.ms", "6000");
        props.setProperty("zookeeper.connection.timeout.ms", "4000");
        props.setProperty("isr.change.notification.linger.ms", "250");
        props.setProperty("log.segment.bytes", "524288");
        props.setProperty("log.roll.ms", "60000");
        props.setProperty("log.retention.ms", "3600000");
        props.setProperty("log.retention.bytes", "1073741824");
        props.setProperty("log.flush.interval.messages", "10000");
        props.setProperty("log.flush.interval.ms", "1000");
        props.setProperty("message.max.bytes", "2000000");
        props.setProperty("log.message.timestamp.type", "LogAppendTime");
        props.setProperty("log.retention.check.interval.ms", "10000");
        props.setProperty("min.insync.replicas", "2");
        props.setProperty("unclean.leader.election.enable", "true");
        props.setProperty("replica.lag.time.max.ms", "20000");
        props.setProperty("replica.high.watermark.checkpoint.interval.ms", "2000");
        props.setProperty("replica.fetch.wait.max.ms", "250");
        props.setProperty("replica.fetch.min.bytes", "10");
        props.setProperty("replica.fetch.max.bytes", "4194304");
        props.setProperty("replica.fetch.backoff.ms", "500");
        props.setProperty("auto.leader.rebalance.enable", "false");
        props.setProperty("leader.imbalance.check.interval.seconds", "60");
        props.setProperty("leader.imbalance.per.broker.percentage", "20");
        props.setProperty("controller.request.retry.backoff.ms", "50");
        BrokerConfig parsed = BrokerConfig.parse(props);
        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.toBuilder().build()).isEqualTo(built);
        assertThat(built.listeners()).containsExactly(new Endpoint("INTERNAL", "10.0.0.3", 9093),
                new Endpoint("EXTERNAL", "broker3.example.com", 19092));
        assertThat(built.logDir()).isEqualTo(Path.of("/var/replog/data"));
        assertThat(built.rack()).contains("r1");
        assertThat(built.zookeeperConnectionTimeoutMs()).isEqualTo(4_000);
        assertThat(built.logDefaults()).isEqualTo(LogConfig.builder().segmentBytes(512 * 1024).segmentMs(60_000)
                .retentionMs(3_600_000).retentionBytes(1L << 30).flushMessages(10_000).flushMs(1_000)
                .maxMessageBytes(2_000_000).set("message.timestamp.type", "LogAppendTime").build());
        assertThat(built.topicDefaults()).containsEntry("min.insync.replicas", 2)
                .containsEntry("unclean.leader.election.enable", true).containsEntry("retention.ms", 3_600_000L);
    }

    @Test
    void theBuilderRefusesWhatPropertiesRefuse() {
        assertThatThrownBy(() -> BrokerConfig.builder().brokerId(-2).logDir(Path.of("/d")).zookeeperConnect("zk:1")
                .build()).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-2' for configuration 'broker.id': must be at least 0");
        assertThatThrownBy(() -> BrokerConfig.builder().brokerId(1).logDir(Path.of("/d")).zookeeperConnect("zk:1")
                .set("replog.planted.bugs", "ALL").build()).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'replog.planted.bugs'; known keys are [");
    }

    @Test
    void retentionAndRollFollowKafkasPrecedence() {
        assertThat(BrokerConfig.parse(with("log.retention.hours", "1")).logDefaults().retentionMs()).isEqualTo(3_600_000);
        Map<String, Object> p = with("log.retention.hours", "1");
        p.put("log.retention.minutes", "2");
        assertThat(BrokerConfig.parse(p).logDefaults().retentionMs()).isEqualTo(120_000);
        p.put("log.retention.ms", "5");
        assertThat(BrokerConfig.parse(p).logDefaults().retentionMs()).isEqualTo(5);
        assertThat(BrokerConfig.parse(with("log.retention.hours", "-1")).logDefaults().retentionMs()).isEqualTo(-1);
        assertThat(BrokerConfig.parse(with("log.retention.minutes", "-1")).logDefaults().retentionMs()).isEqualTo(-1);
        assertThat(BrokerConfig.parse(with("log.roll.hours", "2")).logDefaults().segmentMs()).isEqualTo(7_200_000);
        Map<String, Object> roll = with("log.roll.hours", "2");
        roll.put("log.roll.ms", "1000");
        assertThat(BrokerConfig.parse(roll).logDefaults().segmentMs()).isEqualTo(1_000);
    }

    @Test
    void aMissingRequiredKeyIsNamedWithWhatIsAllowed() {
        for (String key : List.of("broker.id", "log.dirs", "zookeeper.connect")) {
            Map<String, Object> props = minimal();
            props.remove(key);
            assertThatThrownBy(() -> BrokerConfig.parse(props)).as(key).isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("Missing required configuration '" + key + "': ")
                    .hasMessageContaining(" Must be ");
        }
        Map<String, Object> noId = minimal();
        noId.remove("broker.id");
        refused(noId, "Missing required configuration 'broker.id': This broker's id, unique in the cluster. "
                + "Required: replog does not generate ids (Kafka's -1). Must be at least 0.");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownKeys() {
        assertThatThrownBy(() -> BrokerConfig.parse(with("zookeeper.sesion.timeout.ms", "6000")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'zookeeper.sesion.timeout.ms'; known keys are [")
                .hasMessageContaining("zookeeper.session.timeout.ms");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "broker.id; abc; Invalid value 'abc' for configuration 'broker.id': expected an integer",
            "broker.id; -1; Invalid value '-1' for configuration 'broker.id': must be at least 0",
            "broker.rack; '  '; Invalid value '' for configuration 'broker.rack': must be a non-empty string",
            "zookeeper.session.timeout.ms; soon; Invalid value 'soon' for configuration 'zookeeper.session.timeout.ms': expected an integer",
            "zookeeper.session.timeout.ms; 0; Invalid value '0' for configuration 'zookeeper.session.timeout.ms': must be at least 1",
            "zookeeper.connection.timeout.ms; 0; Invalid value '0' for configuration 'zookeeper.connection.timeout.ms': must be at least 1",
            "isr.change.notification.linger.ms; -5; Invalid value '-5' for configuration 'isr.change.notification.linger.ms': must be at least 0",
            "zookeeper.connect; zk; Invalid value 'zk' for configuration 'zookeeper.connect': must be host:port[,host:port...][/chroot] with ports 1-65535",
            "zookeeper.connect; 'zk:2181,zk2:0/x'; Invalid value 'zk:2181,zk2:0/x' for configuration 'zookeeper.connect': must be host:port[,host:port...][/chroot] with ports 1-65535",
            "log.segment.bytes; 10; Invalid value '10' for configuration 'log.segment.bytes': must be at least 61",
            "log.roll.ms; 0; Invalid value '0' for configuration 'log.roll.ms': must be at least 1",
            "log.roll.hours; 0; Invalid value '0' for configuration 'log.roll.hours': must be at least 1",
            "log.retention.ms; -2; Invalid value '-2' for configuration 'log.retention.ms': must be -1 (no limit) or at least 0",
            "log.retention.minutes; -3; Invalid value '-3' for configuration 'log.retention.minutes': must be -1 (no limit) or at least 0",
            "log.retention.hours; x; Invalid value 'x' for configuration 'log.retention.hours': expected an integer",
            "log.retention.bytes; -7; Invalid value '-7' for configuration 'log.retention.bytes': must be -1 (no limit) or at least 0",
            "log.flush.interval.messages; 0; Invalid value '0' for configuration 'log.flush.interval.messages': must be at least 1",
            "message.max.bytes; -1; Invalid value '-1' for configuration 'message.max.bytes': must be at least 0",
            "log.message.timestamp.type; createtime; Invalid value 'createtime' for configuration 'log.message.timestamp.type': must be one of [CreateTime, LogAppendTime]",
            "log.retention.check.interval.ms; 0; Invalid value '0' for configuration 'log.retention.check.interval.ms': must be at least 1",
            "min.insync.replicas; 0; Invalid value '0' for configuration 'min.insync.replicas': must be at least 1",
            "unclean.leader.election.enable; yes; Invalid value 'yes' for configuration 'unclean.leader.election.enable': expected a boolean (true or false)",
            "replica.lag.time.max.ms; 0; Invalid value '0' for configuration 'replica.lag.time.max.ms': must be at least 1",
            "replica.high.watermark.checkpoint.interval.ms; 0; Invalid value '0' for configuration 'replica.high.watermark.checkpoint.interval.ms': must be at least 1",
            "replica.fetch.wait.max.ms; -1; Invalid value '-1' for configuration 'replica.fetch.wait.max.ms': must be at least 0",
            "replica.fetch.wait.max.ms; 40000; Invalid value '40000' for configuration 'replica.fetch.wait.max.ms': must be at most replica.lag.time.max.ms (30000), or a follower waiting on an idle leader would leave the ISR",
            "replica.fetch.min.bytes; -1; Invalid value '-1' for configuration 'replica.fetch.min.bytes': must be at least 0",
            "replica.fetch.max.bytes; 1.5; Invalid value '1.5' for configuration 'replica.fetch.max.bytes': expected an integer",
            "replica.fetch.backoff.ms; -1; Invalid value '-1' for configuration 'replica.fetch.backoff.ms': must be at least 0",
            "auto.leader.rebalance.enable; 1; Invalid value '1' for configuration 'auto.leader.rebalance.enable': expected a boolean (true or false)",
            "leader.imbalance.check.interval.seconds; 0; Invalid value '0' for configuration 'leader.imbalance.check.interval.seconds': must be between 1 and 31536000 (inclusive)",
            "leader.imbalance.per.broker.percentage; 101; Invalid value '101' for configuration 'leader.imbalance.per.broker.percentage': must be between 0 and 100 (inclusive)",
            "controller.request.retry.backoff.ms; 0; Invalid value '0' for configuration 'controller.request.retry.backoff.ms': must be between 1 and 3600000 (inclusive)",
    })
    void aBadValueIsRefusedNamingKeyValueAndWhatIsAllowed(String key, String value, String message) {
        refused(with(key, value), message);
    }

    @Test
    void replogKeepsOneLogDirectoryAndSaysSo() {
        refused(with("log.dirs", "/a,/b"), "Invalid value '/a,/b' for configuration 'log.dirs': must be exactly one "
                + "directory (replog supports a single log directory per broker today); got 2 directories");
        refused(with("log.dirs", " , "), "Invalid value '' for configuration 'log.dirs': must be exactly one "
                + "directory (replog supports a single log directory per broker today)");
        assertThat(BrokerConfig.parse(with("log.dirs", " /a , ")).logDir()).isEqualTo(Path.of("/a"));
    }

    @Test
    void listenersParseKafkasSyntax() {
        assertThat(BrokerConfig.parse(with("listeners", "PLAINTEXT://[::1]:9092,SSL://:9093,CONTROLLER_1://h-1.x:0"))
                .listeners()).containsExactly(new Endpoint("PLAINTEXT", "::1", 9092), new Endpoint("SSL", "", 9093),
                new Endpoint("CONTROLLER_1", "h-1.x", 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "broker1:9092 | listener 'broker1:9092' is not of the form NAME://host:port, e.g. PLAINTEXT://broker1:9092",
            "PLAINTEXT://broker1 | listener 'PLAINTEXT://broker1' has no port; expected NAME://host:port, e.g. PLAINTEXT://broker1:9092",
            "PLAINTEXT://broker1: | listener 'PLAINTEXT://broker1:' has no port; expected NAME://host:port, e.g. PLAINTEXT://broker1:9092",
            "PLAINTEXT://broker1:99999 | listener 'PLAINTEXT://broker1:99999' has an invalid port '99999': expected 0-65535",
            "PLAINTEXT://broker1:http | listener 'PLAINTEXT://broker1:http' has an invalid port 'http': expected 0-65535",
            "PLAIN-TEXT://broker1:9092 | listener 'PLAIN-TEXT://broker1:9092' has an invalid name 'PLAIN-TEXT': expected letters, digits and '_', as in NAME://host:port, e.g. PLAINTEXT://broker1:9092",
            "://broker1:9092 | listener '://broker1:9092' has an invalid name '': expected letters, digits and '_', as in NAME://host:port, e.g. PLAINTEXT://broker1:9092",
            "PLAINTEXT://bro ker:9092 | listener 'PLAINTEXT://bro ker:9092' has an invalid host 'bro ker': expected a host name, an IPv4 address, [IPv6] or nothing for every interface",
            "PLAINTEXT://[]:9092 | listener 'PLAINTEXT://[]:9092' has an invalid IPv6 host '[]'",
            "'A://h:1,A://h:2' | listener 'A://h:2' repeats the listener name 'A': each listener needs its own name",
            "'A://h:1,B://g:1' | listener 'B://g:1' repeats port 1: each listener needs its own port",
    })
    void aBadListenerIsRefusedPrecisely(String listeners, String detail) {
        refused(with("listeners", listeners), "Invalid value '" + listeners.replace(" ,", ",")
                + "' for configuration 'listeners': " + detail);
    }

    @Test
    void noListenersIsRefused() {
        refused(with("listeners", ""), "Invalid value '' for configuration 'listeners': must be at least one listener "
                + "NAME://host:port, e.g. PLAINTEXT://broker1:9092");
    }

    @Test
    void everyTopicLevelKeyHasItsBrokerDefaultAndNoKeyIsDeclaredTwice() {
        for (ConfigKey<?> key : TopicConfig.CONFIG_DEF.keys()) {
            List<String> brokerKeys = BrokerConfig.brokerDefaultKeys(key.name());
            assertThat(brokerKeys).as(key.name()).isNotEmpty();
            brokerKeys.forEach(b -> assertThat(BrokerConfig.CONFIG_DEF.defines(b)).as(b).isTrue());
        }
        assertThat(BrokerConfig.brokerDefaultKeys("retention.ms"))
                .containsExactly("log.retention.ms", "log.retention.minutes", "log.retention.hours");
        assertThat(BrokerConfig.brokerDefaultKeys("max.message.bytes")).containsExactly("message.max.bytes");
        assertThat(BrokerConfig.brokerDefaultKeys("min.insync.replicas")).containsExactly("min.insync.replicas");
        assertThatThrownBy(() -> BrokerConfig.brokerDefaultKeys("log.dirs"))
                .isInstanceOf(IllegalArgumentException.class);
        // The sections partition the broker's keys: each key in exactly one.
        List<ConfigDef> sections = List.of(BrokerConfig.IDENTITY_CONFIG_DEF, BrokerConfig.ZOOKEEPER_CONFIG_DEF,
                BrokerConfig.LOG_CONFIG_DEF, BrokerConfig.REPLICATION_CONFIG_DEF, BrokerConfig.FETCHER_CONFIG_DEF,
                BrokerConfig.CONTROLLER_CONFIG_DEF, BrokerConfig.SAME_NAME_TOPIC_DEFAULTS_CONFIG_DEF);
        List<String> names = new ArrayList<>();
        sections.forEach(s -> s.keys().forEach(k -> names.add(k.name())));
        Set<String> unique = new HashSet<>(names);
        assertThat(names).hasSameSizeAs(unique);
        assertThat(unique).isEqualTo(new HashSet<>(BrokerConfig.CONFIG_DEF.keys().stream().map(ConfigKey::name).toList()));
        // The same-name keys are TopicConfig's own objects, not a second declaration.
        assertThat(BrokerConfig.CONFIG_DEF.keys()).contains(TopicConfig.MIN_INSYNC_REPLICAS,
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE);
        BrokerConfig.CONFIG_DEF.keys().forEach(k -> assertThat(k.doc()).as(k.name()).isNotBlank());
    }

    @Test
    void topicOverridesAreValidatedOnTheirOwn() {
        TopicConfig.validate(Map.of("retention.ms", "1000", "min.insync.replicas", "2"));
        assertThatThrownBy(() -> TopicConfig.validate(Map.of("log.retention.ms", "1000")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'log.retention.ms'; known keys are [");
        assertThatThrownBy(() -> TopicConfig.validate(Map.of("unclean.leader.election.enable", "sometimes")))
                .isInstanceOf(InvalidConfigException.class).hasMessage("Invalid value 'sometimes' for configuration "
                        + "'unclean.leader.election.enable': expected a boolean (true or false)");
    }

    @Test
    void typedValuesAreAcceptedAsFromAMap() {
        Map<String, Object> typed = new HashMap<>(Map.of("broker.id", 3, "log.dirs", List.of("/var/replog/data"),
                "zookeeper.connect", "zk1:2181,zk2:2181/replog"));
        assertThat(BrokerConfig.parse(typed)).isEqualTo(BrokerConfig.parse(minimal()));
    }

    @Test
    void thePublicConfigurationNeverExposesTheEngine() {
        for (Class<?> type : List.of(BrokerConfig.class, BrokerConfig.Builder.class, TopicConfig.class)) {
            List<String> signatures = new ArrayList<>();
            for (java.lang.reflect.Method m : type.getMethods()) {
                signatures.add(m.toGenericString());
            }
            for (java.lang.reflect.Field f : type.getFields()) {
                signatures.add(f.toGenericString());
            }
            for (java.lang.reflect.Constructor<?> c : type.getConstructors()) {
                signatures.add(c.toGenericString());
            }
            assertThat(signatures).as(type.getName()).isNotEmpty()
                    .noneMatch(sig -> sig.contains("io.replog.internal"));
        }
    }
}
