package io.replog.internal.broker;

import io.replog.coordinator.BrokerRegistration;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.transport.Transport;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one transport a broker's roles (replicas, controller, request handling) share, and the one
 * place that decides which broker addresses it knows.
 *
 * <p>Two kinds of news arrive: a full list of live brokers ({@link #updateBrokers}: the
 * coordinator's broker watch, the controller's view, an UpdateMetadata), which replaces what is
 * known; and a partial one ({@link #learn}: the leaders a LeaderAndIsr names, which may precede
 * any UpdateMetadata naming them), which only adds or refreshes. A partial list must never
 * replace the full one: on the controller's own broker that would forget every broker the
 * request happened not to name, and the controller's next requests to them would fail for want
 * of an address.
 *
 * <p>Of two registrations of one broker id, the one with the higher broker epoch wins, so that a
 * late partial list cannot bring back the address of a broker's previous life. Thread-safe.
 */
final class BrokerAddresses implements Transport {
    private final Transport transport;
    private final Map<Integer, BrokerRegistration> known = new LinkedHashMap<>();

    BrokerAddresses(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public CompletableFuture<Response> send(int brokerId, Request request) {
        return transport.send(brokerId, request);
    }

    /** Replaces what is known with {@code brokers}, the complete list of live brokers. */
    @Override
    public synchronized void updateBrokers(Collection<BrokerRegistration> brokers) {
        known.clear();
        brokers.forEach(b -> known.put(b.brokerId(), b));
        transport.updateBrokers(known.values());
    }

    /** Adds {@code brokers}, some of the live brokers, to what is known. */
    synchronized void learn(Collection<BrokerRegistration> brokers) {
        Map<Integer, BrokerRegistration> now = learned(known, brokers);
        known.clear();
        known.putAll(now);
        transport.updateBrokers(known.values());
    }

    /**
     * {@code known} with {@code brokers} added: a broker not known is added, a known one is
     * replaced by a registration of the same or a higher broker epoch, and nothing is removed.
     */
    static Map<Integer, BrokerRegistration> learned(Map<Integer, BrokerRegistration> known,
                                                    Collection<BrokerRegistration> brokers) {
        Map<Integer, BrokerRegistration> result = new LinkedHashMap<>(known);
        for (BrokerRegistration b : brokers) {
            result.merge(b.brokerId(), b, (old, now) -> now.brokerEpoch() >= old.brokerEpoch() ? now : old);
        }
        return result;
    }

    /** What is known now, by broker id. */
    synchronized Map<Integer, BrokerRegistration> known() {
        return Map.copyOf(known);
    }

    @Override
    public void close() {
        transport.close();
    }
}
