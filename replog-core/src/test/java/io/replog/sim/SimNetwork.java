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
import java.util.LinkedHashMap;
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
 * event of the sender's node. A sender talks to each destination over one connection, on
 * which messages arrive in the order sent (TCP). Record bytes are copied at send time
 * ({@link WireCopy}).
 *
 * <p>Failure guarantee: a send never hangs. A request that is lost, cut, addressed to a node
 * that is unknown, crashed or has no handler, or whose response is lost, fails at the sender
 * with a {@link RetriableException} ({@code "network: broker 2 unreachable ..."}) after
 * {@code requestTimeoutMs} of simulated time; like Kafka's client, the timeout closes the
 * connection, failing the other requests waiting on it at once, and the next send opens a new
 * connection. A response addressed to a node that crashed
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
    /** The current connection per "client->server" pair. */
    private final Map<String, Connection> connections = new HashMap<>();
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
        transport.track(future);
        Request onWire = WireCopy.copy(request);
        boolean expectsResponse = !(request instanceof ProduceRequest produce && produce.acks() == ProduceRequest.ACKS_NONE);
        SimScheduler target = sim.existingNode(destination).orElse(null);
        Connection connection = connectionFor(source, destination, target);
        if (expectsResponse) {
            connection.await(label, brokerId, future);
        }
        RequestSource from = transport.requestSource != null ? transport.requestSource
                : RequestSource.client(source.name(), source.name() + "->" + destination);

        transmit(connection, true, label, () -> {
            Binding binding = handlers.get(destination);
            if (binding == null || binding.generation() != target.generation()) {
                stats.unreachable++;
                sim.note(destination, "no handler for " + label + ": dropped");
                return;
            }
            stats.requestsDelivered++;
            CompletableFuture<Response> handled = binding.handler().handle(from, onWire);
            if (!expectsResponse) {
                return;
            }
            if (handled == null) {
                sim.note(destination, "handler gave no response to " + label + "; the sender will time out");
                return;
            }
            handled.whenComplete((response, error) -> {
                if (!target.isAlive() || target.generation() != connection.serverGeneration) {
                    return; // the destination crashed before answering: it sends nothing
                }
                stats.responsesSent++;
                Response responseOnWire = error == null ? WireCopy.copy(response) : null;
                transmit(connection, false, "response " + label, () -> {
                    stats.responsesDelivered++;
                    connection.answered(future, responseOnWire, error);
                });
            });
        });
        if (!expectsResponse) {
            source.execute("sent " + label + " (acks=0: no response)", () -> future.complete(null));
        }
        return future;
    }

    /**
     * The open connection from {@code source} to {@code destination}, or a new one if there is
     * none, the last one was closed by a timeout, or either end has restarted since it opened.
     */
    private Connection connectionFor(SimScheduler source, String destination, SimScheduler target) {
        String key = source.name() + "->" + destination;
        Connection current = connections.get(key);
        long targetGeneration = target == null ? -1 : target.generation();
        if (current == null || !current.open || current.clientGeneration != source.generation()
                || current.serverGeneration != targetGeneration) {
            current = new Connection(source, destination, target, targetGeneration);
            connections.put(key, current);
        }
        return current;
    }

    /**
     * Puts one message on {@code connection}, a request ({@code toServer}) or a response: it
     * is dropped now if the link is cut, it is lost, or the receiving node is unknown or down;
     * otherwise {@code onArrival} runs as an event of the receiver's incarnation after the
     * drawn delay, and after the messages sent before it the same way, unless by then the link
     * is cut or the connection was closed.
     */
    private void transmit(Connection connection, boolean toServer, String label, Runnable onArrival) {
        String from = toServer ? connection.client.name() : connection.server;
        String to = toServer ? connection.server : connection.client.name();
        SimScheduler receiver = toServer ? connection.target : connection.client;
        long receiverGeneration = toServer ? connection.serverGeneration : connection.clientGeneration;
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
        if (receiver == null || !receiver.isAlive() || receiver.generation() != receiverGeneration) {
            stats.unreachable++;
            sim.note(from, "drop " + label + " (" + to + " is " + (receiver == null ? "unknown" : "down") + ")");
            return;
        }
        long arrival = sim.nowMs() + delay;
        if (toServer) {
            arrival = connection.lastRequestArrival = Math.max(arrival, connection.lastRequestArrival);
        } else {
            arrival = connection.lastResponseArrival = Math.max(arrival, connection.lastResponseArrival);
        }
        receiver.scheduleAt(arrival, receiverGeneration, "deliver " + label, () -> {
            if (isCut(from, to)) {
                stats.cut++;
                sim.note(to, "drop " + label + " on arrival (link cut)");
            } else if (!connection.open) {
                sim.note(to, "drop " + label + " on arrival (connection closed)");
            } else {
                onArrival.run();
            }
        });
    }

    /**
     * One client-to-server connection, as a Kafka client keeps per broker: messages in each
     * direction arrive in the order sent, and a request that times out closes it, failing the
     * other requests waiting on it (Kafka's NetworkClient disconnects on a request timeout);
     * later sends open a new one, so a congested old connection does not delay them.
     */
    private final class Connection {
        final SimScheduler client;
        final long clientGeneration;
        final String server;
        final SimScheduler target;
        final long serverGeneration;
        long lastRequestArrival;
        long lastResponseArrival;
        boolean open = true;
        /** Requests waiting for a response, in send order, with their timeout timers. */
        private final Map<CompletableFuture<Response>, Scheduler.Timer> inFlight = new LinkedHashMap<>();

        Connection(SimScheduler client, String server, SimScheduler target, long serverGeneration) {
            this.client = client;
            this.clientGeneration = client.generation();
            this.server = server;
            this.target = target;
            this.serverGeneration = serverGeneration;
        }

        /** Starts the request timeout of {@code future}, which waits for a response on this connection. */
        void await(String label, int brokerId, CompletableFuture<Response> future) {
            long timeoutMs = sim.config().requestTimeoutMs();
            inFlight.put(future, client.schedule(timeoutMs, "timeout " + label, () -> {
                inFlight.remove(future);
                stats.timeouts++;
                String unreachable = "network: broker " + brokerId + " unreachable from " + client.name();
                future.completeExceptionally(new RetriableException(unreachable + " (" + label
                        + " not answered within " + timeoutMs + " ms)"));
                disconnect(unreachable + " (connection closed after " + label + " timed out)");
            }));
        }

        /** A response arrived: completes the sender's future, unless it already failed. */
        void answered(CompletableFuture<Response> future, Response response, Throwable error) {
            Scheduler.Timer timer = inFlight.remove(future);
            if (timer == null) {
                return;
            }
            timer.cancel();
            if (error == null) {
                future.complete(response);
            } else {
                future.completeExceptionally(error);
            }
        }

        private void disconnect(String why) {
            open = false;
            sim.note(client.name(), "disconnect " + client.name() + "->" + server);
            List<Map.Entry<CompletableFuture<Response>, Scheduler.Timer>> waiting = List.copyOf(inFlight.entrySet());
            inFlight.clear();
            for (Map.Entry<CompletableFuture<Response>, Scheduler.Timer> entry : waiting) {
                entry.getValue().cancel();
                entry.getKey().completeExceptionally(new RetriableException(why));
            }
        }
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
