package io.replog.netty.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.internal.ThreadExecutorMap;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.errors.NetworkException;
import io.replog.netty.server.EventLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The connections of one client or broker to the brokers it talks to: one {@link BrokerConnection}
 * per broker id, at the address its registration gives, and one per bootstrap address, for
 * clients that know no broker ids yet.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #updateBrokers} takes the whole set of live brokers: a broker whose address changed
 *       gets a new connection and one that is gone loses its connection; either way the old
 *       connection's pending requests fail with a {@link NetworkException}. A broker whose address
 *       is unchanged keeps its connection and its requests.</li>
 *   <li>TCP connections run on the event loop group given to {@link Builder#eventLoopGroup}, in-VM
 *       ({@code local://}) ones on that given to {@link Builder#inVmEventLoopGroup}; without one the
 *       pool creates a group on first need, with threads named {@code replog-netty-io-N}. Host
 *       names are looked up on the executor given to {@link Builder#lookupExecutor}, or else on a
 *       thread of the pool's own, {@code replog-netty-lookup-...}, never on an event loop.</li>
 *   <li>{@link #close()} closes every connection (failing what is pending), shuts down the groups
 *       and the lookup thread it created and waits for them, up to the close timeout (not when
 *       called on a Netty thread, where waiting could stall an event loop); a group it was given
 *       is left running, and must outlive the pool. Closing twice is harmless; later calls fail with a
 *       {@link NetworkException} or an {@link IllegalStateException}.</li>
 *   <li>Thread-safe: any thread may send, update and close.</li>
 * </ul>
 */
public final class ConnectionPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

    private final ClientConfig config;
    private final DoubleSupplier jitter;
    private final String listenerName;
    private final Duration closeTimeout;
    private final int ioThreads;
    private final EventLoopGroup sharedTcp;
    private final EventLoopGroup sharedInVm;
    private final EventExecutor lookups;
    /** Whether {@link #lookups} is the pool's own, to shut down with it. */
    private final boolean ownLookups;
    private final OffLoopResolverGroup resolver;

    // Guarded by this.
    private final Map<Integer, BrokerConnection> brokers = new HashMap<>();
    private final Map<String, BrokerConnection> bootstrap = new HashMap<>();
    private EventLoopGroup ownTcp;
    private EventLoopGroup ownInVm;
    private boolean closed;

    private ConnectionPool(Builder builder) {
        this.config = builder.config;
        this.jitter = builder.jitter;
        this.listenerName = builder.listenerName;
        this.closeTimeout = builder.closeTimeout;
        this.ioThreads = builder.ioThreads;
        this.sharedTcp = builder.tcp;
        this.sharedInVm = builder.inVm;
        this.ownLookups = builder.lookups == null;
        this.lookups = ownLookups ? new DefaultEventExecutor(new DefaultThreadFactory("replog-netty-lookup", true))
                : builder.lookups;
        this.resolver = new OffLoopResolverGroup(lookups);
    }

    /** A pool with the defaults: {@link ClientConfig#DEFAULTS}, its own event loops. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends to broker {@code brokerId} (see {@link BrokerConnection#send}); a broker with no known
     * address fails with a {@link NetworkException}, and the body is released.
     */
    public CompletableFuture<ByteBuf> send(int brokerId, short apiKey, short apiVersion, ByteBuf body,
                                           boolean expectResponse) {
        Optional<BrokerConnection> connection = broker(brokerId);
        if (connection.isEmpty()) {
            body.release();
            return CompletableFuture.failedFuture(new NetworkException("no address known for broker " + brokerId));
        }
        return connection.get().send(apiKey, apiVersion, body, expectResponse);
    }

    /** The connection to broker {@code brokerId}, if its address is known. */
    public synchronized Optional<BrokerConnection> broker(int brokerId) {
        return Optional.ofNullable(brokers.get(brokerId));
    }

    /** The connection to {@code address} ({@code host:port} or {@code local://name}), made on first use. */
    public synchronized BrokerConnection bootstrap(String address) {
        checkOpen();
        BrokerAddress parsed = BrokerAddress.parse(address);
        return bootstrap.computeIfAbsent(parsed.toString(), a -> create(parsed));
    }

    /**
     * Where the live brokers are, as the controller's metadata says: each broker's endpoint of the
     * pool's listener name, or its first. A registration with no endpoints counts as gone.
     */
    public void updateBrokers(Collection<BrokerRegistration> registrations) {
        List<BrokerConnection> retired = new ArrayList<>();
        synchronized (this) {
            checkOpen();
            Map<Integer, BrokerAddress> wanted = new HashMap<>();
            for (BrokerRegistration registration : registrations) {
                endpoint(registration).ifPresent(e -> wanted.put(registration.brokerId(), BrokerAddress.of(e)));
            }
            brokers.entrySet().removeIf(entry -> {
                BrokerAddress address = wanted.get(entry.getKey());
                if (address != null && address.equals(entry.getValue().address())) {
                    return false;
                }
                retired.add(entry.getValue());
                return true;
            });
            wanted.forEach((id, address) -> brokers.computeIfAbsent(id, i -> create(address)));
        }
        // Not waited for: metadata updates may come on any thread, event loops included.
        retired.forEach(BrokerConnection::closeAsync);
    }

    @Override
    public void close() {
        List<BrokerConnection> connections;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            connections = new ArrayList<>(brokers.values());
            connections.addAll(bootstrap.values());
            brokers.clear();
            bootstrap.clear();
        }
        connections.forEach(BrokerConnection::close);
        resolver.close();
        List<EventExecutorGroup> own = new ArrayList<>();
        if (ownLookups) {
            own.add(lookups);
        }
        if (ownTcp != null) {
            own.add(ownTcp);
        }
        if (ownInVm != null) {
            own.add(ownInVm);
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        // On a Netty thread, waiting would stall an event loop, or wait for the very thread waiting.
        boolean mayWait = ThreadExecutorMap.currentExecutor() == null;
        own.forEach(g -> g.shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS));
        if (mayWait) {
            for (EventExecutorGroup group : own) {
                long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (!group.terminationFuture().awaitUninterruptibly(left)) {
                    log.warn("Threads of {} did not stop within {}", group, closeTimeout);
                }
            }
        }
    }

    private BrokerConnection create(BrokerAddress address) {
        EventLoopGroup group = address.isLocal() ? inVmGroup() : tcpGroup();
        return new BrokerConnection(address, group.next(), config, jitter, resolver);
    }

    private EventLoopGroup tcpGroup() {
        if (sharedTcp != null) {
            return sharedTcp;
        }
        if (ownTcp == null) {
            ownTcp = EventLoops.tcp(ioThreads);
        }
        return ownTcp;
    }

    private EventLoopGroup inVmGroup() {
        if (sharedInVm != null) {
            return sharedInVm;
        }
        if (ownInVm == null) {
            ownInVm = EventLoops.inVm(ioThreads);
        }
        return ownInVm;
    }

    private Optional<Endpoint> endpoint(BrokerRegistration registration) {
        List<Endpoint> endpoints = registration.endpoints();
        if (listenerName != null) {
            for (Endpoint endpoint : endpoints) {
                if (endpoint.listener().equals(listenerName)) {
                    return Optional.of(endpoint);
                }
            }
        }
        return endpoints.stream().findFirst();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("connection pool is closed");
        }
    }

    /** Options of a {@link ConnectionPool}; {@link #build()} makes it. */
    public static final class Builder {
        private ClientConfig config = ClientConfig.DEFAULTS;
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
        private String listenerName;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private int ioThreads = 1;
        private EventLoopGroup tcp;
        private EventLoopGroup inVm;
        private EventExecutor lookups;

        private Builder() {
        }

        /** What every connection obeys; default {@link ClientConfig#DEFAULTS}. */
        public Builder config(ClientConfig clientConfig) {
            this.config = Objects.requireNonNull(clientConfig, "clientConfig");
            return this;
        }

        /**
         * The random source of the reconnect backoff's jitter, values in [0, 1); called from I/O
         * threads, so it must be thread-safe. Default: {@link ThreadLocalRandom}.
         */
        public Builder jitter(DoubleSupplier random) {
            this.jitter = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Which endpoint of a broker registration to connect to; default: its first. */
        public Builder listenerName(String name) {
            this.listenerName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Runs TCP connections on {@code group} ({@link EventLoops#tcp}), which the pool never shuts down. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.tcp = Objects.requireNonNull(group, "group");
            return this;
        }

        /** Runs in-VM connections on {@code group} ({@link EventLoops#inVm}), which the pool never shuts down. */
        public Builder inVmEventLoopGroup(EventLoopGroup group) {
            this.inVm = Objects.requireNonNull(group, "group");
            return this;
        }

        /** Looks host names up on {@code executor}, which the pool never shuts down; default: a thread of its own. */
        public Builder lookupExecutor(EventExecutor executor) {
            this.lookups = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Threads of each group the pool creates; default 1, which serves many connections. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("I/O threads must be >= 1, was " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /** How long {@link ConnectionPool#close()} waits for the threads it created; default 10 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public ConnectionPool build() {
            return new ConnectionPool(this);
        }
    }
}
