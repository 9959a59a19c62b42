package io.replog.internal.broker;

import io.replog.config.BrokerConfig;
import io.replog.internal.controller.ControllerSettings;
import io.replog.coordinator.Endpoint;
import io.replog.internal.fault.PlantedBugs;
import io.replog.internal.replica.ReplicaSettings;
import io.replog.internal.replica.ReplicationSettings;
import io.replog.internal.replica.TopicSettings;

import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link BrokerNode} is built from, already validated. A real broker's come from
 * {@link #from(BrokerConfig)}; the simulation and tests build them by hand.
 *
 * <p>The controller always sees the replicas' topic defaults: the constructor hands
 * {@code replica.defaults()} to {@code controller}, so the two cannot disagree.
 *
 * @param brokerId   the broker's id ({@code broker.id})
 * @param rack       its rack ({@code broker.rack}), or {@code null}
 * @param endpoints  where it can be reached ({@code listeners})
 * @param replica    how its replicas behave
 * @param controller how it behaves while it is controller
 */
public record BrokerSettings(int brokerId, String rack, List<Endpoint> endpoints, ReplicaSettings replica,
                             ControllerSettings controller) {
    public BrokerSettings {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(replica, "replica");
        controller = controller.withTopicDefaults(replica.defaults());
    }

    /**
     * The settings of a real broker: every value from {@code config}, which validated them, and
     * never a planted bug ({@link PlantedBugs#NONE}): no property can plant one, only code that
     * builds settings by hand.
     */
    public static BrokerSettings from(BrokerConfig config) {
        TopicSettings defaults = new TopicSettings(config.logDefaults(),
                new ReplicationSettings(config.minInsyncReplicas(), config.replicaLagTimeMaxMs()),
                config.uncleanLeaderElectionEnable());
        ReplicaSettings replica = new ReplicaSettings(config.brokerId(), config.logDir(), defaults,
                new ReplicaSettings.FetcherSettings(config.replicaFetchWaitMaxMs(), config.replicaFetchMinBytes(),
                        config.replicaFetchMaxBytes(), config.replicaFetchBackoffMs()),
                config.replicaHighWatermarkCheckpointIntervalMs(), config.logRetentionCheckIntervalMs(),
                PlantedBugs.NONE);
        return new BrokerSettings(config.brokerId(), config.rack().orElse(null), config.listeners(), replica,
                ControllerSettings.from(config, defaults));
    }
}
