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
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.internal.replica.ReplicaManager;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
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
 */
public final class BrokerNode implements RequestHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerNode.class);
    private static final long REGISTRATION_RETRY_MS = 1_000;

    private final BrokerSettings settings;
    private final Scheduler scheduler;
    private final Coordinator coordinator;
    private final Transport transport;
    private final ReplicaManager replicas;
    private final MetadataCache metadata = new MetadataCache();
    private final TopicCreator topicCreator;
    private final List<Runnable> metadataWaiters = new java.util.ArrayList<>();
    private final RegistrationGate gate;
    private final java.util.concurrent.Executor checkpointIo;
    private Controller controller;
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
     * ({@code replog-checkpoints-<id>}), stopped by {@link #close()} and {@link #crash()}.
     */
    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport) {
        this(settings, scheduler, coordinator, transport, new java.security.SecureRandom(),
                java.util.concurrent.Executors.newSingleThreadExecutor(
                        r -> new Thread(r, "replog-checkpoints-" + settings.brokerId())), LogFileSystem.nio());
    }

    /**
     * A broker whose topic ids come from {@code topicIds}, whose high-watermark checkpoints are
     * written on {@code checkpointIo} (the simulation passes a seeded source and the event loop
     * itself, so that a run replays exactly) and whose logs reach the disk through
     * {@code logFileSystem} (a simulation's durability-tracking one, to lose what a power loss
     * would). An {@link java.util.concurrent.ExecutorService} is shut down with the broker.
     */
    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                      java.util.random.RandomGenerator topicIds, java.util.concurrent.Executor checkpointIo,
                      LogFileSystem logFileSystem) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.coordinator = coordinator;
        this.transport = transport;
        this.checkpointIo = checkpointIo;
        this.replicas = new ReplicaManager(settings.replica(), scheduler, coordinator, transport, checkpointIo,
                logFileSystem);
        this.topicCreator = new TopicCreator(coordinator, settings.replica().defaults(), topicIds);
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
            runForController();
        }, scheduler);
    }

    private void runForController() {
        if (!running || isController()) {
            return;
        }
        coordinator.tryBecomeController(id()).whenCompleteAsync((won, err) -> {
            if (!running) {
                return;
            }
            if (err != null) {
                // The election write may have been applied with its reply lost: whoever holds the
                // controllership now, possibly this broker, must act as controller.
                LOG.warn("[broker {}] running for controller failed ({}); reading who won", id(), err.getMessage());
                scheduler.schedule(REGISTRATION_RETRY_MS, this::checkWhoIsController);
                return;
            }
            if (won.isPresent()) {
                becomeController(won.getAsInt());
            }
        }, scheduler);
    }

    private void checkWhoIsController() {
        if (!running || isController()) {
            return;
        }
        coordinator.controller().whenCompleteAsync((current, err) -> {
            if (!running || isController()) {
                return;
            }
            if (err != null || current.isEmpty()) {
                runForController();
            } else if (current.get().brokerId() == id()) {
                becomeController(current.get().epoch());
            }
        }, scheduler);
    }

    private void becomeController(int epoch) {
        if (isController()) {
            return;
        }
        LOG.info("[broker {}] elected controller with epoch {}", id(), epoch);
        metadata.controller(id());
        controller = new Controller(id(), epoch, settings.controller(), coordinator, transport, scheduler,
                settings.replica().plantedBugs());
        controller.start();
    }

    private void resignController(String why) {
        if (controller != null) {
            LOG.info("[broker {}] resigning as controller: {}", id(), why);
            controller.resign();
            controller = null;
        }
    }

    /** The events the coordinator reports, each moved onto this broker's event loop. */
    private final class Listener implements CoordinatorListener {
        @Override
        public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
            scheduler.execute(() -> {
                transport.updateBrokers(live.values());
                if (controller != null) {
                    controller.onBrokersChanged(live);
                }
            });
        }

        @Override
        public void onControllerChanged(Optional<ControllerInfo> current) {
            scheduler.execute(() -> {
                if (controller != null) {
                    controller.onControllerChanged(current);
                }
                if (current.isEmpty()) {
                    resignController("the controller went away");
                    runForController();
                } else {
                    metadata.controller(current.get().brokerId());
                    if (current.get().brokerId() != id()) {
                        resignController("broker " + current.get().brokerId() + " is controller now");
                    } else if (!isController()) {
                        checkWhoIsController(); // the controllership is ours (a win whose reply was lost): take it up
                    }
                }
            });
        }

        @Override
        public void onTopicsChanged(Map<String, TopicAssignment> topics) {
            scheduler.execute(() -> {
                if (controller != null) {
                    controller.onTopicsChanged(topics);
                }
            });
        }

        @Override
        public void onTopicDeletionRequested(Set<String> topics) {
            scheduler.execute(() -> {
                if (controller != null) {
                    controller.onTopicDeletionRequested(topics);
                }
            });
        }

        @Override
        public void onIsrChanged(Set<TopicPartition> partitions) {
            scheduler.execute(() -> {
                if (controller != null) {
                    controller.onIsrChanged(partitions);
                }
            });
        }

        @Override
        public void onLogDirFailure(int brokerId) {
            scheduler.execute(() -> {
                if (controller != null) {
                    controller.onLogDirFailure(brokerId);
                }
            });
        }

        @Override
        public void onSessionExpired() {
            scheduler.execute(() -> {
                LOG.warn("[broker {}] coordinator session expired; registering again", id());
                gate.unregistered();
                resignController("session expired");
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
        if (request instanceof ProduceRequest r) {
            return replicas.handleProduce(r);
        } else if (request instanceof FetchRequest r) {
            return replicas.handleFetch(r);
        } else if (request instanceof ListOffsetsRequest r) {
            return done(replicas.handleListOffsets(r));
        } else if (request instanceof OffsetForLeaderEpochRequest r) {
            return done(replicas.handleOffsetForLeaderEpoch(r));
        } else if (request instanceof LeaderAndIsrRequest r) {
            transport.updateBrokers(r.leaders());
            return done(replicas.handleLeaderAndIsr(r));
        } else if (request instanceof StopReplicaRequest r) {
            return done(replicas.handleStopReplica(r));
        } else if (request instanceof UpdateMetadataRequest r) {
            return done(handleUpdateMetadata(r));
        } else if (request instanceof MetadataRequest r) {
            return done(metadata.describe(r));
        } else if (request instanceof CreateTopicsRequest r) {
            return handleCreateTopics(r);
        } else if (request instanceof DeleteTopicsRequest r) {
            return handleDeleteTopics(r);
        } else if (request instanceof ControlledShutdownRequest r) {
            if (!isController()) {
                return done(new ControlledShutdownResponse(Errors.NOT_CONTROLLER, Set.of()));
            }
            return controller.controlledShutdown(r.brokerId(), r.brokerEpoch()).handle((remaining, error) -> {
                if (error == null) {
                    return (Response) new ControlledShutdownResponse(Errors.NONE, remaining);
                }
                if (Errors.forException(error) == Errors.STALE_BROKER_EPOCH) {
                    return new ControlledShutdownResponse(Errors.STALE_BROKER_EPOCH, Set.of());
                }
                throw new java.util.concurrent.CompletionException(cause(error));
            });
        } else if (request instanceof ElectLeadersRequest r) {
            if (!isController()) {
                return done(new ElectLeadersResponse(Errors.NOT_CONTROLLER, Map.of()));
            }
            return controller.electPreferredLeaders(r.partitions())
                    .thenApply(results -> (Response) new ElectLeadersResponse(Errors.NONE, results));
        }
        throw new IllegalArgumentException("unhandled request type " + request.apiKey());
    }

    private static CompletableFuture<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    /**
     * The newest controller epoch this broker has obeyed, whatever the request kind: a broker
     * that took LeaderAndIsr from a new controller refuses the old one's UpdateMetadata too,
     * and the other way round (Kafka keeps one epoch for all three controller requests).
     */
    private int newestControllerEpoch() {
        return Math.max(metadata.controllerEpoch(), replicas.controllerEpoch());
    }

    private UpdateMetadataResponse handleUpdateMetadata(UpdateMetadataRequest r) {
        if (!metadata.update(r)) {
            return new UpdateMetadataResponse(Errors.STALE_CONTROLLER_EPOCH);
        }
        transport.updateBrokers(r.liveBrokers());
        for (Runnable waiter : List.copyOf(metadataWaiters)) {
            waiter.run();
        }
        return new UpdateMetadataResponse(Errors.NONE);
    }

    /** Creates topics and answers once their leaders are known here, or at the request's timeout. */
    private CompletableFuture<Response> handleCreateTopics(CreateTopicsRequest r) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        coordinator.liveBrokers().whenCompleteAsync((live, err) -> {
            if (err != null) {
                Map<String, CreateTopicsResponse.TopicResult> failed = new HashMap<>();
                r.topics().forEach(t -> failed.put(t.name(), new CreateTopicsResponse.TopicResult(
                        Errors.forException(err), err.getMessage())));
                result.complete(new CreateTopicsResponse(failed));
                return;
            }
            Map<String, CreateTopicsResponse.TopicResult> results = new HashMap<>();
            List<CompletableFuture<Void>> pending = new java.util.ArrayList<>();
            for (CreateTopicsRequest.NewTopicSpec spec : r.topics()) {
                CompletableFuture<Void> one;
                try {
                    one = topicCreator.create(spec, live, r.validateOnly())
                            .thenComposeAsync(a -> r.validateOnly() ? CompletableFuture.<Void>completedFuture(null)
                                    : awaitLeaders(a, r.timeoutMs()), scheduler)
                            .handleAsync((v, e) -> {
                                results.put(spec.name(), e == null
                                        ? new CreateTopicsResponse.TopicResult(Errors.NONE, null)
                                        : new CreateTopicsResponse.TopicResult(Errors.forException(e), cause(e).getMessage()));
                                return null;
                            }, scheduler);
                } catch (RuntimeException e) {
                    results.put(spec.name(), new CreateTopicsResponse.TopicResult(Errors.forException(e), e.getMessage()));
                    continue;
                }
                pending.add(one);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .whenCompleteAsync((v, e) -> result.complete(new CreateTopicsResponse(results)), scheduler);
        }, scheduler);
        return result;
    }

    private CompletableFuture<Void> awaitLeaders(TopicAssignment a, int timeoutMs) {
        return awaitMetadata(() -> metadata.hasLeaders(a.topic(), a.partitions().size()), timeoutMs,
                "topic '" + a.topic() + "' was created but its leaders were not elected within " + timeoutMs + " ms");
    }

    private CompletableFuture<Void> awaitMetadata(java.util.function.BooleanSupplier condition, int timeoutMs,
                                                  String timeoutMessage) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (condition.getAsBoolean()) {
            f.complete(null);
            return f;
        }
        Runnable[] waiter = new Runnable[1];
        Scheduler.Timer timer = scheduler.schedule(timeoutMs, () -> {
            metadataWaiters.remove(waiter[0]);
            f.completeExceptionally(new io.replog.errors.TimeoutException(timeoutMessage));
        });
        waiter[0] = () -> {
            if (condition.getAsBoolean()) {
                metadataWaiters.remove(waiter[0]);
                timer.cancel();
                f.complete(null);
            }
        };
        metadataWaiters.add(waiter[0]);
        return f;
    }

    private CompletableFuture<Response> handleDeleteTopics(DeleteTopicsRequest r) {
        Map<String, CreateTopicsResponse.TopicResult> results = new HashMap<>();
        List<CompletableFuture<Void>> pending = new java.util.ArrayList<>();
        for (String topic : r.topics()) {
            pending.add(coordinator.requestTopicDeletion(topic)
                    .thenComposeAsync(v -> awaitMetadata(() -> metadata.isGone(topic), r.timeoutMs(),
                            "deletion of topic '" + topic + "' did not complete within " + r.timeoutMs() + " ms"),
                            scheduler)
                    .handleAsync((v, e) -> {
                        results.put(topic, e == null ? new CreateTopicsResponse.TopicResult(Errors.NONE, null)
                                : new CreateTopicsResponse.TopicResult(Errors.forException(e), cause(e).getMessage()));
                        return null;
                    }, scheduler));
        }
        CompletableFuture<Response> result = new CompletableFuture<>();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((v, e) -> result.complete(new DeleteTopicsResponse(results)), scheduler);
        return result;
    }

    private static Throwable cause(Throwable e) {
        Throwable t = e;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
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
        resignController("shutting down");
        replicas.close();
        stopCheckpointIo();
        coordinator.close();
        LOG.info("[broker {}] stopped", id());
    }

    /** Stops as a crash would: nothing flushed, nothing checkpointed, the session left to expire. */
    public void crash() {
        running = false;
        if (controller != null) {
            controller.resign();
            controller = null;
        }
        replicas.crash();
        stopCheckpointIo();
    }

    private void stopCheckpointIo() {
        if (checkpointIo instanceof java.util.concurrent.ExecutorService service) {
            service.shutdown();
        }
    }

    // ---------------------------------------------------------------- state

    public int id() {
        return settings.brokerId();
    }

    public boolean isController() {
        return controller != null && controller.isActive();
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
        return Optional.ofNullable(controller);
    }

    /** The broker's metadata as a client would see it. */
    public io.replog.protocol.MetadataResponse metadata() {
        return metadata.describe(MetadataRequest.allTopics());
    }
}
