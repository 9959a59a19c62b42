package io.replog.internal.controller;

import io.replog.config.BrokerConfig;
import io.replog.config.TopicConfig;
import io.replog.config.ConfigKey;
import io.replog.errors.InvalidConfigException;
import io.replog.internal.replica.TopicSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The controller's settings, typed and already validated: an engine record (named
 * {@code *Config} only until the controller split lands; it is {@code ControllerSettings} by the
 * project's naming). Real brokers get it from {@code BrokerSettings.from(BrokerConfig)}, which
 * reads the keys {@link BrokerConfig} declares; tests build it directly, where the rebalance
 * interval may be as short as one millisecond.
 *
 * <p>The controller declares no key of its own. Whether unclean leader election is enabled is a
 * topic-level decision: the topic's {@code unclean.leader.election.enable} override, else the
 * broker's default, resolved by {@link #uncleanLeaderElectionEnable(String, BiFunction)} through
 * the topic defaults this record carries.
 *
 * @param topicDefaults                   the broker's topic defaults (the same as its replicas')
 * @param autoLeaderRebalanceEnable       whether a timer moves leadership back to preferred replicas
 * @param leaderImbalanceCheckIntervalMs  how often that timer runs
 * @param leaderImbalancePerBrokerPercent a broker's share of preferred partitions led elsewhere
 *                                        above which the timer acts, 0-100
 * @param requestRetryBackoffMs           the pause before resending a request to a broker that
 *                                        could not be reached, or retrying a failed coordinator call
 */
public record ControllerSettings(TopicSettings topicDefaults, boolean autoLeaderRebalanceEnable,
                               long leaderImbalanceCheckIntervalMs, int leaderImbalancePerBrokerPercent,
                               long requestRetryBackoffMs) {

    private static final Logger log = LoggerFactory.getLogger(ControllerSettings.class);

    public ControllerSettings {
        Objects.requireNonNull(topicDefaults, "topicDefaults");
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

    /** Every key at its declared default (Kafka's). */
    public static ControllerSettings defaults() {
        return new ControllerSettings(TopicSettings.defaults(),
                BrokerConfig.AUTO_LEADER_REBALANCE_ENABLE.defaultValue(),
                BrokerConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS.defaultValue() * 1000,
                BrokerConfig.LEADER_IMBALANCE_PER_BROKER_PERCENTAGE.defaultValue(),
                BrokerConfig.CONTROLLER_REQUEST_RETRY_BACKOFF_MS.defaultValue());
    }

    /** The controller keys of a validated broker configuration, with its resolved topic defaults. */
    public static ControllerSettings from(BrokerConfig config, TopicSettings topicDefaults) {
        return new ControllerSettings(topicDefaults, config.autoLeaderRebalanceEnable(),
                config.leaderImbalanceCheckIntervalSeconds() * 1000, config.leaderImbalancePerBrokerPercentage(),
                config.controllerRequestRetryBackoffMs());
    }

    /**
     * Whether unclean leader election is enabled for {@code topic}: its
     * {@code unclean.leader.election.enable} override if it has one, else the broker default, as
     * {@link TopicSettings#value} resolves every topic-level key. {@code topicConfig} looks up one
     * override of one topic ({@code ctx::topicConfig}: topic, key, value or {@code null}). An
     * override that does not parse (topic creation validates overrides, so only a hand-edited
     * coordinator holds one) is logged and the broker default is used.
     */
    public boolean uncleanLeaderElectionEnable(String topic, BiFunction<String, String, String> topicConfig) {
        ConfigKey<Boolean> key = TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE;
        String value = topicConfig.apply(topic, key.name());
        try {
            return topicDefaults.value(key, value == null ? java.util.Map.of() : java.util.Map.of(key.name(), value));
        } catch (InvalidConfigException e) {
            log.warn("Topic {}: {}; using the broker default {}", topic, e.getMessage(),
                    topicDefaults.uncleanLeaderElection());
            return topicDefaults.uncleanLeaderElection();
        }
    }

    /** These settings with the broker default of unclean leader election changed (tests). */
    public ControllerSettings withUncleanLeaderElection(boolean enable) {
        return withTopicDefaults(topicDefaults.withUncleanLeaderElection(enable));
    }

    public ControllerSettings withTopicDefaults(TopicSettings defaults) {
        return new ControllerSettings(defaults, autoLeaderRebalanceEnable, leaderImbalanceCheckIntervalMs,
                leaderImbalancePerBrokerPercent, requestRetryBackoffMs);
    }

    public ControllerSettings withAutoLeaderRebalance(boolean enable, long intervalMs) {
        return new ControllerSettings(topicDefaults, enable, intervalMs, leaderImbalancePerBrokerPercent,
                requestRetryBackoffMs);
    }

    public ControllerSettings withLeaderImbalancePerBrokerPercent(int percent) {
        return new ControllerSettings(topicDefaults, autoLeaderRebalanceEnable, leaderImbalanceCheckIntervalMs, percent,
                requestRetryBackoffMs);
    }

    public ControllerSettings withRequestRetryBackoffMs(long backoffMs) {
        return new ControllerSettings(topicDefaults, autoLeaderRebalanceEnable, leaderImbalanceCheckIntervalMs,
                leaderImbalancePerBrokerPercent, backoffMs);
    }
}
