package io.replog.config;

/**
 * Declares the keys of how a broker behaves while it is the controller, each exactly once:
 * {@link BrokerConfig} publishes these very objects as its constants and
 * {@link BrokerConfig#CONTROLLER_CONFIG_DEF}.
 */
final class ControllerKeys {

    static final ConfigKey<Boolean> AUTO_LEADER_REBALANCE_ENABLE = ConfigKey.of(
            "auto.leader.rebalance.enable", ConfigType.BOOLEAN, true, Validator.any(),
            "Whether the controller periodically moves leadership back to preferred replicas.");
    static final ConfigKey<Long> LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = ConfigKey.of(
            "leader.imbalance.check.interval.seconds", ConfigType.LONG, 300L, Validator.between(1, 86_400L * 365),
            "How often the controller checks whether leadership should move back to preferred replicas.");
    static final ConfigKey<Integer> LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = ConfigKey.of(
            "leader.imbalance.per.broker.percentage", ConfigType.INT, 10, Validator.between(0, 100),
            "The percentage of a broker's preferred partitions led by other brokers above which the "
                    + "controller rebalances them.");
    static final ConfigKey<Long> CONTROLLER_REQUEST_RETRY_BACKOFF_MS = ConfigKey.of(
            "controller.request.retry.backoff.ms", ConfigType.LONG, 100L, Validator.between(1, 3_600_000L),
            "How long the controller waits before resending a request to an unreachable broker or retrying a "
                    + "failed coordinator call. replog's own key.");

    static final ConfigDef CONFIG_DEF = ConfigDef.of(AUTO_LEADER_REBALANCE_ENABLE,
            LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
            CONTROLLER_REQUEST_RETRY_BACKOFF_MS);

    private ControllerKeys() {
    }
}
