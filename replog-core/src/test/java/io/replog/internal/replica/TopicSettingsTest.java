package io.replog.internal.replica;

import io.replog.config.BrokerConfig;
import io.replog.config.TopicConfig;
import io.replog.errors.InvalidConfigException;
import io.replog.config.LogConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicSettingsTest {
    private static final TopicSettings BROKER = new TopicSettings(LogConfig.builder().retentionMs(60_000).build(),
            new ReplicationSettings(2, 20_000), true);

    @Test
    void theDefaultsAreTheDeclaredKeysDefaults() {
        assertThat(TopicSettings.defaults()).isEqualTo(new TopicSettings(LogConfig.defaults(),
                new ReplicationSettings(1, 30_000), false));
        assertThat(ReplicationSettings.DEFAULT.replicaLagTimeMaxMs())
                .isEqualTo(BrokerConfig.REPLICA_LAG_TIME_MAX_MS.defaultValue());
    }

    @Test
    void overridesApplyOverTheBrokerDefaults() {
        assertThat(TopicSettings.resolve(BROKER, Map.of())).isSameAs(BROKER);
        TopicSettings t = TopicSettings.resolve(BROKER, Map.of("segment.bytes", "1024",
                "min.insync.replicas", "3", "unclean.leader.election.enable", "false"));
        assertThat(t.log().segmentBytes()).isEqualTo(1024);
        assertThat(t.log().retentionMs()).isEqualTo(60_000);
        assertThat(t.replication()).isEqualTo(new ReplicationSettings(3, 20_000));
        assertThat(t.uncleanLeaderElection()).isFalse();
        assertThat(TopicSettings.resolve(BROKER, Map.of("retention.ms", "5")).uncleanLeaderElection()).isTrue();
    }

    @Test
    void badOverridesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> TopicSettings.resolve(BROKER, Map.of("retention.ms", "-2")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-2' for configuration 'retention.ms': must be -1 (no limit) or at least 0");
        assertThatThrownBy(() -> TopicSettings.resolve(BROKER, Map.of("log.retention.ms", "5")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'log.retention.ms'");
    }

    @Test
    void oneKeyIsResolvedTheSameWayAsAll() {
        Map<String, String> overrides = Map.of("unclean.leader.election.enable", "false", "cleanup.policy", "compact");
        assertThat(BROKER.value(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE, overrides)).isFalse();
        assertThat(BROKER.value(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE, Map.of())).isTrue();
        assertThat(BROKER.value(TopicConfig.MIN_INSYNC_REPLICAS, Map.of())).isEqualTo(2);
        assertThat(BROKER.value(LogConfig.RETENTION_MS, Map.of("retention.ms", "7"))).isEqualTo(7L);
        assertThatThrownBy(() -> BROKER.value(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE,
                Map.of("unclean.leader.election.enable", "maybe"))).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'maybe' for configuration 'unclean.leader.election.enable': "
                        + "expected a boolean (true or false)");
        assertThatThrownBy(() -> BROKER.value(BrokerConfig.REPLICA_LAG_TIME_MAX_MS, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a topic-level key");
    }
}
