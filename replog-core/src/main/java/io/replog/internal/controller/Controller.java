package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.TopicAssignment;
import io.replog.coordinator.CoordinatorListener;
import io.replog.internal.fault.PlantedBugs;
import io.replog.errors.NotControllerException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.StopReplicaResponse;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Objects;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The active controller of one controller epoch: Kafka's ZooKeeper-era controller as a plain
 * object driven by events. One instance serves one term; a broker that wins the election
 * creates it with the epoch it won, calls {@link #start()}, forwards coordinator notifications
 * to it (it is a {@link CoordinatorListener}) and calls {@link #resign()} when the term ends.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li><b>Serial decisions.</b> Events run one at a time on the broker's {@link Scheduler},
 *       each to the end of its coordinator calls before the next starts; no thread blocks and
 *       nothing reads real time. Every public method may be called from any thread; futures
 *       complete on the scheduler.</li>
 *   <li><b>Fenced, conditional, batched writes.</b> Every state change goes through
 *       {@link Coordinator#writePartitionStatesAsController} with this controller's epoch, all
 *       partitions of a decision in one call, each conditional on the partition epoch it read.
 *       A write refused for a stale epoch makes the controller resign at once; a partition whose
 *       state a leader changed concurrently is decided again from the state now stored.</li>
 *   <li><b>Clean elections.</b> The rules are {@link PartitionLeaderElector}'s: leaders come from
 *       the ISR in assignment order, every change bumps the leader epoch, and without unclean
 *       election a partition with no live ISR member stays offline (leader -1).</li>
 *   <li><b>Ordered requests.</b> Brokers learn decisions through LeaderAndIsr (one per broker per
 *       decision, with the leaders' registrations), UpdateMetadata (to every live broker) and
 *       StopReplica requests, queued per broker with one in flight (see {@link ControllerChannel}).</li>
 *   <li><b>Stops at once.</b> After {@link #resign()} (or session expiry, or a newer controller)
 *       it writes nothing, sends nothing, cancels its timers and fails pending answers with
 *       {@link NotControllerException}.</li>
 * </ul>
 *
 * <p>How it is built: this class owns the term (start, resignation, fencing, session expiry),
 * the event queue and the answers owed to callers. What an event means is decided by one handler
 * per event family ({@link ControllerStartup}, {@link BrokerChangeHandler},
 * {@link TopicChangeHandler}, {@link TopicDeletionHandler}, {@link IsrChangeHandler},
 * {@link LogDirFailureHandler}, {@link LeadershipRefusalHandler},
 * {@link ControlledShutdownHandler}, {@link PreferredElectionHandler}), which returns its
 * decisions as values ({@link StateWrite}, {@link BrokerRequests}, {@link ControllerResult}) and
 * touches neither the coordinator nor the transport; {@link EventRunner} applies them.
 */
public final class Controller implements CoordinatorListener {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    private final int brokerId;
    private final int epoch;
    private final ControllerSettings config;
    private final Coordinator coordinator;
    private final Transport transport;
    private final Scheduler scheduler;
    private final String logPrefix;

    private final ControllerContext ctx;
    private final ControllerChannel channel;
    private final CoordinatorRetry retry;
    private final PartitionStateWriter writer;
    private final ControllerEventQueue events;

    private final EventRunner runner;
    private final AtomicBoolean resigned = new AtomicBoolean();
    private final AtomicBoolean startCalled = new AtomicBoolean();
    /** Answers owed to callers; failed with NotControllerException on resignation. Event loop only. */
    private final Set<CompletableFuture<?>> pendingAnswers = new LinkedHashSet<>();
    private boolean loaded;
    /**
     * Whether {@link #start()} has applied its read of the live brokers (of the topics). A
     * broker (topic) snapshot that arrived before that is older than what was read, the
     * coordinator delivering a session's notifications and replies in order, and is dropped:
     * acted on after the start it would undo newer state (a live broker taken for failed, a new
     * topic for deleted). Read where the notification arrives, so volatile.
     */
    private volatile boolean brokersRead;
    private volatile boolean topicsRead;
    private Scheduler.Timer rebalanceTimer;

    /**
     * @param brokerId        the broker this controller runs in
     * @param controllerEpoch the epoch {@link Coordinator#tryBecomeController} returned
     * @param config          the controller settings
     * @param coordinator     this broker's coordinator session (the one that won the election)
     * @param transport       how to reach the brokers (itself included)
     * @param scheduler       the broker's event loop; all work runs on it
     */
    public Controller(int brokerId, int controllerEpoch, ControllerSettings config, Coordinator coordinator,
                      Transport transport, Scheduler scheduler) {
        this(brokerId, controllerEpoch, config, coordinator, transport, scheduler, PlantedBugs.NONE);
    }

    /** A controller with deliberate bugs, for the simulation's checker tests. */
    public Controller(int brokerId, int controllerEpoch, ControllerSettings config, Coordinator coordinator,
                      Transport transport, Scheduler scheduler, PlantedBugs bugs) {
        this.brokerId = brokerId;
        this.epoch = controllerEpoch;
        this.config = Objects.requireNonNull(config, "config");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.logPrefix = "[Controller id=" + brokerId + " epoch=" + controllerEpoch + "] ";
        this.ctx = new ControllerContext(controllerEpoch);
        this.channel = new ControllerChannel(transport, scheduler, config.requestRetryBackoffMs(),
                () -> resign("a broker has seen a newer controller epoch"), this::onStaleBrokerEpoch,
                this::onOfflineReplicas,
                logPrefix);
        this.retry = new CoordinatorRetry(scheduler, config.requestRetryBackoffMs(), this::isActive, this::fenced,
                this::notController, logPrefix);
        this.writer = new PartitionStateWriter(coordinator, ctx, retry, logPrefix);
        this.events = new ControllerEventQueue(logPrefix);
        this.runner = new EventRunner(brokerId, ctx, config, bugs, coordinator, transport,
                channel, retry, writer, this::isActive, this::onLeaderAndIsrAnswered, this::onDeleteAnswered, logPrefix);
    }

    /** The broker this controller runs in. */
    public int brokerId() {
        return brokerId;
    }

    /** The controller epoch of this term. */
    public int epoch() {
        return epoch;
    }

    /** Whether this controller may still act: not resigned, fenced or expired. */
    public boolean isActive() {
        return !resigned.get();
    }

    // =================================================================== lifecycle

    /**
     * Takes office: loads brokers, topics and partition states, gives new partitions their
     * first state and offline partitions a leader (one coordinator write), then sends every live
     * broker LeaderAndIsr for all its replicas and UpdateMetadata for all partitions, and starts
     * the auto-rebalance timer. Completes when that is done. Broker and topic notifications that
     * arrive before the start has read the brokers and topics are ignored (what was read already
     * reflects them); later ones are handled once the start is done.
     */
    public CompletableFuture<Void> start() {
        if (!startCalled.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("controller already started"));
        }
        return answer("start", false, this::handleStart);
    }

    /**
     * Leaves office at once: no coordinator write or request is started afterwards, queued
     * requests and events are dropped, timers cancelled, pending answers failed with
     * {@link NotControllerException}. Idempotent; any thread. It does not remove the
     * coordinator's controller record: a controlled shutdown calls
     * {@link Coordinator#resignController} for that.
     */
    public void resign() {
        resign("resigned");
    }

    private void resign(String reason) {
        if (!resigned.compareAndSet(false, true)) {
            return;
        }
        channel.close();
        log.info("{}Resigning as controller: {}", logPrefix, reason);
        scheduler.execute(() -> {
            events.close();
            if (rebalanceTimer != null) {
                rebalanceTimer.cancel();
                rebalanceTimer = null;
            }
            List<CompletableFuture<?>> owed = new ArrayList<>(pendingAnswers);
            pendingAnswers.clear();
            owed.forEach(f -> f.completeExceptionally(notController()));
        });
    }

    private void fenced(StaleControllerEpochException e) {
        log.warn("{}Coordinator refused a write for a stale controller epoch: {}", logPrefix, e.getMessage());
        resign("controller epoch " + epoch + " has been superseded");
    }

    private NotControllerException notController() {
        return new NotControllerException("broker " + brokerId + " is no longer the controller (epoch " + epoch + ")");
    }

    // =================================================================== notifications

    /** Brokers registered or went away (a full snapshot). */
    @Override
    public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
        Map<Integer, BrokerRegistration> snapshot = Map.copyOf(live);
        boolean newerThanStart = brokersRead;
        event("brokers-changed", () -> newerThanStart ? runner.brokersChanged(runner.withoutFenced(snapshot))
                : CompletableFuture.completedFuture(null));
    }

    /** A broker refused a request naming registration {@code brokerEpoch}: it restarted (KIP-380). */
    private void onStaleBrokerEpoch(int brokerId, long brokerEpoch) {
        event("stale-broker-epoch " + brokerId, () -> runner.staleBrokerEpoch(brokerId, brokerEpoch));
    }

    /** Topics were created or changed (a full snapshot). */
    @Override
    public void onTopicsChanged(Map<String, TopicAssignment> topics) {
        Map<String, TopicAssignment> snapshot = Map.copyOf(topics);
        boolean newerThanStart = topicsRead;
        event("topics-changed", () -> newerThanStart ? runner.topicsChanged(snapshot)
                : CompletableFuture.completedFuture(null));
    }

    /** Deletion of these topics was requested. */
    @Override
    public void onTopicDeletionRequested(Set<String> topics) {
        Set<String> snapshot = Set.copyOf(topics);
        event("topic-deletion", () -> runner.topicDeletionRequested(snapshot));
    }

    /** Leaders changed the ISR of these partitions. */
    @Override
    public void onIsrChanged(Set<TopicPartition> partitions) {
        Set<TopicPartition> snapshot = Set.copyOf(partitions);
        event("isr-changed", () -> runner.isrChanged(snapshot));
    }

    /** A log directory of {@code failedBroker} failed: find out which of its replicas are offline. */
    @Override
    public void onLogDirFailure(int failedBroker) {
        event("log-dir-failure " + failedBroker, () -> runner.logDirFailed(failedBroker));
    }

    /** Resigns unless the controller named is this one (an older epoch is a late notification and ignored). */
    @Override
    public void onControllerChanged(Optional<ControllerInfo> controller) {
        if (controller.isPresent() && controller.get().epoch() < epoch) {
            return;
        }
        if (controller.isEmpty() || controller.get().brokerId() != brokerId || controller.get().epoch() != epoch) {
            resign("the controller is now " + controller.map(ControllerInfo::toString).orElse("nobody"));
        }
    }

    /** The session that held the controllership is gone: resign at once. */
    @Override
    public void onSessionExpired() {
        resign("coordinator session expired");
    }

    // =================================================================== requests

    /**
     * A broker asks to shut down: leaderships it holds move to other live ISR members (first in
     * assignment order), it leaves every ISR, and it gets StopReplica (no delete) for the replicas
     * it no longer leads. Completes with the partitions it still leads (no other ISR member alive,
     * e.g. replication factor 1); empty means it may stop without making anything unavailable.
     */
    public CompletableFuture<Set<TopicPartition>> controlledShutdown(int shuttingDownBroker) {
        return controlledShutdown(shuttingDownBroker, BrokerRegistration.NO_EPOCH);
    }

    /**
     * {@link #controlledShutdown(int)} asked by the process registered under {@code brokerEpoch}:
     * fails with {@link io.replog.errors.StaleBrokerEpochException} if the broker's registration
     * known here has another epoch ({@link BrokerRegistration#NO_EPOCH}: not checked).
     */
    public CompletableFuture<Set<TopicPartition>> controlledShutdown(int shuttingDownBroker, long brokerEpoch) {
        return answer("controlled-shutdown " + shuttingDownBroker, true,
                () -> runner.controlledShutdown(shuttingDownBroker, brokerEpoch));
    }

    /**
     * Moves leadership back to the preferred replica of {@code partitions} ({@code null}: every
     * partition). Per partition: {@link Errors#NONE} when elected, {@link Errors#ELECTION_NOT_NEEDED}
     * when the preferred replica already leads, {@link Errors#ELIGIBLE_LEADERS_NOT_AVAILABLE} when
     * it is not live or not in the ISR, {@link Errors#UNKNOWN_TOPIC_OR_PARTITION} for an unknown
     * partition, {@link Errors#REQUEST_TIMED_OUT} if concurrent ISR changes kept winning.
     */
    public CompletableFuture<Map<TopicPartition, Errors>> electPreferredLeaders(Set<TopicPartition> partitions) {
        Set<TopicPartition> requested = partitions == null ? null : Set.copyOf(partitions);
        return answer("elect-preferred-leaders", true, () -> runner.electPreferred(requested));
    }

    // =================================================================== plumbing

    /** Queues a notification; dropped if the controller is inactive or not yet loaded when it runs. */
    private void event(String name, Supplier<CompletableFuture<?>> handler) {
        scheduler.execute(() -> {
            if (isActive()) {
                events.submit(name, () -> loaded ? handler.get() : CompletableFuture.completedFuture(null));
            }
        });
    }

    /** Queues an event whose result a caller waits for; {@code needsState}: refused before {@link #start()} loaded the cluster. */
    private <T> CompletableFuture<T> answer(String name, boolean needsState, Supplier<CompletableFuture<T>> handler) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        scheduler.execute(() -> {
            if (!isActive()) {
                answer.completeExceptionally(notController());
                return;
            }
            pendingAnswers.add(answer);
            events.submit(name, () -> {
                CompletableFuture<T> work;
                if (needsState && !loaded) {
                    work = CompletableFuture.failedFuture(
                            new NotControllerException("controller " + brokerId + " has not started yet"));
                } else {
                    work = handler.get();
                }
                return work.whenComplete((value, error) -> {
                    pendingAnswers.remove(answer);
                    if (error != null) {
                        answer.completeExceptionally(CoordinatorRetry.unwrap(error));
                    } else {
                        answer.complete(value);
                    }
                });
            });
        });
        return answer;
    }

    /** A broker's answer to a LeaderAndIsr: refused leaderships are decided again, in an event of their own. */
    private void onLeaderAndIsrAnswered(int broker, LeaderAndIsrRequest request, LeaderAndIsrResponse response) {
        LeadershipRefusalHandler.refusal(broker, request, response).ifPresent(refusal ->
                event("ineligible-leader " + broker, () -> runner.leadershipRefused(refusal)));
    }

    /** A broker answered {@link Errors#KAFKA_STORAGE_ERROR} for these replicas: their logs are offline. */
    private void onOfflineReplicas(int broker, Set<TopicPartition> offline) {
        event("offline-replicas " + broker, () -> runner.offlineReplicas(broker, offline));
    }

    private void onDeleteAnswered(int broker, StopReplicaResponse response) {
        event("topic-deletion-confirmed by " + broker, () -> runner.deletionConfirmed(broker, response));
    }

    // =================================================================== start

    private CompletableFuture<Void> handleStart() {
        log.info("{}Starting as controller", logPrefix);
        return runner.start(this::startReached).thenAccept(pending -> {
            if (!pending.isEmpty()) {
                // Asked for before this controller took office: it missed the notification.
                log.info("{}Resuming deletion of topics {}", logPrefix, pending);
                onTopicDeletionRequested(pending);
            }
        });
    }

    private void startReached(EventRunner.StartPhase phase) {
        switch (phase) {
            case BROKERS_READ -> brokersRead = true;
            case TOPICS_READ -> topicsRead = true;
            case LOADED -> loaded = true;
            case ANNOUNCED -> scheduleRebalance();
            default -> throw new IllegalStateException("unknown start phase " + phase);
        }
    }

    // =================================================================== auto rebalance

    private void scheduleRebalance() {
        if (!config.autoLeaderRebalanceEnable() || !isActive()) {
            return;
        }
        rebalanceTimer = scheduler.schedule(config.leaderImbalanceCheckIntervalMs(), () -> {
            rebalanceTimer = null;
            if (isActive()) {
                events.submit("auto-leader-rebalance", () -> runner.autoRebalance()
                        .whenComplete((ignored, error) -> scheduleRebalance()));
            }
        });
    }

    @Override
    public String toString() {
        return "Controller[broker " + brokerId + ", epoch " + epoch + (isActive() ? "" : ", resigned") + "]";
    }
}
