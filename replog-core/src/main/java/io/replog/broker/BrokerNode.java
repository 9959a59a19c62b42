package io.replog.broker;

import io.replog.controller.Controller;
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
import io.replog.replica.ReplicaManager;
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
    private Controller controller;
    private boolean running;

    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport) {
        this(settings, scheduler, coordinator, transport, LogFileSystem.nio());
    }

    /** A broker whose logs reach the disk through {@code logFileSystem} (see {@link ReplicaManager}). */
    public BrokerNode(BrokerSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                      LogFileSystem logFileSystem) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.coordinator = coordinator;
        this.transport = transport;
        this.replicas = new ReplicaManager(settings.replica(), scheduler, coordinator, transport, logFileSystem);
        this.topicCreator = new TopicCreator(coordinator, settings.replica().defaults());
    }

    /** Joins the cluster: registers, runs for controller, starts the replicas' upkeep. */
    public void start() {
        running = true;
        coordinator.addListener(new Listener());
        replicas.start();
        register();
    }

    private void register() {
        if (!running) {
            return;
        }
        BrokerRegistration me = new BrokerRegistration(id(), settings.rack(), settings.endpoints(),
                scheduler.clock().millis());
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
            LOG.info("[broker {}] registered (rack {}, {})", id(), settings.rack(), settings.endpoints());
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
                // The outcome is unknown (the coordinator lost its session, say): run again, or
                // nobody may run until the controller changes.
                LOG.warn("[broker {}] running for controller failed, trying again in {} ms: {}", id(),
                        REGISTRATION_RETRY_MS, err.getMessage());
                scheduler.schedule(REGISTRATION_RETRY_MS, this::runForController);
                return;
            }
            if (won.isPresent() && !isController()) {
                LOG.info("[broker {}] elected controller with epoch {}", id(), won.getAsInt());
                metadata.controller(id());
                controller = new Controller(id(), won.getAsInt(), settings.controller(), coordinator, transport,
                        scheduler, settings.replica().plantedBugs());
                controller.start();
            }
        }, scheduler);
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
                        runForController(); // the controllership is ours (a win whose reply was lost): take it up
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
        if (request instanceof ProduceRequest r) {
            return replicas.handleProduce(r);
        } else if (request instanceof FetchRequest r) {
            return replicas.handleFetch(r);
        } else if (request instanceof ListOffsetsRequest r) {
            return done(replicas.handleListOffsets(r));
        } else if (request instanceof OffsetForLeaderEpochRequest r) {
            return done(replicas.handleOffsetForLeaderEpoch(r));
        } else if (request instanceof LeaderAndIsrRequest r) {
            if (r.controllerEpoch() < newestControllerEpoch()) {
                return done(new LeaderAndIsrResponse(Errors.STALE_CONTROLLER_EPOCH, Map.of()));
            }
            transport.updateBrokers(r.leaders());
            return done(replicas.handleLeaderAndIsr(r));
        } else if (request instanceof StopReplicaRequest r) {
            if (r.controllerEpoch() < newestControllerEpoch()) {
                return done(new StopReplicaResponse(Errors.STALE_CONTROLLER_EPOCH, Map.of()));
            }
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
            return controller.controlledShutdown(r.brokerId())
                    .thenApply(remaining -> (Response) new ControlledShutdownResponse(Errors.NONE, remaining));
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
        if (r.controllerEpoch() < newestControllerEpoch() || !metadata.update(r)) {
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
                ? handle(RequestSource.broker(id()), new ControlledShutdownRequest(id()))
                : transport.send(controllerId, new ControlledShutdownRequest(id()));
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
