package io.replog.testkit;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.RetriableException;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.provider.TransportProvider;
import io.replog.transport.ClientTransport;
import io.replog.transport.ClientTransportSettings;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's network with its faults: a {@link TransportProvider} around the real one that
 * cuts ({@link #isolate}) or slows ({@link #slow}) the traffic of a broker at the transport's
 * edge, both ways, leaving its ZooKeeper session alone.
 *
 * <ul>
 *   <li>Isolated: what the broker sends to another broker fails at once with a
 *       {@link RetriableException} (as an unreachable peer), and so does what another broker sends
 *       to it; requests that reach its listeners from clients are never answered while it is
 *       isolated (the client's {@code request.timeout.ms} passes, as in a partition), and fail
 *       when it is healed, unprocessed, with a {@link RetriableException}, which the Kafka layer
 *       answers with a retriable code (NETWORK_EXCEPTION) that clients retry: an acks=all send
 *       held over a partition is written once the broker is back, not failed for good.</li>
 *   <li>Slow: every answer to a request the broker sends, and every answer it gives, arrives
 *       that many milliseconds late (one delay per hop), as under congestion; its replica fetches
 *       fall behind a leader under load.</li>
 * </ul>
 * Thread-safe; the delays run on {@code timer} (the cluster's Netty threads).
 */
final class FaultyNetwork implements TransportProvider {
    private final TransportProvider network;
    private final ScheduledExecutorService timer;
    private final Set<Integer> isolated = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Long> delays = new ConcurrentHashMap<>();
    private final Map<Integer, Set<CompletableFuture<Response>>> held = new ConcurrentHashMap<>();

    FaultyNetwork(TransportProvider network, ScheduledExecutorService timer) {
        this.network = network;
        this.timer = timer;
    }

    void isolate(int brokerId) {
        isolated.add(brokerId);
    }

    /** Ends the broker's isolation and slowness; the client requests it held fail now. */
    void heal(int brokerId) {
        isolated.remove(brokerId);
        delays.remove(brokerId);
        Set<CompletableFuture<Response>> dropped = held.remove(brokerId);
        if (dropped != null) {
            String reason = "broker " + brokerId + " was cut off by a network partition; the request was not processed";
            // A retriable failure reaches the client as a retriable code, which it retries.
            dropped.forEach(f -> f.completeExceptionally(new RetriableException(reason)));
        }
    }

    /** Heals every broker (before the cluster's controlled shutdowns). */
    void healAll() {
        for (int id : Set.copyOf(isolated)) {
            heal(id);
        }
        for (int id : Set.copyOf(delays.keySet())) {
            heal(id);
        }
        for (int id : Set.copyOf(held.keySet())) {
            heal(id);
        }
    }

    void slow(int brokerId, long delayMs) {
        if (delayMs <= 0) {
            delays.remove(brokerId);
        } else {
            delays.put(brokerId, delayMs);
        }
    }

    boolean isIsolated(int brokerId) {
        return isolated.contains(brokerId);
    }

    @Override
    public String name() {
        return network.name();
    }

    @Override
    public Transport client(BrokerConfig config) {
        return new BrokerTransport(config.brokerId(), network.client(config));
    }

    @Override
    public ClientTransport clientTransport(ClientTransportSettings settings) {
        return network.clientTransport(settings);
    }

    @Override
    public Listening listen(BrokerConfig config, RequestHandler handler) {
        int id = config.brokerId();
        return network.listen(config, (source, request) -> inbound(id, source, request, handler));
    }

    private CompletableFuture<Response> inbound(int id, RequestSource source, Request request,
                                                RequestHandler handler) {
        if (isolated.contains(id)) {
            boolean noAnswer = request instanceof ProduceRequest p && p.acks() == ProduceRequest.ACKS_NONE;
            if (noAnswer) {
                return null;
            }
            if (source.brokerId() >= 0) {
                return CompletableFuture.failedFuture(new RetriableException("broker " + id
                        + " is cut off by a network partition"));
            }
            CompletableFuture<Response> never = new CompletableFuture<>();
            held.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(never);
            return never;
        }
        CompletableFuture<Response> answer = handler.handle(source, request);
        return answer == null ? null : delayed(answer, delays.getOrDefault(id, 0L));
    }

    private CompletableFuture<Response> delayed(CompletableFuture<Response> answer, long delayMs) {
        if (delayMs <= 0) {
            return answer;
        }
        CompletableFuture<Response> late = new CompletableFuture<>();
        answer.whenComplete((r, e) -> timer.schedule(() -> {
            if (e != null) {
                late.completeExceptionally(e);
            } else {
                late.complete(r);
            }
        }, delayMs, TimeUnit.MILLISECONDS));
        return late;
    }

    /** One broker's connections to the others, cut or slowed with it. */
    private final class BrokerTransport implements Transport {
        private final int from;
        private final Transport transport;

        BrokerTransport(int from, Transport transport) {
            this.from = from;
            this.transport = transport;
        }

        @Override
        public CompletableFuture<Response> send(int brokerId, Request request) {
            if (isolated.contains(from) || isolated.contains(brokerId)) {
                return CompletableFuture.failedFuture(new RetriableException("broker " + from + " cannot reach broker "
                        + brokerId + ": " + (isolated.contains(from) ? from : brokerId)
                        + " is cut off by a network partition"));
            }
            CompletableFuture<Response> answer = transport.send(brokerId, request);
            return delayed(answer, delays.getOrDefault(from, 0L));
        }

        @Override
        public void updateBrokers(Collection<BrokerRegistration> brokers) {
            transport.updateBrokers(brokers);
        }

        @Override
        public void close() {
            transport.close();
        }
    }
}
