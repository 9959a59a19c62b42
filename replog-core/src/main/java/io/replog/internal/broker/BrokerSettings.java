package io.replog.internal.broker;

import io.replog.internal.controller.ControllerConfig;
import io.replog.coordinator.Endpoint;
import io.replog.internal.replica.ReplicaSettings;

import java.util.List;

/**
 * Everything a {@link BrokerNode} is built from, already validated.
 *
 * @param brokerId   the broker's id ({@code broker.id})
 * @param rack       its rack ({@code broker.rack}), or {@code null}
 * @param endpoints  where it can be reached
 * @param replica    how its replicas behave
 * @param controller how it behaves while it is controller
 */
public record BrokerSettings(int brokerId, String rack, List<Endpoint> endpoints, ReplicaSettings replica,
                             ControllerConfig controller) {
    public BrokerSettings {
        endpoints = List.copyOf(endpoints);
    }
}
