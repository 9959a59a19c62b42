package io.replog.internal.broker;

import io.replog.internal.controller.Controller;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.TopicAssignment;
import io.replog.log.LogFileSystem;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.internal.replica.ReplicaManager;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One broker as a plain object: its replicas, its metadata cache, and the controller while it
 * holds the controllership. Every request, response, timer and coordinator notification runs
 * on its {@link Scheduler}; the same class runs in production (a named thread, Netty,
 * ZooKeeper) and in the deterministic simulation (one seeded event queue, simulated network,
 * in-memory coordinator).
 *
 * <p>This class keeps the broker's life: registration (and registering again after a session
 * expiry or an unclean start), the registration checks on controller requests, start, close
 * and crash. Its jobs are classes of their own: the replicas ({@link ReplicaManager}), the
 * controllership ({@link ControllerHost}), request dispatch ({@link RequestDispatcher}) and topic
 * administration ({@link TopicAdmin}).
 */
public final class BrokerNode implements RequestHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerNode.class);
    private static final long REGISTRATION_RETRY_MS = 1_000;

    private final BrokerSettings settings;
    private final Scheduler scheduler;
    private final Coordinator coordinator;
    private final BrokerAddresses transport;
    private final ReplicaManager replicas;
    private final MetadataCache metadata = new MetadataCache();
    private final ControllerHost controllerHost;
    private final RequestDispatcher dispatcher;
    private final RegistrationGate gate;
    private final java.util.concurrent.Executor checkpointIo;
    private final java.util.concurrent.Executor logIo;
    /** How long closing waits for queued checkpoint and log I/O. */
    private static final long IO_STOP_TIMEOUT_SECONDS = 10;
    private boolean running;
    /**
     * Whether this process's registration still says it started after an unclean shutdown: until
     * a controller has sent it a request under this registration, which it does only after taking
     * it out of the ISRs that have other members. Then the broker registers again, in the same
     * session (same broker epoch), without the mark, so that a later controller does not act on
     * it a second time.
     */
    private boolean uncleanUntilAcknowledged;

    /**
     * A broker that writes its high-watermark checkpoints on a thread of its own
     * ({@code replog-checkpoints-<id>}) and does its logs' slow file work (a rolled segment's
     * fsync, the unlinks of deleted segments) on another ({@code replog-log-io-<id>}), both
     * stopped by {@link #close()} and {@link #crash()}.
     */
    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport) {
        this(settings, scheduler, coordinator, transport, LogFileSystem.nio());
    }

    /** As the four-argument constructor, with the logs reaching the disk through {@code logFileSystem}. */
    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                      LogFileSystem logFileSystem) {
        this(settings, scheduler, coordinator, transport, new java.security.SecureRandom(),
                java.util.concurrent.Executors.newSingleThreadExecutor(
                        r -> new Thread(r, "replog-checkpoints-" + settings.brokerId())), logFileSystem,
                java.util.concurrent.Executors.newSingleThreadExecutor(
                        r -> new Thread(r, "replog-log-io-" + settings.brokerId())));
    }

    /** As the eight-argument constructor, with the logs' slow file work done inline (on the event loop). */
    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                      java.util.random.RandomGenerator topicIds, java.util.concurrent.Executor checkpointIo,
                      LogFileSystem logFileSystem) {
        this(settings, scheduler, coordinator, transport, topicIds, checkpointIo, logFileSystem, Runnable::run);
    }

    /**
     * A broker whose topic ids come from {@code topicIds}, whose high-watermark checkpoints are
     * written on {@code checkpointIo} (the simulation passes a seeded source and the event loop
     * itself, so that a run replays exactly) and whose logs reach the disk through
     * {@code logFileSystem} (a simulation's durability-tracking one, to lose what a power loss
     * would), and whose logs fsync rolled segments and unlink deleted ones on {@code logIo} (one
     * thread; the simulation passes {@code Runnable::run}). An
     * {@link java.util.concurrent.ExecutorService} is shut down with the broker, after its logs
     * are closed, and waited for; an {@link io.replog.time.ExecutorLane} (a lane of a thread other
     * brokers share) is closed and its queue waited for.
     */
    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                      java.util.random.RandomGenerator topicIds, java.util.concurrent.Executor checkpointIo,
                      LogFileSystem logFileSystem, java.util.concurrent.Executor logIo) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.coordinator = coordinator;
        this.transport = new BrokerAddresses(transport);
        this.checkpointIo = checkpointIo;
        this.logIo = logIo;
        this.replicas = new ReplicaManager(settings.replica(), scheduler, coordinator, this.transport,
                checkpointIo, logFileSystem, logIo);
        this.controllerHost = new ControllerHost(settings.brokerId(), settings.controller(), coordinator,
                this.transport, scheduler, settings.replica().plantedBugs(), epoch -> metadata.controller(id()));
        TopicAdmin topics = new TopicAdmin(coordinator, scheduler, metadata,
                new TopicCreator(coordinator, settings.replica().defaults(), topicIds));
        this.dispatcher = new RequestDispatcher(replicas, metadata, this.transport, controllerHost, topics,
                new ConfigDescriber(coordinator, scheduler, settings.replica().defaults()));
        this.gate = new RegistrationGate(settings.brokerId(), settings.replica().plantedBugs());
    }

    /** Joins the cluster: registers, runs for controller, starts the replicas' upkeep. */
    public void start() {
        running = true;
        coordinator.addListener(new Listener());
        replicas.start();
        uncleanUntilAcknowledged = !replicas.startedAfterCleanShutdown();
        register();
    }

    private void register() {
        if (!running) {
            return;
        }
        BrokerRegistration me = new BrokerRegistration(id(), settings.rack(), settings.endpoints(),
                scheduler.clock().millis()).withUncleanShutdown(uncleanUntilAcknowledged);
        coordinator.registerBroker(me).whenCompleteAsync((v, err) -> {
            if (!running) {
                return;
            }
            if (err != null) {
                // Typically our previous session still holds the id after a quick restart; it
                // goes away when that session expires.
                LOG.warn("[broker {}] registration failed, retrying in {} ms: {}", id(), REGISTRATION_RETRY_MS,
                        err.getMessage());
                scheduler.schedule(REGISTRATION_RETRY_MS, this::register);
                return;
            }
            gate.registered(v);
            LOG.info("[broker {}] registered with broker epoch {} (rack {}, {})", id(), v, settings.rack(),
                    settings.endpoints());
            controllerHost.runForController();
        }, scheduler);
    }

    /** The events the coordinator reports, each moved onto this broker's event loop. */
    private final class Listener implements CoordinatorListener {
        @Override
        public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
            scheduler.execute(() -> {
                transport.updateBrokers(live.values());
                controllerHost.onBrokersChanged(live);
            });
        }

        @Override
        public void onControllerChanged(Optional<ControllerInfo> current) {
            scheduler.execute(() -> {
                current.ifPresent(c -> metadata.controller(c.brokerId()));
                controllerHost.onControllerChanged(current);
            });
        }

        @Override
        public void onTopicsChanged(Map<String, TopicAssignment> topics) {
            scheduler.execute(() -> controllerHost.onTopicsChanged(topics));
        }

        @Override
        public void onTopicDeletionRequested(Set<String> topics) {
            scheduler.execute(() -> controllerHost.onTopicDeletionRequested(topics));
        }

        @Override
        public void onIsrChanged(Set<TopicPartition> partitions) {
            scheduler.execute(() -> controllerHost.onIsrChanged(partitions));
        }

        @Override
        public void onLogDirFailure(int brokerId) {
            scheduler.execute(() -> controllerHost.onLogDirFailure(brokerId));
        }

        @Override
        public void onSessionExpired() {
            scheduler.execute(() -> {
                LOG.warn("[broker {}] coordinator session expired; registering again", id());
                gate.unregistered();
                controllerHost.onSessionExpired();
                if (running) {
                    register();
                }
            });
        }
    }

    // ---------------------------------------------------------------- requests

    @Override
    public CompletableFuture<Response> handle(RequestSource source, Request request) {
        if (!running) {
            return CompletableFuture.failedFuture(new io.replog.errors.RetriableException(
                    "broker " + id() + " is not running"));
        }
        if (request instanceof io.replog.protocol.ControllerRequest r) {
            Optional<CompletableFuture<Response>> refused = gate.check(r, newestControllerEpoch());
            if (refused.isPresent()) {
                return refused.get();
            }
            if (uncleanUntilAcknowledged && r.brokerEpoch() == gate.brokerEpoch()) {
                uncleanUntilAcknowledged = false;
                LOG.info("[broker {}] the controller has acted on the unclean shutdown; registering without the mark",
                        id());
                register();
            }
        }
        return dispatcher.dispatch(request);
    }

    /**
     * The newest controller epoch this broker has obeyed, whatever the request kind: a broker
     * that took LeaderAndIsr from a new controller refuses the old one's UpdateMetadata too,
     * and the other way round (Kafka keeps one epoch for all three controller requests).
     */
    private int newestControllerEpoch() {
        return Math.max(metadata.controllerEpoch(), replicas.controllerEpoch());
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Asks the controller to move this broker's leaderships away; completes with the
     * partitions it still leads (none when the hand-over worked).
     */
    public CompletableFuture<Set<TopicPartition>> requestControlledShutdown() {
        int controllerId = metadata.controllerId();
        if (controllerId < 0) {
            return CompletableFuture.completedFuture(Set.copyOf(replicas.ledPartitions()));
        }
        CompletableFuture<Response> reply = controllerId == id()
                ? handle(RequestSource.broker(id()), new ControlledShutdownRequest(id(), gate.brokerEpoch()))
                : transport.send(controllerId, new ControlledShutdownRequest(id(), gate.brokerEpoch()));
        return reply.thenApplyAsync(r -> {
            ControlledShutdownResponse csr = (ControlledShutdownResponse) r;
            return csr.error() == Errors.NONE ? csr.remainingPartitions() : Set.copyOf(replicas.ledPartitions());
        }, scheduler);
    }

    /** Stops cleanly: resigns the controllership, closes replicas (checkpoints, flush), ends the session. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        controllerHost.stop("shutting down");
        replicas.close();
        stopCheckpointIo();
        coordinator.close();
        LOG.info("[broker {}] stopped", id());
    }

    /** Stops as a crash would: nothing flushed, nothing checkpointed, the session left to expire. */
    public void crash() {
        running = false;
        controllerHost.stop("crashed");
        replicas.crash();
        stopCheckpointIo();
    }

    /**
     * Stops the checkpoint and log I/O threads (after the logs closed, so no new work comes) and
     * waits a bounded time for the work already queued: a closed broker leaves no thread behind.
     */
    private void stopCheckpointIo() {
        for (java.util.concurrent.Executor executor : java.util.List.of(checkpointIo, logIo)) {
            if (executor instanceof java.util.concurrent.ExecutorService service) {
                service.shutdown();
            }
        }
        for (java.util.concurrent.Executor executor : java.util.List.of(checkpointIo, logIo)) {
            if (executor instanceof java.util.concurrent.ExecutorService service) {
                awaitStopped(service);
            } else if (executor instanceof io.replog.time.ExecutorLane lane) {
                lane.close(); // a lane of a thread other brokers share: closing it waits for its own queue only
            }
        }
    }

    private void awaitStopped(java.util.concurrent.ExecutorService service) {
        try {
            if (!service.awaitTermination(IO_STOP_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("[broker {}] an I/O thread did not finish its work within {} s", id(),
                        IO_STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- state

    public int id() {
        return settings.brokerId();
    }

    public boolean isController() {
        return controllerHost.isController();
    }

    public boolean isRunning() {
        return running;
    }

    /** The epoch of this process's current registration, or {@link BrokerRegistration#NO_EPOCH} while unregistered. */
    public long brokerEpoch() {
        return gate.brokerEpoch();
    }

    public ReplicaManager replicas() {
        return replicas;
    }

    /** The controller this broker runs, if it is the controller. */
    public Optional<Controller> controller() {
        return controllerHost.controller();
    }

    /** This broker's controllership. */
    public ControllerHost controllerHost() {
        return controllerHost;
    }

    /** The broker's metadata as a client would see it. */
    public io.replog.protocol.MetadataResponse metadata() {
        return metadata.describe(MetadataRequest.allTopics());
    }
}
