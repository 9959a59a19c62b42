package io.replog.client;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.errors.InvalidConfigException;
import io.replog.record.Compression;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three client configurations: Kafka's names and defaults, precise refusals, the cross-key rules. */
class ClientConfigTest {
    private static final Map<String, Object> SERVERS = Map.of("bootstrap.servers", "b1:9092,b2:9093");

    // ------------------------------------------------------------------ Kafka's defaults (Kafka's own config is the oracle)

    @Test
    void producerDefaultsAreKafkas() {
        assertDefaultsMatch(ProducerConfig.CONFIG_DEF, org.apache.kafka.clients.producer.ProducerConfig.configDef());
    }

    @Test
    void consumerDefaultsAreKafkas() {
        assertDefaultsMatch(ConsumerConfig.CONFIG_DEF, org.apache.kafka.clients.consumer.ConsumerConfig.configDef());
    }

    @Test
    void adminDefaultsAreKafkas() {
        assertDefaultsMatch(AdminConfig.CONFIG_DEF, AdminClientConfig.configDef());
    }

    private static void assertDefaultsMatch(ConfigDef ours, org.apache.kafka.common.config.ConfigDef kafka) {
        Map<String, Object> kafkas = kafka.defaultValues();
        for (ConfigKey<?> key : ours.keys()) {
            assertThat(kafka.names()).as("Kafka declares %s", key.name()).contains(key.name());
            if (key.isRequired()) {
                // replog requires bootstrap.servers everywhere; Kafka's admin defaults it to [] only because it
                // may use bootstrap.controllers instead, which replog does not have.
                continue;
            }
            Object mine = key.defaultValue();
            String text = mine instanceof Acks a ? a.configValue()
                    : mine instanceof OffsetResetStrategy s ? s.configValue() : String.valueOf(mine);
            assertThat(text).as("default of %s", key.name()).isEqualTo(String.valueOf(kafkas.get(key.name())));
        }
    }

    @Test
    void sharedKeysAreDeclaredOnce() {
        assertThat(ProducerConfig.BOOTSTRAP_SERVERS).isSameAs(ConsumerConfig.BOOTSTRAP_SERVERS)
                .isSameAs(AdminConfig.BOOTSTRAP_SERVERS);
        assertThat(ProducerConfig.CLIENT_ID).isSameAs(ConsumerConfig.CLIENT_ID).isSameAs(AdminConfig.CLIENT_ID);
        assertThat(ProducerConfig.REQUEST_TIMEOUT_MS).isSameAs(ConsumerConfig.REQUEST_TIMEOUT_MS)
                .isSameAs(AdminConfig.REQUEST_TIMEOUT_MS);
    }

    @Test
    void producerDefaultsThroughGetters() {
        ProducerConfig c = ProducerConfig.parse(SERVERS);
        assertThat(c.acks()).isEqualTo(Acks.ALL);
        assertThat(c.lingerMs()).isEqualTo(5);
        assertThat(c.batchSize()).isEqualTo(16_384);
        assertThat(c.bufferMemory()).isEqualTo(32L << 20);
        assertThat(c.maxBlockMs()).isEqualTo(60_000);
        assertThat(c.deliveryTimeoutMs()).isEqualTo(120_000);
        assertThat(c.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(c.retries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.retryBackoffMs()).isEqualTo(100);
        assertThat(c.maxInFlightRequestsPerConnection()).isEqualTo(5);
        assertThat(c.compressionType()).isEqualTo(Compression.NONE);
        assertThat(c.clientId()).isEmpty();
        assertThat(c.bootstrapServers()).containsExactly(new ServerAddress.Tcp("b1", 9092),
                new ServerAddress.Tcp("b2", 9093));
    }

    // ------------------------------------------------------------------ builders and property names agree

    @Test
    void builderAndPropertiesGiveTheSameProducerConfig() {
        ProducerConfig built = ProducerConfig.builder().bootstrapServers("b1:9092", "b2:9093").acks(Acks.LEADER)
                .lingerMs(20).batchSize(1024).bufferMemory(1 << 20).maxBlockMs(10).deliveryTimeoutMs(60_000)
                .requestTimeoutMs(20_000).retries(3).retryBackoffMs(50).maxInFlightRequestsPerConnection(1)
                .compressionType(Compression.NONE).clientId("app").build();
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", "b1:9092, b2:9093");
        props.setProperty("acks", "1");
        props.setProperty("linger.ms", "20");
        props.setProperty("batch.size", "1024");
        props.setProperty("buffer.memory", "1048576");
        props.setProperty("max.block.ms", "10");
        props.setProperty("delivery.timeout.ms", "60000");
        props.setProperty("request.timeout.ms", "20000");
        props.setProperty("retries", "3");
        props.setProperty("retry.backoff.ms", "50");
        props.setProperty("max.in.flight.requests.per.connection", "1");
        props.setProperty("compression.type", "none");
        props.setProperty("client.id", "app");
        assertThat(ProducerConfig.parse(props)).isEqualTo(built);
        assertThat(built.toBuilder().build()).isEqualTo(built);
    }

    @Test
    void builderAndPropertiesGiveTheSameConsumerConfig() {
        ConsumerConfig built = ConsumerConfig.builder().bootstrapServers("local://cluster").fetchMinBytes(10)
                .fetchMaxWaitMs(100).maxPartitionFetchBytes(2048).fetchMaxBytes(4096).maxPollRecords(7)
                .autoOffsetReset(OffsetResetStrategy.EARLIEST).requestTimeoutMs(1000).clientId("c").build();
        ConsumerConfig parsed = ConsumerConfig.parse(Map.of("bootstrap.servers", "local://cluster",
                "fetch.min.bytes", "10", "fetch.max.wait.ms", "100", "max.partition.fetch.bytes", "2048",
                "fetch.max.bytes", 4096, "max.poll.records", "7", "auto.offset.reset", "EARLIEST",
                "request.timeout.ms", "1000", "client.id", "c"));
        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.bootstrapServers()).containsExactly(new ServerAddress.InVm("cluster"));
        assertThat(parsed.autoOffsetReset()).isEqualTo(OffsetResetStrategy.EARLIEST);
        assertThat(parsed.maxPollRecords()).isEqualTo(7);
        assertThat(ConsumerConfig.parse(SERVERS).autoOffsetReset()).isEqualTo(OffsetResetStrategy.LATEST);
    }

