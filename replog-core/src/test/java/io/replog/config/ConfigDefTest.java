package io.replog.config;

import io.replog.errors.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigDefTest {
    static final ConfigKey<Integer> SIZE = ConfigKey.of("segment.bytes", ConfigType.INT, 1024,
            Validator.between(14, Integer.MAX_VALUE), "Segment size.");
    static final ConfigKey<Long> RETENTION = ConfigKey.of("retention.ms", ConfigType.LONG, 1000L,
            Validator.unlimitedOrAtLeast(0), "Retention.");
    static final ConfigKey<Boolean> FLAG = ConfigKey.of("unclean.leader.election.enable", ConfigType.BOOLEAN, false,
            Validator.any(), "Unclean election.");
    static final ConfigKey<String> ACKS = ConfigKey.of("acks", ConfigType.STRING, "all",
            Validator.oneOf("0", "1", "all"), "Acks.");
    static final ConfigKey<List<String>> SERVERS = ConfigKey.required("bootstrap.servers", ConfigType.LIST,
            Validator.nonEmptyList(), "Where to connect.");
    static final ConfigKey<Double> RATIO = ConfigKey.of("ratio", ConfigType.DOUBLE, 0.5,
            Validator.any(), "A ratio.");

    final ConfigDef def = ConfigDef.of(SIZE, RETENTION, FLAG, ACKS, SERVERS, RATIO);

    @Test
    void defaultsFillWhatIsNotGiven() {
        ConfigValues values = def.parse(Map.of("bootstrap.servers", "a:1, b:2"));
        assertThat(values.get(SIZE)).isEqualTo(1024);
        assertThat(values.get(RETENTION)).isEqualTo(1000L);
        assertThat(values.get(FLAG)).isFalse();
        assertThat(values.get(ACKS)).isEqualTo("all");
        assertThat(values.get(SERVERS)).containsExactly("a:1", "b:2");
        assertThat(values.get(RATIO)).isEqualTo(0.5);
    }

    @Test
    void stringsAndTypedValuesBothParse() {
        Properties props = new Properties();
        props.setProperty("segment.bytes", " 2048 ");
        props.setProperty("retention.ms", "-1");
        props.setProperty("unclean.leader.election.enable", "TRUE");
        props.setProperty("bootstrap.servers", "x:9092");
        ConfigValues fromProps = def.parse(props);
        assertThat(fromProps.get(SIZE)).isEqualTo(2048);
        assertThat(fromProps.get(RETENTION)).isEqualTo(-1L);
        assertThat(fromProps.get(FLAG)).isTrue();

        ConfigValues typed = def.parse(Map.of("segment.bytes", 4096L, "retention.ms", 5, "bootstrap.servers",
                List.of("y:1"), "ratio", 2));
        assertThat(typed.get(SIZE)).isEqualTo(4096);
        assertThat(typed.get(RETENTION)).isEqualTo(5L);
        assertThat(typed.get(SERVERS)).containsExactly("y:1");
        assertThat(typed.get(RATIO)).isEqualTo(2.0);
    }

    @Test
    void notANumberNamesKeyValueAndType() {
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "segment.bytes", "12k")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '12k' for configuration 'segment.bytes': expected an integer");
    }

    @Test
    void intOverflowIsRejected() {
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "segment.bytes", 3_000_000_000L)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'segment.bytes'").hasMessageContaining("3000000000");
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "segment.bytes", 1.5)))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("expected an integer");
    }

    @Test
    void outOfRangeNamesWhatIsAllowed() {
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "segment.bytes", "10")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '10' for configuration 'segment.bytes': must be between 14 and 2147483647 (inclusive)");
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "retention.ms", "-2")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-2' for configuration 'retention.ms': must be -1 (no limit) or at least 0");
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "acks", "2")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '2' for configuration 'acks': must be one of [0, 1, all]");
    }

    @Test
    void booleanMustBeTrueOrFalse() {
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "unclean.leader.election.enable", "yes")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'yes' for configuration 'unclean.leader.election.enable': "
                        + "expected a boolean (true or false)");
    }

    @Test
    void unknownKeyIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "segment.byte", "1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'segment.byte'; known keys are [")
                .hasMessageContaining("segment.bytes");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> def.parse(Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Missing required configuration 'bootstrap.servers'")
                .hasMessageContaining("a non-empty list");
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", " , ")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'bootstrap.servers': must be a non-empty list");
    }

    @Test
    void nullValueIsRefused() {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("bootstrap.servers", "a:1");
        props.put("acks", null);
        assertThatThrownBy(() -> def.parse(props))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'null'").hasMessageContaining("'acks'");
    }

    @Test
    void wrongJavaTypeIsRefused() {
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", 42)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '42' for configuration 'bootstrap.servers': expected a comma-separated list");
        assertThatThrownBy(() -> def.parse(Map.of("bootstrap.servers", "a:1", "acks", 1)))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("expected a string");
    }

    @Test
    void declarationMistakesFailFast() {
        assertThatThrownBy(() -> ConfigDef.of(SIZE, SIZE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> ConfigKey.of("x", ConfigType.INT, 5, Validator.atLeast(10), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10");
        assertThatThrownBy(() -> def.with(ConfigDef.of(ACKS))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreReadOnlyThroughDeclaredKeys() {
        ConfigValues values = def.parse(Map.of("bootstrap.servers", "a:1"));
        ConfigKey<Integer> foreign = ConfigKey.of("segment.bytes", ConfigType.INT, 1024, Validator.any(), "other");
        assertThatThrownBy(() -> values.get(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThat(values.asMap()).containsEntry("segment.bytes", 1024);
        assertThat(def.defines("acks")).isTrue();
        assertThat(def.keys()).hasSize(6);
    }
}
