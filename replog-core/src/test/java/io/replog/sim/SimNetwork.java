package io.replog.sim;

import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.RetriableException;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;
import io.replog.time.Scheduler;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The simulated network between brokers and clients: request handlers registered per node,
 * {@link Transport}s per sender, seeded delays, and faults.
 *
 * <p>A request travels as an event: after a delay drawn from the config's
 * {@code [minDelayMs, maxDelayMs]} (plus any {@linkplain #slow slowness} of either end) the
 * destination's handler runs as an event of the destination node; when the handler's future
 * completes, the response travels back the same way and completes the sender's future in an
 * event of the sender's node. Messages between two nodes arrive in the order sent (one TCP
 * connection). Record bytes are copied at send time ({@link WireCopy}).
 *
 * <p>Failure guarantee: a send never hangs. A request that is lost, cut, addressed to a node
 * that is unknown, crashed or has no handler, or whose response is lost, fails at the sender
 * with a {@link RetriableException} ({@code "network: broker 2 unreachable ..."}) after
 * {@code requestTimeoutMs} of simulated time. A response addressed to a node that crashed
 * since sending is dropped. The only request without a response is an acks=0 produce; its
 * future completes with {@code null} once it is on the wire.
 *
 * <p>Faults are separate from the coordinator: {@link #isolate} cuts a node's traffic but not
 * its ZooKeeper session (use {@link SimZooKeeper#expireSession} for that).
 */
public final class SimNetwork {
    private final Simulation sim;
    private final Random random;
    private final NetworkStats stats = new NetworkStats();
    private final Map<String, Binding> handlers = new HashMap<>();
    private final Set<String> isolated = new TreeSet<>();
    private final Set<Link> cutLinks = new TreeSet<>();
    private final Map<String, Long> slowness = new TreeMap<>();
    /** Arrival time of the last message per directed link, so messages on a link never overtake each other. */
    private final Map<String, Long> lastArrival = new HashMap<>();
    private double lossProbability;
    private long nextMessageId = 1;

    /** A handler serves one incarnation of its node; after a crash the new incarnation registers again. */
    private record Binding(RequestHandler handler, long generation) {
    }

    /** An undirected link, its ends in name order. */
    private record Link(String a, String b) implements Comparable<Link> {
        static Link of(String x, String y) {
            return x.compareTo(y) <= 0 ? new Link(x, y) : new Link(y, x);
        }

        @Override
        public int compareTo(Link o) {
            int c = a.compareTo(o.a);
            return c != 0 ? c : b.compareTo(o.b);
        }
    }

    SimNetwork(Simulation sim) {
        this.sim = sim;
        this.random = sim.randomFor("network");
        this.lossProbability = sim.config().lossProbability();
    }

    // ---------------------------------------------------------------- endpoints

    /** Serves requests to broker {@code brokerId} with {@code handler}, for the node's current incarnation. */
    public void register(int brokerId, RequestHandler handler) {
        bind(sim.scheduler(brokerId), handler);
    }

    /** Serves requests to client {@code clientName} (rarely needed: clients usually only send). */
    public void registerClient(String clientName, RequestHandler handler) {
        bind(sim.clientScheduler(clientName), handler);
    }

    /** Stops serving broker {@code brokerId}: requests to it are unreachable from now on. */
    public void unregister(int brokerId) {
        handlers.remove(String.valueOf(brokerId));
    }

    private void bind(SimScheduler node, RequestHandler handler) {
        if (!node.isAlive()) {
            throw new IllegalStateException("node " + node.name() + " is crashed: restart it before registering a handler");
        }
        handlers.put(node.name(), new Binding(handler, node.generation()));
    }

    /** The transport broker {@code sourceBrokerId} sends with; requests carry {@link RequestSource#broker}. */
    public Transport transportFor(int sourceBrokerId) {
        return new SimTransport(sim.scheduler(sourceBrokerId), RequestSource.broker(sourceBrokerId));
    }

    /** The transport client {@code name} sends with; requests carry {@link RequestSource#client}. */
    public Transport transportForClient(String name) {
        return new SimTransport(sim.clientScheduler(name), null);
    }

    // ---------------------------------------------------------------- faults

    /** Cuts all traffic to and from {@code brokerId} (clients included), both directions; its ZooKeeper session stays. */
    public void isolate(int brokerId) {
        isolate(String.valueOf(brokerId));
    }

    /** Cuts all traffic to and from node {@code node}. */
    public void isolate(String node) {
        isolated.add(node);
        sim.note(node, "ISOLATE");
    }

    /** Heals every network fault of {@code brokerId}: isolation, cut links and slowness. */
    public void heal(int brokerId) {
        heal(String.valueOf(brokerId));
    }

    /** Heals every network fault of node {@code node}: isolation, cut links and slowness. */
    public void heal(String node) {
        isolated.remove(node);
        cutLinks.removeIf(link -> link.a().equals(node) || link.b().equals(node));
        slowness.remove(node);
        sim.note(node, "HEAL");
    }

    /** Cuts the link between brokers {@code a} and {@code b}, both directions. */
    public void partition(int a, int b) {
        partition(String.valueOf(a), String.valueOf(b));
    }

    /** Cuts the link between nodes {@code a} and {@code b}, both directions. */
    public void partition(String a, String b) {
        cutLinks.add(Link.of(a, b));
        sim.note(a, "PARTITION " + a + " <-/-> " + b);
    }

    /** Restores the link between brokers {@code a} and {@code b}. */
    public void healLink(int a, int b) {
        healLink(String.valueOf(a), String.valueOf(b));
    }

    /** Restores the link between nodes {@code a} and {@code b}. */
    public void healLink(String a, String b) {
        cutLinks.remove(Link.of(a, b));
        sim.note(a, "HEAL LINK " + a + " <--> " + b);
    }

    /** Congests {@code brokerId}'s links: every message to or from it takes {@code extraDelayMs} longer. */
    public void slow(int brokerId, long extraDelayMs) {
        slow(String.valueOf(brokerId), extraDelayMs);
    }

    /** Congests node {@code node}'s links; 0 removes the slowness. */
    public void slow(String node, long extraDelayMs) {
        if (extraDelayMs < 0) {
            throw new IllegalArgumentException("extra delay must be >= 0, was " + extraDelayMs + " ms");
        }
        if (extraDelayMs == 0) {
            slowness.remove(node);
        } else {
            slowness.put(node, extraDelayMs);
        }
        sim.note(node, "SLOW +" + extraDelayMs + "ms");
    }

    /** Sets the chance, 0..1, that any one message is lost. */
    public void setLossProbability(double probability) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("loss probability must be in [0, 1], was " + probability);
        }
        lossProbability = probability;
        sim.note(Simulation.CONTROL_NODE, "LOSS probability " + probability);
    }

    /** Heals every isolation, cut link and slowness, and sets the loss back to the config's. */
    public void healAll() {
        isolated.clear();
        cutLinks.clear();
        slowness.clear();
        lossProbability = sim.config().lossProbability();
        sim.note(Simulation.CONTROL_NODE, "HEAL ALL");
    }

    /** Whether messages between {@code a} and {@code b} are cut right now. */
    public boolean isCut(String a, String b) {
        return isolated.contains(a) || isolated.contains(b) || cutLinks.contains(Link.of(a, b));
    }

    /** Message counts so far. */
    public NetworkStats stats() {
        return stats;
    }

    // ---------------------------------------------------------------- sending

    private CompletableFuture<Response> send(SimTransport transport, int brokerId, Request request) {
        SimScheduler source = transport.node;
        String destination = String.valueOf(brokerId);
        String label = "#" + nextMessageId++ + " " + request.apiKey() + " " + source.name() + "->" + destination;
        CompletableFuture<Response> future = new CompletableFuture<>();
        if (transport.closed) {
            source.execute("fail " + label + ": transport closed", () -> future.completeExceptionally(
                    new RetriableException("network: the transport of node " + source.name() + " is closed")));
            return future;
        }
        if (!source.isAlive()) {
            return future; // a crashed node sends nothing; nothing of it will ever look at this future
        }
        stats.requestsSent++;
        Request onWire = WireCopy.copy(request);
        boolean expectsResponse = !(request instanceof ProduceRequest produce && produce.acks() == ProduceRequest.ACKS_NONE);
        long sourceGeneration = source.generation();
        Scheduler.Timer timeout = expectsResponse
                ? source.schedule(sim.config().requestTimeoutMs(), "timeout " + label, () -> {
                    if (future.completeExceptionally(new RetriableException("network: broker " + brokerId
                            + " unreachable from " + source.name() + " (" + label + " not answered within "
                            + sim.config().requestTimeoutMs() + " ms)"))) {
                        stats.timeouts++;
                    }
                })
                : () -> { };
        transport.track(future);

        RequestSource from = transport.requestSource != null ? transport.requestSource
                : RequestSource.client(source.name(), source.name() + "->" + destination);
        SimScheduler target = sim.existingNode(destination).orElse(null);
        transmit(source.name(), destination, label, target, target == null ? -1 : target.generation(), () -> {
            Binding binding = handlers.get(destination);
            if (binding == null || binding.generation() != target.generation()) {
                stats.unreachable++;
                sim.note(destination, "no handler for " + label + ": dropped");
                return;
            }
            stats.requestsDelivered++;
            long handlerGeneration = target.generation();
            CompletableFuture<Response> handled = binding.handler().handle(from, onWire);
            if (!expectsResponse) {
                return;
            }
            if (handled == null) {
                sim.note(destination, "handler gave no response to " + label + "; the sender will time out");
                return;
            }
            handled.whenComplete((response, error) -> {
                if (!target.isAlive() || target.generation() != handlerGeneration) {
                    return; // the destination crashed before answering: it sends nothing
                }
                stats.responsesSent++;
                Response responseOnWire = error == null ? WireCopy.copy(response) : null;
                transmit(destination, source.name(), "response " + label, source, sourceGeneration, () -> {
                    stats.responsesDelivered++;
                    timeout.cancel();
                    if (error == null) {
                        future.complete(responseOnWire);
                    } else {
                        future.completeExceptionally(error);
                    }
                });
            });
        });
        if (!expectsResponse) {
            source.execute("sent " + label + " (acks=0: no response)", () -> future.complete(null));
        }
        return future;
    }

    /**
     * Puts one message on the wire from {@code from} to {@code to}: it is dropped now if the
     * link is cut, it is lost, or the target node is unknown or down; otherwise
     * {@code onArrival} runs as an event of {@code target}'s incarnation {@code targetGeneration},
     * unless the link was cut in the meantime.
     */
    private void transmit(String from, String to, String label, SimScheduler target, long targetGeneration,
                          Runnable onArrival) {
        // Draw delay and loss for every message, in send order, so a fault does not shift later draws.
        long delay = sim.config().minDelayMs()
                + random.nextLong(sim.config().maxDelayMs() - sim.config().minDelayMs() + 1)
                + slowness.getOrDefault(from, 0L) + slowness.getOrDefault(to, 0L);
        boolean lost = random.nextDouble() < lossProbability;
        if (isCut(from, to)) {
            stats.cut++;
            sim.note(from, "drop " + label + " (link cut)");
            return;
        }
        if (lost) {
            stats.lost++;
            sim.note(from, "drop " + label + " (lost)");
            return;
        }
        if (target == null || !target.isAlive() || target.generation() != targetGeneration) {
            stats.unreachable++;
            sim.note(from, "drop " + label + " (" + to + " is " + (target == null ? "unknown" : "down") + ")");
            return;
        }
        String link = from + "->" + to;
        long arrival = Math.max(sim.nowMs() + delay, lastArrival.getOrDefault(link, 0L));
        lastArrival.put(link, arrival);
        target.scheduleAt(arrival, targetGeneration, "deliver " + label, () -> {
            if (isCut(from, to)) {
                stats.cut++;
                sim.note(to, "drop " + label + " on arrival (link cut)");
                return;
            }
            onArrival.run();
        });
    }

    /** One sender's view of the network. */
    private final class SimTransport implements Transport {
        private final SimScheduler node;
        /** The source stamped on requests; {@code null} for a client, whose connection id names the destination. */
        private final RequestSource requestSource;
        /** In send order, so that {@link #close()} fails them in a repeatable order. */
        private final Set<CompletableFuture<Response>> pending = new LinkedHashSet<>();
        private boolean closed;

        SimTransport(SimScheduler node, RequestSource requestSource) {
            this.node = node;
            this.requestSource = requestSource;
        }

        @Override
        public CompletableFuture<Response> send(int brokerId, Request request) {
            return SimNetwork.this.send(this, brokerId, request);
        }

        /** The simulated network routes by broker id, so where brokers listen does not matter. */
        @Override
        public void updateBrokers(Collection<BrokerRegistration> brokers) {
        }

        /** Fails every pending send (as an event of the sender's node) and refuses new ones. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            List<CompletableFuture<Response>> open = List.copyOf(pending);
            pending.clear();
            for (CompletableFuture<Response> future : open) {
                node.execute("fail pending send: transport closed", () -> future.completeExceptionally(
                        new RetriableException("network: the transport of node " + node.name() + " was closed")));
            }
        }

        void track(CompletableFuture<Response> future) {
            pending.add(future);
            future.whenComplete((response, error) -> pending.remove(future));
        }

        @Override
        public String toString() {
            return "SimTransport[" + node.name() + (closed ? ", closed" : "") + "]";
        }
    }
}
