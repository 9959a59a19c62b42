package io.replog.internal.controller;

import io.replog.config.BrokerConfig;
import io.replog.errors.InvalidConfigException;
import io.replog.internal.replica.TopicSettings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerSettingsTest {
    private static Map<String, Object> broker(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of("broker.id", "0", "log.dirs", "/var/replog",
                "zookeeper.connect", "zk:2181"));
        props.putAll(extra);
        return props;
    }

    private static ControllerSettings parse(Map<String, Object> extra) {
        BrokerConfig config = BrokerConfig.parse(broker(extra));
        return ControllerSettings.from(config, TopicSettings.defaults()
                .withUncleanLeaderElection(config.uncleanLeaderElectionEnable()));
    }

    @Test
    void defaultsAreKafkas() {
        assertThat(ControllerSettings.defaults())
                .isEqualTo(new ControllerSettings(TopicSettings.defaults(), true, 300_000, 10, 100))
                .isEqualTo(parse(Map.of()));
    }

    @Test
    void kafkaNamesParse() {
        ControllerSettings c = parse(Map.of("unclean.leader.election.enable", "true",
                "leader.imbalance.check.interval.seconds", "5", "leader.imbalance.per.broker.percentage", 25,
                "auto.leader.rebalance.enable", "false", "controller.request.retry.backoff.ms", "20"));
        assertThat(c).isEqualTo(new ControllerSettings(TopicSettings.defaults().withUncleanLeaderElection(true),
                false, 5_000, 25, 20));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> parse(Map.of("leader.imbalance.per.broker.percentage", "150")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '150' for configuration 'leader.imbalance.per.broker.percentage': "
                        + "must be between 0 and 100 (inclusive)");
        assertThatThrownBy(() -> parse(Map.of("leader.imbalance.check.interval.seconds", "0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '0' for configuration 'leader.imbalance.check.interval.seconds': "
                        + "must be between 1 and 31536000 (inclusive)");
    }

    @Test
    void testsMayUseMillisecondIntervals() {
        assertThat(ControllerSettings.defaults().withAutoLeaderRebalance(true, 5).leaderImbalanceCheckIntervalMs()).isEqualTo(5);
        assertThatThrownBy(() -> ControllerSettings.defaults().withAutoLeaderRebalance(true, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uncleanElectionIsTheTopicsOverrideElseTheBrokerDefault() {
        Map<String, Map<String, String>> overrides = Map.of(
                "on", Map.of("unclean.leader.election.enable", "true"),
                "off", Map.of("unclean.leader.election.enable", "false"),
                "other", Map.of("retention.ms", "1000", "cleanup.policy", "delete"),
                "broken", Map.of("unclean.leader.election.enable", "maybe"));
        java.util.function.BiFunction<String, String, String> lookup =
                (topic, key) -> overrides.getOrDefault(topic, Map.of()).get(key);
        for (boolean brokerDefault : new boolean[] {false, true}) {
            ControllerSettings c = ControllerSettings.defaults().withUncleanLeaderElection(brokerDefault);
            assertThat(c.uncleanLeaderElectionEnable("on", lookup)).isTrue();
            assertThat(c.uncleanLeaderElectionEnable("off", lookup)).isFalse();
            assertThat(c.uncleanLeaderElectionEnable("other", lookup)).isEqualTo(brokerDefault);
            assertThat(c.uncleanLeaderElectionEnable("unknown-topic", lookup)).isEqualTo(brokerDefault);
            assertThat(c.uncleanLeaderElectionEnable("broken", lookup)).isEqualTo(brokerDefault);
        }
    }
}
