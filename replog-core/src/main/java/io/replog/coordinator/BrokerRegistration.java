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
 * @param brokerEpoch    the registration's epoch, assigned by the coordinator (Kafka's broker
 *                       epoch, KIP-380: the creation zxid of the ephemeral znode). Every new
 *                       registration of the same id gets a higher one, so a restart is visible
 *                       even when the old session has not expired yet; {@link #NO_EPOCH} in a
 *                       registration that has not been stored
 * @param uncleanShutdown whether the registering process started, on a log directory holding
 *                        data, after an unclean shutdown (a crash or power loss, not a clean
 *                        close): its logs may hold less than it acknowledged as an ISR member, so
 *                        the controller removes it from every ISR that has another member (as
 *                        KIP-966 does) and it rejoins once caught up
 */
public record BrokerRegistration(int brokerId, String rack, List<Endpoint> endpoints, long registeredAtMs,
                                 long brokerEpoch, boolean uncleanShutdown) {
    /** The epoch of a registration the coordinator has not stored (yet). */
    public static final long NO_EPOCH = -1L;

    public BrokerRegistration {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, was " + brokerId);
        }
        if (brokerEpoch < NO_EPOCH) {
            throw new IllegalArgumentException("broker epoch must be >= -1, was " + brokerEpoch);
        }
        endpoints = List.copyOf(endpoints);
    }

    /** A registration to store, after a clean shutdown; the coordinator assigns its epoch. */
    public BrokerRegistration(int brokerId, String rack, List<Endpoint> endpoints, long registeredAtMs) {
        this(brokerId, rack, endpoints, registeredAtMs, NO_EPOCH, false);
    }

    /** A registration after a clean shutdown, stored under {@code brokerEpoch}. */
    public BrokerRegistration(int brokerId, String rack, List<Endpoint> endpoints, long registeredAtMs,
                              long brokerEpoch) {
        this(brokerId, rack, endpoints, registeredAtMs, brokerEpoch, false);
    }

    /** This registration as stored under {@code epoch}. */
    public BrokerRegistration withBrokerEpoch(long epoch) {
        return new BrokerRegistration(brokerId, rack, endpoints, registeredAtMs, epoch, uncleanShutdown);
    }

    /** This registration, saying whether its process started after an unclean shutdown. */
    public BrokerRegistration withUncleanShutdown(boolean unclean) {
        return new BrokerRegistration(brokerId, rack, endpoints, registeredAtMs, brokerEpoch, unclean);
    }

    /** The rack, if the broker declared one. */
    public Optional<String> rackOptional() {
        return Optional.ofNullable(rack);
    }
}
