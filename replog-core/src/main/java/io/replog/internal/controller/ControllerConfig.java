package io.replog.internal.controller;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigType;
import io.replog.config.ConfigValues;
import io.replog.config.Validator;

import java.util.Map;

/**
 * The controller's settings, validated. Built from Kafka's property names through {@link #DEF}
 * (which a broker's own definition can include with {@link ConfigDef#with}), or directly for
 * tests, where the rebalance interval may be as short as one millisecond.
 *
 * @param uncleanLeaderElectionEnable     whether a replica outside the ISR may lead when no ISR
 *                                        member is alive (risking committed records); a topic's
 *                                        own {@code unclean.leader.election.enable} overrides it
 * @param autoLeaderRebalanceEnable       whether a timer moves leadership back to preferred replicas
 * @param leaderImbalanceCheckIntervalMs  how often that timer runs
 * @param leaderImbalancePerBrokerPercent a broker's share of preferred partitions led elsewhere
 *                                        above which the timer acts, 0-100
 * @param requestRetryBackoffMs           the pause before resending a request to a broker that
 *                                        could not be reached, or retrying a failed coordinator call
 */
public record ControllerConfig(boolean uncleanLeaderElectionEnable, boolean autoLeaderRebalanceEnable,
                               long leaderImbalanceCheckIntervalMs, int leaderImbalancePerBrokerPercent,
                               long requestRetryBackoffMs) {

    public static final ConfigKey<Boolean> UNCLEAN_LEADER_ELECTION_ENABLE = ConfigKey.of(
            "unclean.leader.election.enable", ConfigType.BOOLEAN, false, Validator.any(),
            "Whether a replica that is not in the ISR may become leader when no ISR member is alive, "
                    + "at the risk of losing committed records.");
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
            "How long the controller waits before resending a request to an unreachable broker or "
                    + "retrying a failed coordinator call.");

    /** Every controller key, with Kafka's names and defaults. */
    public static final ConfigDef DEF = ConfigDef.of(UNCLEAN_LEADER_ELECTION_ENABLE, AUTO_LEADER_REBALANCE_ENABLE,
            LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
            CONTROLLER_REQUEST_RETRY_BACKOFF_MS);

    public ControllerConfig {
        if (leaderImbalanceCheckIntervalMs < 1) {
            throw new IllegalArgumentException("leader imbalance check interval must be >= 1 ms, was "
                    + leaderImbalanceCheckIntervalMs);
        }
        if (leaderImbalancePerBrokerPercent < 0 || leaderImbalancePerBrokerPercent > 100) {
            throw new IllegalArgumentException("leader imbalance percentage must be 0..100, was "
                    + leaderImbalancePerBrokerPercent);
        }
        if (requestRetryBackoffMs < 1) {
            throw new IllegalArgumentException("retry backoff must be >= 1 ms, was " + requestRetryBackoffMs);
        }
    }

    /** Kafka's defaults. */
    public static ControllerConfig defaults() {
        return from(DEF.parse(Map.of()));
    }

    /** Parses Kafka-style properties; unknown keys and bad values fail with {@code InvalidConfigException}. */
    public static ControllerConfig parse(Map<String, ?> props) {
        return from(DEF.parse(props));
    }

    /** Reads the controller keys from values parsed by {@link #DEF} or by a definition that includes it. */
    public static ControllerConfig from(ConfigValues values) {
        return new ControllerConfig(values.get(UNCLEAN_LEADER_ELECTION_ENABLE), values.get(AUTO_LEADER_REBALANCE_ENABLE),
                values.get(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS) * 1000, values.get(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE),
                values.get(CONTROLLER_REQUEST_RETRY_BACKOFF_MS));
    }

    public ControllerConfig withUncleanLeaderElection(boolean enable) {
        return new ControllerConfig(enable, autoLeaderRebalanceEnable, leaderImbalanceCheckIntervalMs,
                leaderImbalancePerBrokerPercent, requestRetryBackoffMs);
    }

    public ControllerConfig withAutoLeaderRebalance(boolean enable, long intervalMs) {
        return new ControllerConfig(uncleanLeaderElectionEnable, enable, intervalMs, leaderImbalancePerBrokerPercent,
                requestRetryBackoffMs);
    }

    public ControllerConfig withLeaderImbalancePerBrokerPercent(int percent) {
        return new ControllerConfig(uncleanLeaderElectionEnable, autoLeaderRebalanceEnable,
                leaderImbalanceCheckIntervalMs, percent, requestRetryBackoffMs);
    }

    public ControllerConfig withRequestRetryBackoffMs(long backoffMs) {
        return new ControllerConfig(uncleanLeaderElectionEnable, autoLeaderRebalanceEnable,
                leaderImbalanceCheckIntervalMs, leaderImbalancePerBrokerPercent, backoffMs);
    }
}
