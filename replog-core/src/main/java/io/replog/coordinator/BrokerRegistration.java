package io.replog.coordinator;

import java.util.List;
import java.util.Optional;

/**
 * What a live broker publishes about itself while its coordinator session lasts (Kafka's
 * ephemeral {@code /brokers/ids/<id>}).
 *
 * @param brokerId       the broker's id
 * @param rack           the rack, or {@code null} when the cluster has no rack information
 * @param endpoints      where it can be reached, first the one brokers use between themselves
 * @param registeredAtMs when it registered, by its clock
 */
public record BrokerRegistration(int brokerId, String rack, List<Endpoint> endpoints, long registeredAtMs) {
    public BrokerRegistration {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, was " + brokerId);
        }
        endpoints = List.copyOf(endpoints);
    }

    /** The rack, if the broker declared one. */
    public Optional<String> rackOptional() {
        return Optional.ofNullable(rack);
    }
}
