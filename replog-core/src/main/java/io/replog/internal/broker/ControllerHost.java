package io.replog.internal.broker;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.TopicAssignment;
import io.replog.internal.controller.Controller;
import io.replog.internal.controller.ControllerSettings;
import io.replog.internal.fault.PlantedBugs;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.Response;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntConsumer;

/**
 * The controllership of one broker: runs for controller, starts a {@link Controller} when it
 * wins, hands it the coordinator's notifications, and resigns it when another broker (or a newer
 * epoch) takes over, when the coordinator session expires, or when the broker stops. Answers the
 * controller-only requests (controlled shutdown, preferred-leader election) with
 * {@link Errors#NOT_CONTROLLER} while it is not controller.
 *
 * <p>Guarantees: at most one active {@link Controller} at a time; an election whose reply was
 * lost is not lost (whoever holds the controllership is read back, and if it is this broker it
 * takes office); after {@link #stop} it never runs for controller again. Every method must be
 * called on the broker's event loop; {@link #listener()} moves the coordinator's notifications
 * there for a process that hosts nothing else.
 */
public final class ControllerHost {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerHost.class);
    private static final long RETRY_MS = 1_000;

    private final int brokerId;
    private final ControllerSettings config;
    private final Coordinator coordinator;
    private final Transport transport;
    private final Scheduler scheduler;
    private final PlantedBugs bugs;
    private final IntConsumer onElected;
    private Controller controller;
    private boolean stopped;

    /**
     * @param onElected told the epoch, on the loop, each time this broker takes office (before
     *                  its controller starts)
     */
    public ControllerHost(int brokerId, ControllerSettings config, Coordinator coordinator, Transport transport,
                          Scheduler scheduler, PlantedBugs bugs, IntConsumer onElected) {
        this.brokerId = brokerId;
        this.config = config;
        this.coordinator = coordinator;
        this.transport = transport;
        this.scheduler = scheduler;
        this.bugs = bugs;
        this.onElected = onElected;
    }

    /** Runs for controller unless it is controller already; the broker calls it once registered. */
    public void runForController() {
        if (stopped || isController()) {
            return;
        }
        coordinator.tryBecomeController(brokerId).whenCompleteAsync((won, err) -> {
            if (stopped) {
                return;
            }
            if (err != null) {
                // The election write may have been applied with its reply lost: whoever holds the
                // controllership now, possibly this broker, must act as controller.
                LOG.warn("[broker {}] running for controller failed ({}); reading who won", brokerId, err.getMessage());
                scheduler.schedule(RETRY_MS, this::checkWhoIsController);
                return;
            }
            if (won.isPresent()) {
                becomeController(won.getAsInt());
            }
        }, scheduler);
    }

    private void checkWhoIsController() {
        if (stopped || isController()) {
            return;
        }
        coordinator.controller().whenCompleteAsync((current, err) -> {
            if (stopped || isController()) {
                return;
            }
            if (err != null || current.isEmpty()) {
                runForController();
            } else if (current.get().brokerId() == brokerId) {
                becomeController(current.get().epoch());
            }
        }, scheduler);
    }

    private void becomeController(int epoch) {
        if (isController()) {
            return;
        }
        LOG.info("[broker {}] elected controller with epoch {}", brokerId, epoch);
        onElected.accept(epoch);
        controller = new Controller(brokerId, epoch, config, coordinator, transport, scheduler, bugs);
        controller.start();
    }

    private void resign(String why) {
        if (controller != null) {
            LOG.info("[broker {}] resigning as controller: {}", brokerId, why);
            controller.resign();
            controller = null;
        }
    }

    /** Resigns for good: the broker stops (cleanly or in a crash). */
    public void stop(String why) {
        stopped = true;
        resign(why);
    }

    // ---------------------------------------------------------------- coordinator notifications

    public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
        if (controller != null) {
            controller.onBrokersChanged(live);
        }
    }

    /**
     * Another broker, or a newer term, holds the controllership: resign. Nobody holds it: run.
     * This broker holds it without acting on it (a win whose reply was lost): take it up.
     */
    public void onControllerChanged(Optional<ControllerInfo> current) {
        if (controller != null) {
            controller.onControllerChanged(current);
        }
        if (current.isEmpty()) {
            resign("the controller went away");
            runForController();
        } else if (current.get().brokerId() != brokerId) {
            resign("broker " + current.get().brokerId() + " is controller now");
        } else if (!isController()) {
            checkWhoIsController();
        }
    }

    public void onTopicsChanged(Map<String, TopicAssignment> topics) {
        if (controller != null) {
            controller.onTopicsChanged(topics);
        }
    }

    public void onTopicDeletionRequested(Set<String> topics) {
        if (controller != null) {
            controller.onTopicDeletionRequested(topics);
        }
    }

    public void onIsrChanged(Set<TopicPartition> partitions) {
        if (controller != null) {
            controller.onIsrChanged(partitions);
        }
    }

    public void onLogDirFailure(int failedBroker) {
        if (controller != null) {
            controller.onLogDirFailure(failedBroker);
        }
    }

    /** The session that held any controllership is gone: resign; the broker registers and runs again. */
    public void onSessionExpired() {
        resign("session expired");
    }

    /**
     * Hands every coordinator notification to this host on its event loop: for a process that
     * hosts a controller and nothing else (a broker's own listener does its own part in the
     * same task).
     */
    public CoordinatorListener listener() {
        return new CoordinatorListener() {
            @Override
            public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
                scheduler.execute(() -> ControllerHost.this.onBrokersChanged(live));
            }

            @Override
            public void onControllerChanged(Optional<ControllerInfo> current) {
                scheduler.execute(() -> ControllerHost.this.onControllerChanged(current));
            }

            @Override
            public void onTopicsChanged(Map<String, TopicAssignment> topics) {
                scheduler.execute(() -> ControllerHost.this.onTopicsChanged(topics));
            }

            @Override
            public void onTopicDeletionRequested(Set<String> topics) {
                scheduler.execute(() -> ControllerHost.this.onTopicDeletionRequested(topics));
            }

            @Override
            public void onIsrChanged(Set<TopicPartition> partitions) {
                scheduler.execute(() -> ControllerHost.this.onIsrChanged(partitions));
            }

            @Override
            public void onLogDirFailure(int failedBroker) {
                scheduler.execute(() -> ControllerHost.this.onLogDirFailure(failedBroker));
            }

            @Override
            public void onSessionExpired() {
                scheduler.execute(ControllerHost.this::onSessionExpired);
            }
        };
    }

    // ---------------------------------------------------------------- controller-only requests

    /** Moves the asking broker's leaderships away; answers with those it still leads. */
    public CompletableFuture<Response> controlledShutdown(ControlledShutdownRequest r) {
        if (!isController()) {
            return CompletableFuture.completedFuture(new ControlledShutdownResponse(Errors.NOT_CONTROLLER, Set.of()));
        }
        return controller.controlledShutdown(r.brokerId(), r.brokerEpoch()).handle((remaining, error) -> {
            if (error == null) {
                return (Response) new ControlledShutdownResponse(Errors.NONE, remaining);
            }
            if (Errors.forException(error) == Errors.STALE_BROKER_EPOCH) {
                return new ControlledShutdownResponse(Errors.STALE_BROKER_EPOCH, Set.of());
            }
            throw new CompletionException(Failures.cause(error));
        });
    }

    /** Moves leadership back to the preferred replicas. */
    public CompletableFuture<Response> electLeaders(ElectLeadersRequest r) {
        if (!isController()) {
            return CompletableFuture.completedFuture(new ElectLeadersResponse(Errors.NOT_CONTROLLER, Map.of()));
        }
        return controller.electPreferredLeaders(r.partitions())
                .thenApply(results -> (Response) new ElectLeadersResponse(Errors.NONE, results));
    }

    // ---------------------------------------------------------------- state

    /** Whether this broker acts as controller now. */
    public boolean isController() {
        return controller != null && controller.isActive();
    }

    /** The controller this broker runs, if any (it may have just been fenced). */
    public Optional<Controller> controller() {
        return Optional.ofNullable(controller);
    }

    /** The epoch of the controller this broker runs, if it acts as controller. */
    public OptionalInt activeEpoch() {
        return isController() ? OptionalInt.of(controller.epoch()) : OptionalInt.empty();
    }
}