    @Test
    void builderAndPropertiesGiveTheSameAdminConfig() {
        AdminConfig built = AdminConfig.builder().bootstrapServers("[::1]:9092").requestTimeoutMs(1000)
                .defaultApiTimeoutMs(5000).clientId("ops").build();
        assertThat(AdminConfig.parse(Map.of("bootstrap.servers", "[::1]:9092", "request.timeout.ms", "1000",
                "default.api.timeout.ms", "5000", "client.id", "ops"))).isEqualTo(built);
        assertThat(built.bootstrapServers()).containsExactly(new ServerAddress.Tcp("::1", 9092));
        assertThat(built.defaultApiTimeoutMs()).isEqualTo(5000);
    }

    // ------------------------------------------------------------------ acks

    @Test
    void acksAcceptsKafkasSpellings() {
        assertThat(acks("0")).isEqualTo(Acks.NONE);
        assertThat(acks("1")).isEqualTo(Acks.LEADER);
        assertThat(acks("all")).isEqualTo(Acks.ALL);
        assertThat(acks("ALL")).isEqualTo(Acks.ALL);
        assertThat(acks("-1")).isEqualTo(Acks.ALL);
        assertThat(acks(-1)).isEqualTo(Acks.ALL);
        assertThat(acks(1)).isEqualTo(Acks.LEADER);
        assertThat(Acks.ALL.wireValue()).isEqualTo((short) -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "leader", "", "-2"})
    void acksRefusesOtherValues(String value) {
        assertThatThrownBy(() -> acks(value)).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '" + value + "' for configuration 'acks': must be one of [0, 1, all, -1]");
    }

    private static Acks acks(Object value) {
        return ProducerConfig.parse(Map.of("bootstrap.servers", "b:1", "acks", value)).acks();
    }

    // ------------------------------------------------------------------ precise refusals

