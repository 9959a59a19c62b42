package io.replog.config;

import io.replog.errors.InvalidConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogConfigTest {

    @Test
    void defaultsAreKafkas() {
        LogConfig c = LogConfig.defaults();
        assertThat(c.segmentBytes()).isEqualTo(1 << 30);
        assertThat(c.segmentMs()).isEqualTo(604_800_000L);
        assertThat(c.segmentIndexBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(c.maxIndexEntries()).isEqualTo(10 * 1024 * 1024 / 8);
        assertThat(c.indexIntervalBytes()).isEqualTo(4096);
        assertThat(c.retentionMs()).isEqualTo(604_800_000L);
        assertThat(c.retentionBytes()).isEqualTo(-1L);
        assertThat(c.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.flushMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.maxMessageBytes()).isEqualTo(1_048_588);
        assertThat(c.logAppendTime()).isFalse();
        assertThat(c.timestampAfterMaxMs()).isEqualTo(3_600_000L);
        assertThat(LogConfig.CONFIG_DEF.keys()).hasSize(11);
    }

    @Test
    void aTimestampTypeOutsideKafkasTwoIsRefusedNamingTheAllowedValues() {
        assertThatThrownBy(() -> LogConfig.from(Map.of("message.timestamp.type", "BrokerTime")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("message.timestamp.type").hasMessageContaining("BrokerTime")
                .hasMessageContaining("CreateTime").hasMessageContaining("LogAppendTime");
        assertThat(LogConfig.from(Map.of("message.timestamp.type", "LogAppendTime")).logAppendTime()).isTrue();
    }

    @Test
    void parsesStringsFromPropertiesAndTypedValuesFromBuilders() {
        LogConfig parsed = LogConfig.from(Map.of("segment.bytes", "2048", "retention.ms", "-1", "flush.ms", 5));
        assertThat(parsed.segmentBytes()).isEqualTo(2048);
        assertThat(parsed.retentionMs()).isEqualTo(-1);
        assertThat(parsed.flushMs()).isEqualTo(5);
        LogConfig built = LogConfig.builder().segmentBytes(2048).retentionMs(-1).flushMs(5).build();
        assertThat(built).isEqualTo(parsed);
        assertThat(built.toBuilder().maxMessageBytes(100).build().maxMessageBytes()).isEqualTo(100);
        assertThat(built.toBuilder().build()).isEqualTo(built).hasSameHashCodeAs(built);
    }

    @Test
    void aBrokerCanMergeTheLogKeysWithItsOwn() {
        ConfigKey<Integer> minIsr = ConfigKey.of("min.insync.replicas", ConfigType.INT, 1, Validator.atLeast(1), "doc");
        ConfigDef merged = LogConfig.CONFIG_DEF.with(ConfigDef.of(minIsr));
        Properties props = new Properties();
        props.setProperty("segment.ms", "1000");
        props.setProperty("min.insync.replicas", "2");
        ConfigValues values = merged.parse(props);
        assertThat(LogConfig.from(values).segmentMs()).isEqualTo(1000);
        assertThat(values.get(minIsr)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "segment.bytes        | 60                   | at least 61",
            "segment.bytes        | 3000000000           | expected an integer",
            "segment.ms           | 0                    | at least 1",
            "segment.index.bytes  | 7                    | at least 8",
            "index.interval.bytes | -1                   | at least 0",
            "retention.ms         | -2                   | -1 (no limit) or at least 0",
            "retention.bytes      | -5                   | -1 (no limit) or at least 0",
            "flush.messages       | 0                    | at least 1",
            "flush.ms             | -1                   | at least 0",
            "max.message.bytes    | -1                   | at least 0",
            "max.message.bytes    | lots                 | expected an integer",
            "retention.ms         | 1.5                  | expected a long integer",
    })
    void everyKeyRejectsBadValuesNamingKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
        assertThatThrownBy(() -> LogConfig.from(Map.of(key, value)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(allowed);
        assertThatThrownBy(() -> LogConfig.builder().set(key, value).build()).isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> LogConfig.from(Map.of("segment.byte", "100")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'segment.byte'")
                .hasMessageContaining("segment.bytes");
    }
}
