package io.replog.broker;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.Endpoint;
import io.replog.errors.ReplogException;
import io.replog.errors.TimeoutException;
import io.replog.internal.broker.BrokerNode;
import io.replog.internal.broker.BrokerSettings;
import io.replog.log.LogFileSystem;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.provider.CoordinatorProvider;
import io.replog.provider.Providers;
import io.replog.provider.TransportProvider;
import io.replog.time.Clock;
import io.replog.time.EventLoopScheduler;
import io.replog.time.ExecutorLane;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A running broker: the replication engine on its own event loop ({@code replog-broker-<id>}, a
 * thread of its own, or a lane of {@link BrokerThreads} shared with other brokers in this JVM),
 * registered with its coordinator and serving its listeners. {@link #start(BrokerConfig)} finds
 * the coordinator and the transport on the class path ({@code replog-zk}, {@code replog-netty});
 * {@link #builder(BrokerConfig)} takes them explicitly.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@code start} returns once the listeners are bound and the broker has begun to register;
 *       {@link #endpoints()} gives the bound ports (a configured port 0 reads back as the chosen
 *       one). A failure to start closes whatever was opened and names what failed.</li>
 *   <li>{@link #close()} is a controlled shutdown: it first asks the controller to move this
 *       broker's leaderships away (bounded by {@code shutdownTimeout}), then stops serving, flushes
 *       and checkpoints its logs, ends its coordinator session, and stops its threads. Closing twice
 *       does nothing.</li>
 *   <li>{@link #kill()} stops it at once as a crash would, for tests of failure handling; it
 *       leaves the files as they are.</li>
 *   <li>Every call into the engine runs on the broker's event loop; the methods here may be called
 *       from any thread.</li>
 * </ul>
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final int id;
    private final EventLoopScheduler loop;
    private final Coordinator coordinator;
    private final Transport transport;
    private final TransportProvider.Listening listening;
    private final BrokerNode node;
    private final List<Endpoint> endpoints;
    private final Duration shutdownTimeout;
    private boolean closed;

    private Broker(Builder b) {
        BrokerConfig config = b.config;
        this.id = config.brokerId();
        this.shutdownTimeout = b.shutdownTimeout;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            this.loop = b.threads != null ? b.threads.engineLoop(id, b.clock)
                    : new EventLoopScheduler("replog-broker-" + id, b.clock);
            opened.add(loop);
            this.coordinator = b.coordinatorProvider().create(config, b.clock);
            opened.add(coordinator);
            this.transport = b.transportProvider().client(config);
            opened.add(transport);
            NodeRef ref = new NodeRef(loop);
            this.listening = b.transportProvider().listen(config, ref::handle);
            opened.add(listening);
            this.endpoints = advertised(listening.endpoints());
            BrokerSettings from = BrokerSettings.from(config);
            BrokerSettings settings = new BrokerSettings(from.brokerId(), from.rack(), endpoints, from.replica(),
                    from.controller());
            if (b.threads != null) {
                ExecutorLane checkpoints = b.threads.checkpoints(id);
                opened.add(checkpoints);
                ExecutorLane logIo = b.threads.logIo(id);
                opened.add(logIo);
                this.node = new BrokerNode(settings, loop, coordinator, transport, new SecureRandom(), checkpoints,
                        b.logFileSystem, logIo);
            } else {
                this.node = new BrokerNode(settings, loop, coordinator, transport, b.logFileSystem);
            }
            ref.node = node;
            ask(() -> {
                node.start();
                return null;
            });
            LOG.info("[broker {}] started, listening on {}", id, endpoints);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Starts a broker with the coordinator and transport found on the class path. */
    public static Broker start(BrokerConfig config) {
        return builder(config).start();
    }

    /** A broker to start with explicit parts; what is not given is found on the class path. */
    public static Builder builder(BrokerConfig config) {
        return new Builder(config);
    }

    /** This broker's id ({@code broker.id}). */
    public int id() {
        return id;
    }

    /** The listeners as bound and registered, in the order configured. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Whether this broker is the controller now. */
    public boolean isController() {
        return ask(node::isController);
    }

    /** The partitions this broker leads now. */
    public Set<TopicPartition> leaderships() {
        return ask(() -> Set.copyOf(node.replicas().ledPartitions()));
    }

    /** Controlled shutdown, then stop; see the class comment. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Set<TopicPartition> still = loop.supply(node::requestControlledShutdown).thenCompose(f -> f)
                    .get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!still.isEmpty()) {
                LOG.warn("[broker {}] still leads {} after the controlled shutdown; closing anyway", id, still);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("[broker {}] controlled shutdown took longer than {}; closing anyway", id, shutdownTimeout);
        } catch (ExecutionException e) {
            LOG.warn("[broker {}] controlled shutdown failed: {}; closing anyway", id, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listening.close();
        try {
            ask(() -> {
                node.close();
                return null;
            });
        } catch (ReplogException e) {
            LOG.warn("[broker {}] closing the engine failed: {}", id, e.getMessage());
        }
        closeAll(List.of(transport, loop));
        LOG.info("[broker {}] closed", id);
    }

    /**
     * Stops at once, as a crash would, for tests of failure handling: no controlled shutdown,
     * nothing flushed or checkpointed (the files stay exactly as the crash left them), the
     * listeners and every connection dropped, the coordinator session ended, so that the broker's
     * registration and any controllership vanish now rather than after
     * {@code zookeeper.session.timeout.ms} (what a crashed process leads to, without the wait), and
     * the broker's threads stopped. A broker started again on the same directories recovers as
     * after a crash. Killing a closed or killed broker does nothing.
     */
    public synchronized void kill() {
        if (closed) {
            return;
        }
        closed = true;
        listening.close();
        try {
            ask(() -> {
                node.crash();
                return null;
            });
        } catch (ReplogException e) {
            LOG.warn("[broker {}] crashing the engine failed: {}", id, e.getMessage());
        }
        closeAll(List.of(loop, transport, coordinator)); // closed in reverse: the session first
        LOG.info("[broker {}] killed", id);
    }

    private <T> T ask(java.util.function.Supplier<T> query) {
        try {
            return loop.supply(query).get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("broker " + id + ": its event loop did not answer within " + shutdownTimeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ReplogException(e.getCause().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("broker " + id + ": interrupted", e);
        }
    }

    /** An empty host means every interface; other brokers and clients need one they can reach. */
    private static List<Endpoint> advertised(List<Endpoint> bound) {
        return bound.stream().map(e -> e.host().isEmpty() || e.host().equals("0.0.0.0")
                ? new Endpoint(e.listener(), "localhost", e.port()) : e).toList();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i), e.toString());
            }
        }
    }

    /**
     * The request handler the listeners are bound with before the engine exists: requests run on
     * the event loop, where the engine lives. An acks=0 produce's answer is not sent, but the
     * transport looks for refusals in it (and closes the connection on one, as Kafka does).
     */
    private static final class NodeRef {
        private final EventLoopScheduler loop;
        private volatile BrokerNode node;

        NodeRef(EventLoopScheduler loop) {
            this.loop = loop;
        }

        CompletableFuture<Response> handle(RequestSource source, Request request) {
            BrokerNode n = node;
            if (n == null) {
                return CompletableFuture.failedFuture(new io.replog.errors.RetriableException(
                        "the broker is still starting"));
            }
            return loop.supply(() -> n.handle(source, request))
                    .thenCompose(f -> f != null ? f : CompletableFuture.completedFuture(null));
        }
    }

    /** Explicit parts for a broker; {@link #start()} starts it. */
    public static final class Builder {
        private final BrokerConfig config;
        private CoordinatorProvider coordinator;
        private TransportProvider transport;
        private Clock clock = Clock.system();
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private BrokerThreads threads;
        private LogFileSystem logFileSystem = LogFileSystem.nio();

        private Builder(BrokerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The coordinator to register with; default: the one {@code replog-zk} registers. */
        public Builder coordinator(CoordinatorProvider provider) {
            this.coordinator = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The network; default: the one {@code replog-netty} registers. */
        public Builder transport(TransportProvider provider) {
            this.transport = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The clock of the event loop and the coordinator; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long {@link Broker#close()} waits for leaderships to move; default 30 s. */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("shutdownTimeout must be positive, was " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * Runs the broker's engine and file work on {@code threads}, shared with the other brokers
         * given the same instance, instead of on threads of its own; see {@link BrokerThreads}.
         */
        public Builder threads(BrokerThreads threads) {
            this.threads = Objects.requireNonNull(threads, "threads");
            return this;
        }

        /**
         * The file system the logs reach the disk through; default {@link LogFileSystem#nio()}. A
         * test cluster whose brokers never lose power may pass {@link LogFileSystem#nioWithoutFsync()}.
         */
        public Builder logFileSystem(LogFileSystem fs) {
            this.logFileSystem = Objects.requireNonNull(fs, "fs");
            return this;
        }

        /** Starts the broker; see {@link Broker}. */
        public Broker start() {
            return new Broker(this);
        }

        private CoordinatorProvider coordinatorProvider() {
            return coordinator != null ? coordinator : Providers.coordinator(Broker.class.getClassLoader());
        }

        private TransportProvider transportProvider() {
            return transport != null ? transport : Providers.transport(Broker.class.getClassLoader());
        }
    }
}
