package io.replog.internal.controller;

import io.replog.errors.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerConfigTest {
    @Test
    void defaultsAreKafkas() {
        assertThat(ControllerConfig.defaults()).isEqualTo(new ControllerConfig(false, true, 300_000, 10, 100));
    }

    @Test
    void kafkaNamesParse() {
        ControllerConfig c = ControllerConfig.parse(Map.of("unclean.leader.election.enable", "true",
                "leader.imbalance.check.interval.seconds", "5", "leader.imbalance.per.broker.percentage", 25,
                "auto.leader.rebalance.enable", "false", "controller.request.retry.backoff.ms", "20"));
        assertThat(c).isEqualTo(new ControllerConfig(true, false, 5_000, 25, 20));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> ControllerConfig.parse(Map.of("leader.imbalance.per.broker.percentage", "150")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '150' for configuration 'leader.imbalance.per.broker.percentage': "
                        + "must be between 0 and 100 (inclusive)");
        assertThatThrownBy(() -> ControllerConfig.parse(Map.of("leader.imbalance.check.interval.seconds", "0")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("interval.seconds");
    }

    @Test
    void testsMayUseMillisecondIntervals() {
        assertThat(ControllerConfig.defaults().withAutoLeaderRebalance(true, 5).leaderImbalanceCheckIntervalMs()).isEqualTo(5);
        assertThatThrownBy(() -> ControllerConfig.defaults().withAutoLeaderRebalance(true, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
