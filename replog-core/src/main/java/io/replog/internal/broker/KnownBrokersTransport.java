package io.replog.internal.broker;

import io.replog.coordinator.BrokerRegistration;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.transport.Transport;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A broker's {@link Transport} as every part of the broker shares it, telling apart the two kinds
 * of address news it gets: a full list of live brokers ({@link #updateBrokers}: the controller's
 * view, an UpdateMetadata, the registration) replaces what is known, while the leaders a
 * LeaderAndIsr names ({@link #addBrokers}) are added to it. Without the difference a LeaderAndIsr
 * naming some leaders made the transport forget every other broker, the controller's own broker
 * included, so that the controller could no longer reach itself until the next full list, which
 * it sends through that very transport. Thread-safe; sends and close go straight through.
 */
final class KnownBrokersTransport implements Transport {
    private final Transport delegate;
    private final Map<Integer, BrokerRegistration> known = new TreeMap<>();

    KnownBrokersTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Response> send(int brokerId, Request request) {
        return delegate.send(brokerId, request);
    }

    /** Replaces what is known with {@code brokers}, a full list of the live brokers. */
    @Override
    public void updateBrokers(Collection<BrokerRegistration> brokers) {
        List<BrokerRegistration> all;
        synchronized (this) {
            known.clear();
            brokers.forEach(b -> known.put(b.brokerId(), b));
            all = List.copyOf(known.values());
        }
        delegate.updateBrokers(all);
    }

    /** Adds (or moves) {@code brokers}, keeping every other broker known. */
    void addBrokers(Collection<BrokerRegistration> brokers) {
        List<BrokerRegistration> all;
        synchronized (this) {
            brokers.forEach(b -> known.put(b.brokerId(), b));
            all = List.copyOf(known.values());
        }
        delegate.updateBrokers(all);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