    @Test
    void unknownKeysAreRefusedWithTheKnownList() {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of("bootstrap.servers", "b:1", "linger.msx", "1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'linger.msx'; known keys are [acks, batch.size, ")
                .hasMessageContaining("linger.ms");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("bootstrap.servers", "b:1", "group.id", "g")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'group.id'; known keys are [auto.offset.reset,");
        assertThatThrownBy(() -> AdminConfig.parse(Map.of("bootstrap.servers", "b:1", "acks", "1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Unknown configuration 'acks'; known keys are [bootstrap.servers, client.id, "
                        + "default.api.timeout.ms, request.timeout.ms, retry.backoff.ms]");
    }

    @Test
    void missingBootstrapServersIsNamed() {
        assertThatThrownBy(() -> ProducerConfig.builder().build()).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Missing required configuration 'bootstrap.servers': ");
    }

    @Test
    void valuesOutOfRangeNameKeyValueAndRule() {
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("b:1").lingerMs(-1).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-1' for configuration 'linger.ms': must be at least 0");
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("b:1").maxInFlightRequestsPerConnection(0)
                .build()).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '0' for configuration 'max.in.flight.requests.per.connection': "
                        + "must be at least 1");
        assertThatThrownBy(() -> ConsumerConfig.builder().bootstrapServers("b:1").maxPollRecords(0).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '0' for configuration 'max.poll.records': must be at least 1");
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of("bootstrap.servers", "b:1", "batch.size", "big")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'big' for configuration 'batch.size': expected an integer");
    }

    @Test
    void compressionOtherThanNoneIsRefusedByName() {
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("b:1").compressionType(Compression.ZSTD)
                .build()).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'zstd' for configuration 'compression.type': compression codec zstd is "
                        + "not supported by replog yet; only none is");
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of("bootstrap.servers", "b:1", "compression.type", "brotli")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'brotli' for configuration 'compression.type': must be none; Kafka's "
                        + "codecs are [none, gzip, snappy, lz4, zstd] and replog supports only none");
    }

    @Test
    void autoOffsetResetRefusalsSayWhy() {
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("bootstrap.servers", "b:1", "auto.offset.reset",
                "by_duration:PT1H"))).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'by_duration:PT1H' for configuration 'auto.offset.reset': must be one of "
                        + "[earliest, latest, none]; Kafka's by_duration:<duration> is not supported by replog yet");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("bootstrap.servers", "b:1", "auto.offset.reset",
                "smallest"))).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'smallest' for configuration 'auto.offset.reset': must be one of "
                        + "[earliest, latest, none]");
    }

    @Test
    void consumerRetryBackoffAndApiTimeoutParseAndRefuseBadValues() {
        ConsumerConfig built = ConsumerConfig.builder().bootstrapServers("b:1").retryBackoffMs(250)
                .defaultApiTimeoutMs(5_000).build();
        assertThat(ConsumerConfig.parse(Map.of("bootstrap.servers", "b:1", "retry.backoff.ms", "250",
                "default.api.timeout.ms", "5000"))).isEqualTo(built);
        assertThat(built.retryBackoffMs()).isEqualTo(250);
        assertThat(built.defaultApiTimeoutMs()).isEqualTo(5_000);
        ConsumerConfig defaults = ConsumerConfig.parse(SERVERS);
        assertThat(defaults.retryBackoffMs()).isEqualTo(100);
        assertThat(defaults.defaultApiTimeoutMs()).isEqualTo(60_000);
        assertThatThrownBy(() -> ConsumerConfig.builder().bootstrapServers("b:1").retryBackoffMs(-1).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-1' for configuration 'retry.backoff.ms': must be at least 0");
        assertThatThrownBy(() -> ConsumerConfig.builder().bootstrapServers("b:1").defaultApiTimeoutMs(-5).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-5' for configuration 'default.api.timeout.ms': must be at least 0");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("bootstrap.servers", "b:1", "retry.backoff.ms", "soon")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Invalid value 'soon' for configuration 'retry.backoff.ms': expected");
    }

    // ------------------------------------------------------------------ bootstrap.servers

    @Test
    void bootstrapServersParse() {
        assertThat(BootstrapServers.parse(List.of("broker-1.example.com:9092", "10.0.0.1:1", "[fe80::1%eth0]:65535")))
                .containsExactly(new ServerAddress.Tcp("broker-1.example.com", 9092),
                        new ServerAddress.Tcp("10.0.0.1", 1), new ServerAddress.Tcp("fe80::1%eth0", 65535));
        assertThat(BootstrapServers.parse(List.of("local://a", "local://b_2"))).containsExactly(
                new ServerAddress.InVm("a"), new ServerAddress.InVm("b_2"));
        assertThat(new ServerAddress.Tcp("::1", 9).toString()).isEqualTo("[::1]:9");
        assertThat(new ServerAddress.InVm("x").toString()).isEqualTo("local://x");
    }

    @Test
    void bootstrapServersRefusalsNameTheEntry() {
        assertRefused("b1:9092,b2", "Invalid value 'b1:9092,b2' for configuration 'bootstrap.servers': entry 'b2' "
                + "has no port; expected host:port, [ipv6]:port or local://name");
        assertRefused("b1:0", "Invalid value 'b1:0' for configuration 'bootstrap.servers': entry 'b1:0' has an "
                + "invalid port '0': expected 1-65535");
        assertRefused("b1:70000", "Invalid value 'b1:70000' for configuration 'bootstrap.servers': entry "
                + "'b1:70000' has an invalid port '70000': expected 1-65535");
        assertRefused(":9092", "Invalid value ':9092' for configuration 'bootstrap.servers': entry ':9092' has no "
                + "host; expected host:port, [ipv6]:port or local://name");
        assertRefused("b_1 x:9", "Invalid value 'b_1 x:9' for configuration 'bootstrap.servers': entry 'b_1 x:9' "
                + "has an invalid host 'b_1 x': expected a host name, an IPv4 address or [IPv6]");
        assertRefused("PLAINTEXT://b:9092", "Invalid value 'PLAINTEXT://b:9092' for configuration "
                + "'bootstrap.servers': entry 'PLAINTEXT://b:9092' has a scheme; expected host:port, [ipv6]:port "
                + "or local://name");
        assertRefused("local://", "Invalid value 'local://' for configuration 'bootstrap.servers': entry "
                + "'local://' has an invalid in-VM server name '': expected letters, digits, '.', '_' and '-'");
        assertRefused("local://a,b:1", "Invalid value 'local://a,b:1' for configuration 'bootstrap.servers': entry "
                + "'b:1' is a TCP address after local:// ones; a client uses one transport, so list only "
                + "host:port or only local://name");
        assertRefused("[1.2.3.4]:9", "Invalid value '[1.2.3.4]:9' for configuration 'bootstrap.servers': entry "
                + "'[1.2.3.4]:9' has an invalid IPv6 host '[1.2.3.4]'");
        assertRefused(" , ", "Invalid value '' for configuration 'bootstrap.servers': must be at least one server, "
                + "as host:port, [ipv6]:port or local://name");
    }

    private static void assertRefused(String servers, String message) {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of("bootstrap.servers", servers)))
                .isInstanceOf(InvalidConfigException.class).hasMessage(message);
        assertThatThrownBy(() -> AdminConfig.parse(Map.of("bootstrap.servers", servers)))
                .isInstanceOf(InvalidConfigException.class).hasMessage(message);
    }

    // ------------------------------------------------------------------ cross-key rules

    @Test
    void explicitDeliveryTimeoutBelowLingerPlusRequestIsRefused() {
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("b:1").lingerMs(1000)
                .requestTimeoutMs(30_000).deliveryTimeoutMs(30_999).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '30999' for configuration 'delivery.timeout.ms': must be at least "
                        + "linger.ms + request.timeout.ms (1000 + 30000 = 31000), or a batch could expire before "
                        + "its first request had its full time");
        assertThat(ProducerConfig.builder().bootstrapServers("b:1").lingerMs(1000).requestTimeoutMs(30_000)
                .deliveryTimeoutMs(31_000).build().deliveryTimeoutMs()).isEqualTo(31_000);
    }

    @Test
    void defaultDeliveryTimeoutIsRaisedToLingerPlusRequest() {
        ProducerConfig c = ProducerConfig.builder().bootstrapServers("b:1").lingerMs(100_000).build();
        assertThat(c.deliveryTimeoutMs()).isEqualTo(130_000);
        assertThat(c.get(ProducerConfig.DELIVERY_TIMEOUT_MS)).isEqualTo(120_000);
        // The raise is not frozen into a copy: lowering linger.ms again brings the default back.
        assertThat(c.toBuilder().lingerMs(0).build().deliveryTimeoutMs()).isEqualTo(120_000);
    }

    @Test
    void explicitApiTimeoutBelowRequestTimeoutIsRefusedAndTheDefaultRaised() {
        assertThatThrownBy(() -> AdminConfig.builder().bootstrapServers("b:1").requestTimeoutMs(10_000)
                .defaultApiTimeoutMs(9_999).build()).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '9999' for configuration 'default.api.timeout.ms': must be at least "
                        + "request.timeout.ms (10000), or a call could time out before its first request had its "
                        + "full time");
        assertThat(AdminConfig.builder().bootstrapServers("b:1").requestTimeoutMs(90_000).build()
                .defaultApiTimeoutMs()).isEqualTo(90_000);
    }

    @Test
    void aCommaSeparatedBootstrapListInTheBuilderMeansTheSameAsSeparateArguments() {
        ProducerConfig joined = ProducerConfig.builder().bootstrapServers("b1:9092, b2:9093").build();
        ProducerConfig separate = ProducerConfig.builder().bootstrapServers("b1:9092", "b2:9093").build();

        assertThat(joined.bootstrapServers()).isEqualTo(separate.bootstrapServers());
        assertThat(joined.bootstrapServers()).extracting(Object::toString).containsExactly("b1:9092", "b2:9093");
        assertThat(ProducerConfig.builder().bootstrapServers("b1:9092,").build().bootstrapServers())
                .as("a trailing comma, as in the property").extracting(Object::toString).containsExactly("b1:9092");
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers(" , ").build())
                .hasMessageContaining("bootstrap.servers").hasMessageContaining("at least one server");
    }
}
