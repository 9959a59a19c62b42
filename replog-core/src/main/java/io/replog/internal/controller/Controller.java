package io.replog.internal.controller;

import io.replog.config.ConfigType;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.errors.InvalidConfigException;
import io.replog.errors.NotControllerException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.protocol.Errors;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Objects;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
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
 */
public final class Controller implements CoordinatorListener {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    private final int brokerId;
    private final int epoch;
    private final ControllerConfig config;
    private final Coordinator coordinator;
    private final Transport transport;
    private final Scheduler scheduler;
    private final String logPrefix;

    private final ControllerContext ctx;
    private final ControllerChannel channel;
    private final CoordinatorRetry retry;
    private final PartitionStateWriter writer;
    private final ControllerEventQueue events;

    private final PlantedBugs bugs;
    private final TopicDeletions deletions = new TopicDeletions();
    private final BrokerRestarts restarts;
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
    /** The live brokers {@link #start()} read (event loop only). */
    private Map<Integer, BrokerRegistration> startLive = Map.of();

    /**
     * @param brokerId        the broker this controller runs in
     * @param controllerEpoch the epoch {@link Coordinator#tryBecomeController} returned
     * @param config          the controller settings
     * @param coordinator     this broker's coordinator session (the one that won the election)
     * @param transport       how to reach the brokers (itself included)
     * @param scheduler       the broker's event loop; all work runs on it
     */
    public Controller(int brokerId, int controllerEpoch, ControllerConfig config, Coordinator coordinator,
                      Transport transport, Scheduler scheduler) {
        this(brokerId, controllerEpoch, config, coordinator, transport, scheduler, PlantedBugs.NONE);
    }

    /** A controller with deliberate bugs, for the simulation's checker tests. */
    public Controller(int brokerId, int controllerEpoch, ControllerConfig config, Coordinator coordinator,
                      Transport transport, Scheduler scheduler, PlantedBugs bugs) {
        this.bugs = bugs;
        this.restarts = new BrokerRestarts(bugs);
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
                (broker, offline) -> event("offline-replicas " + broker, () -> handleOfflineReplicas(broker, offline)),
                logPrefix);
        this.retry = new CoordinatorRetry(scheduler, config.requestRetryBackoffMs(), this::isActive, this::fenced,
                this::notController, logPrefix);
        this.writer = new PartitionStateWriter(coordinator, ctx, retry, logPrefix);
        this.events = new ControllerEventQueue(logPrefix);
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
        event("brokers-changed", () -> newerThanStart ? handleBrokersChanged(restarts.withoutFenced(snapshot))
                : CompletableFuture.completedFuture(null));
    }

    /**
     * Broker {@code brokerId} refused a request naming registration {@code brokerEpoch}: the
     * process of that registration is gone and a new one runs (KIP-380). Handled as that
     * broker's failure now, without waiting for the coordinator to drop the old registration,
     * so nothing more is decided for a process that may have lost data; its new registration,
     * once seen, brings it back as a returning broker.
     */
    private void onStaleBrokerEpoch(int brokerId, long brokerEpoch) {
        event("stale-broker-epoch " + brokerId, () -> {
            BrokerRegistration known = ctx.liveBrokers().get(brokerId);
            if (known == null || known.brokerEpoch() != brokerEpoch) {
                return CompletableFuture.completedFuture(null);
            }
            restarts.fence(brokerId, brokerEpoch);
            log.info("{}Broker {} restarted (registration epoch {} refused): handling it as failed", logPrefix,
                    brokerId, brokerEpoch);
            Map<Integer, BrokerRegistration> live = new TreeMap<>(ctx.liveBrokers());
            live.remove(brokerId);
            return handleBrokersChanged(live);
        });
    }

    /** Topics were created or changed (a full snapshot). */
    @Override
    public void onTopicsChanged(Map<String, TopicAssignment> topics) {
        Map<String, TopicAssignment> snapshot = Map.copyOf(topics);
        boolean newerThanStart = topicsRead;
        event("topics-changed", () -> newerThanStart ? handleTopicsChanged(snapshot)
                : CompletableFuture.completedFuture(null));
    }

    /** Deletion of these topics was requested. */
    @Override
    public void onTopicDeletionRequested(Set<String> topics) {
        Set<String> snapshot = Set.copyOf(topics);
        event("topic-deletion", () -> handleTopicDeletion(snapshot));
    }

    /** Leaders changed the ISR of these partitions. */
    @Override
    public void onIsrChanged(Set<TopicPartition> partitions) {
        Set<TopicPartition> snapshot = Set.copyOf(partitions);
        event("isr-changed", () -> handleIsrChanged(snapshot));
    }

    /** A log directory of {@code failedBroker} failed: find out which of its replicas are offline. */
    @Override
    public void onLogDirFailure(int failedBroker) {
        event("log-dir-failure " + failedBroker, () -> handleLogDirFailure(failedBroker));
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
        return answer("controlled-shutdown " + shuttingDownBroker, true, () -> {
            BrokerRegistration known = ctx.liveBrokers().get(shuttingDownBroker);
            if (brokerEpoch != BrokerRegistration.NO_EPOCH && known != null && known.brokerEpoch() != brokerEpoch) {
                return CompletableFuture.failedFuture(new io.replog.errors.StaleBrokerEpochException("controlled "
                        + "shutdown of broker " + shuttingDownBroker + " asked for broker epoch " + brokerEpoch
                        + ", but its registration here has epoch " + known.brokerEpoch()));
            }
            return handleControlledShutdown(shuttingDownBroker);
        });
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
        return answer("elect-preferred-leaders", true, () -> handleElectPreferred(requested));
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

    private RequestBatch newBatch() {
        return new RequestBatch(brokerId, ctx).onDeleteAnswered(this::onDeleteAnswered)
                .onLeaderAndIsrAnswered(this::onLeaderAndIsrAnswered);
    }

    /**
     * A broker refused to lead partitions ({@link Errors#INELIGIBLE_REPLICA}): its replica may
     * lack records it acknowledged (it came back from an unclean shutdown or with a new log) and
     * the ISR names other members. Each gets a leader from the other live ISR members, the
     * refusing broker leaving the ISR, or stays offline until one of them returns. A refusal
     * counts only for the leadership it refused: an answer to an older request (a retried one
     * delivered late, whose ISR named members the current one no longer does) changes nothing,
     * or a broker that may lead as the last ISR member would be taken for one that refused and
     * its partition left offline while it is live.
     */
    private void onLeaderAndIsrAnswered(int broker, io.replog.protocol.LeaderAndIsrRequest request,
                                        io.replog.protocol.LeaderAndIsrResponse response) {
        List<TopicPartition> refused = response.partitionErrors().entrySet().stream()
                .filter(e -> e.getValue() == Errors.INELIGIBLE_REPLICA).map(Map.Entry::getKey).toList();
        if (refused.isEmpty()) {
            return;
        }
        Map<TopicPartition, io.replog.protocol.LeaderAndIsrRequest.PartitionState> asked = new HashMap<>();
        request.partitions().forEach(ps -> asked.put(ps.partition(), ps));
        event("ineligible-leader " + broker, () -> {
            ClusterView without = ctx.viewWithout(broker);
            return writer.write(refused, unlessDeleting((tp, replicas, current) ->
                            current == null || current.leader() != broker || !refusedNow(asked.get(tp), current)
                                    ? PartitionStateChange.noChange()
                                    : PartitionLeaderElector.electOffline(replicas, current, without, false)))
                    .thenAccept(outcome -> {
                        logChanges(outcome, "broker " + broker + " may have lost acknowledged records and refused "
                                + "to lead");
                        RequestBatch batch = newBatch();
                        outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
                        batch.metadataToAll(outcome.changedPartitions()).sendTo(channel);
                    });
        });
    }

    /** Whether {@code refused} is the leadership {@code current} still holds (same topic, same leader epoch). */
    private boolean refusedNow(io.replog.protocol.LeaderAndIsrRequest.PartitionState refused, LeaderAndIsr current) {
        if (refused == null || refused.state().leaderEpoch() != current.leaderEpoch()) {
            return false;
        }
        TopicAssignment topic = ctx.topic(refused.partition().topic());
        return topic != null && topic.topicId().equals(refused.topicId());
    }

    // =================================================================== start

    private CompletableFuture<Void> handleStart() {
        log.info("{}Starting as controller", logPrefix);
        return retry.call("read live brokers", coordinator::liveBrokers)
                .thenCompose(live -> {
                    startLive = Map.copyOf(live);
                    brokersRead = true;
                    return retry.call("read topics", coordinator::topics);
                })
                .thenCompose(topics -> {
                    topics.values().forEach(ctx::putTopic);
                    topicsRead = true;
                    List<TopicPartition> all = ctx.allPartitions();
                    return retry.call("read " + all.size() + " partition states", () -> coordinator.partitionStates(all));
                })
                .thenCompose(states -> {
                    states.forEach((tp, s) -> {
                        if (!ctx.replicas(tp).isEmpty()) {
                            ctx.putState(tp, s);
                        }
                    });
                    // A process back from an unclean shutdown that some ISR names joins after the
                    // first decisions, through the broker-change path that first takes it out of
                    // those ISRs; until then nothing is elected onto it.
                    startLive.values().stream().filter(r -> !restarts.mayHaveLostAcknowledgedRecords(r, ctx))
                            .forEach(this::addBroker);
                    transport.updateBrokers(ctx.liveBrokers().values());
                    loaded = true;
                    return writer.write(ctx.allPartitions(), reconcileDecider());
                })
                .thenAccept(outcome -> {
                    logChanges(outcome, "controller start");
                    RequestBatch batch = newBatch();
                    List<TopicPartition> all = ctx.allPartitions();
                    for (int broker : ctx.liveBrokers().keySet()) {
                        ctx.partitionsWithReplicaOn(broker).forEach(tp -> batch.leaderAndIsr(broker, tp));
                    }
                    batch.metadataToAll(all).sendTo(channel);
                    List<TopicPartition> offline = all.stream()
                            .filter(tp -> ctx.state(tp) != null && !ctx.state(tp).hasLeader()).toList();
                    if (!offline.isEmpty()) {
                        log.warn("{}{} partitions are offline (no live in-sync replica): {}", logPrefix, offline.size(),
                                abbreviate(offline));
                    }
                    log.info("{}Controller started: {} live brokers {}, {} topics, {} partitions, {} state changes",
                            logPrefix, ctx.liveBrokers().size(), ctx.liveBrokers().keySet(), ctx.topics().size(),
                            all.size(), outcome.changes().size());
                    scheduleRebalance();
                })
                .thenCompose(v -> startLive.size() == ctx.liveBrokers().size() ? CompletableFuture.completedFuture(null)
                        : handleBrokersChanged(restarts.withoutFenced(startLive)))
                .thenCompose(v -> retry.call("read pending topic deletions", coordinator::pendingTopicDeletions))
                .thenAccept(pending -> {
                    if (!pending.isEmpty()) {
                        // Asked for before this controller took office: it missed the notification.
                        log.info("{}Resuming deletion of topics {}", logPrefix, pending);
                        onTopicDeletionRequested(pending);
                    }
                });
    }

    private void addBroker(BrokerRegistration registration) {
        ctx.addLiveBroker(registration);
        channel.addBroker(registration.brokerId());
    }

    // =================================================================== brokers

    private CompletableFuture<Void> handleBrokersChanged(Map<Integer, BrokerRegistration> live) {
        Set<Integer> failed = new TreeSet<>();
        Set<Integer> added = new TreeSet<>();
        Set<Integer> bounced = new TreeSet<>();
        ctx.liveBrokers().forEach((id, known) -> {
            BrokerRegistration now = live.get(id);
            if (now == null) {
                failed.add(id);
            } else if (BrokerRestarts.isNewProcess(known, now)) {
                bounced.add(id);
            } else if (!now.equals(known)) {
                ctx.addLiveBroker(now); // the same registration with updated data
            }
        });
        live.keySet().stream().filter(id -> !ctx.isLive(id)).forEach(added::add);
        // A process that started after an unclean shutdown may have lost records it acknowledged as
        // an ISR member; like a restart, it first leaves every ISR that has another member.
        Set<Integer> uncleanReturns = new TreeSet<>(added.stream()
                .filter(id -> restarts.mayHaveLostAcknowledgedRecords(live.get(id), ctx)).toList());
        bounced.addAll(uncleanReturns);
        if (failed.isEmpty() && added.isEmpty() && bounced.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // A broker that re-registered restarted in between: what it held in memory is gone and
        // its log may have lost an unflushed tail, so it is handled as failed, then as returned.
        failed.addAll(bounced);
        added.addAll(bounced);
        Set<Integer> touched = new TreeSet<>(failed);
        touched.addAll(added);
        Set<TopicPartition> changed = new TreeSet<>();
        RequestBatch batch = newBatch();

        CompletableFuture<PartitionStateWriter.Outcome> afterFailures;
        if (failed.isEmpty()) {
            afterFailures = CompletableFuture.completedFuture(PartitionStateWriter.Outcome.empty());
        } else {
            if (!bounced.isEmpty()) {
                log.info("{}Brokers {} restarted (a new registration, or an unclean shutdown): handling them as "
                        + "failed and returned", logPrefix, bounced);
            }
            Set<Integer> gone = new TreeSet<>(failed);
            gone.removeAll(bounced);
            if (!gone.isEmpty()) {
                log.info("{}Brokers {} failed; live brokers now {}", logPrefix, gone, live.keySet().stream().sorted().toList());
            }
            failed.forEach(id -> {
                ctx.removeLiveBroker(id);
                channel.removeBroker(id);
            });
            afterFailures = writer.write(ctx.partitionsTouching(failed), reconcileDecider());
        }
        return afterFailures.thenCompose(outcome -> {
            logChanges(outcome, "brokers " + failed + " failed");
            changed.addAll(outcome.changedPartitions());
            // An offline partition keeps its ISR as the record of who may lead; one back from an
            // unclean shutdown must leave it too, or it would be elected with what it has left.
            return uncleanReturns.isEmpty() ? CompletableFuture.completedFuture(PartitionStateWriter.Outcome.empty())
                    : writer.write(ctx.partitionsTouching(uncleanReturns),
                    unlessDeleting(BrokerRestarts.dropFromIsr(uncleanReturns, epoch)));
        }).thenCompose(outcome -> {
            logChanges(outcome, "brokers " + uncleanReturns + " may have lost acknowledged records");
            changed.addAll(outcome.changedPartitions());
            added.forEach(id -> addBroker(live.get(id)));
            transport.updateBrokers(ctx.liveBrokers().values());
            if (added.isEmpty()) {
                return CompletableFuture.completedFuture(PartitionStateWriter.Outcome.empty());
            }
            log.info("{}Brokers {} joined; live brokers now {}", logPrefix, added, ctx.liveBrokers().keySet());
            // Offline partitions whose last ISR member is back get a leader again.
            return writer.write(ctx.partitionsNeedingLeader(), reconcileDecider());
        }).thenAccept(outcome -> {
            logChanges(outcome, "brokers " + added + " joined");
            changed.addAll(outcome.changedPartitions());
            changed.forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
            List<TopicPartition> all = ctx.allPartitions();
            for (int id : added) {
                // A returning broker knows nothing: it gets the state of every replica it holds,
                // and the deletes it missed while it was away.
                ctx.partitionsWithReplicaOn(id).stream().filter(tp -> !deletions.isDeleting(tp.topic()))
                        .forEach(tp -> batch.leaderAndIsr(id, tp));
                deletions.unconfirmedOn(id).forEach(tp -> batch.stopReplica(id, tp, true));
                batch.metadataTo(id, all);
            }
            // Everyone learns the new broker list, the changed states and which replicas are offline.
            Set<TopicPartition> metadata = new TreeSet<>(changed);
            touched.forEach(id -> metadata.addAll(ctx.partitionsWithReplicaOn(id)));
            batch.metadataToAll(metadata).sendTo(channel);
        });
    }

    // =================================================================== topics

    private CompletableFuture<Void> handleTopicsChanged(Map<String, TopicAssignment> snapshot) {
        RequestBatch batch = newBatch();
        List<TopicPartition> newPartitions = new ArrayList<>();
        new TreeMap<>(snapshot).forEach((name, assignment) -> {
            TopicAssignment known = ctx.topic(name);
            if (known != null && !known.topicId().equals(assignment.topicId()) && !deletions.isDeleting(name)) {
                // Deleted and created again while this controller was not looking: a new topic.
                log.info("{}Topic {} now has id {} (was {}): a new topic of the same name", logPrefix, name,
                        assignment.topicId(), known.topicId());
                ctx.removeTopic(name);
                known = null;
            }
            if (known == null) {
                ctx.putTopic(assignment);
                newPartitions.addAll(assignment.topicPartitions());
                log.info("{}New topic {}: {} partitions{}", logPrefix, name, assignment.partitions().size(),
                        assignment.partitions().size() <= 20 ? ", replicas " + assignment.partitions() : "");
                return;
            }
            Map<Integer, List<Integer>> merged = new TreeMap<>(known.partitions());
            assignment.partitions().forEach((p, replicas) -> {
                List<Integer> before = merged.putIfAbsent(p, replicas);
                if (before == null) {
                    newPartitions.add(new TopicPartition(name, p));
                } else if (!before.equals(replicas)) {
                    log.warn("{}Replica reassignment is not supported: {}-{} keeps replicas {} (asked for {})",
                            logPrefix, name, p, before, replicas);
                }
            });
            if (merged.size() != known.partitions().size() || !known.configs().equals(assignment.configs())) {
                ctx.putTopic(new TopicAssignment(name, known.topicId(), merged, assignment.configs()));
            }
            if (!known.configs().equals(assignment.configs())) {
                // Configs travel in LeaderAndIsr: the replicas take them although the state is not newer.
                log.info("{}Configs of topic {} changed to {}", logPrefix, name, assignment.configs());
                known.topicPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
            }
        });
        Set<String> gone = new TreeSet<>(ctx.topics().keySet());
        gone.removeAll(snapshot.keySet());
        gone.forEach(deletions::finished);
        if (!gone.isEmpty()) {
            log.info("{}Topics {} were removed", logPrefix, gone);
            gone.forEach(ctx::removeTopic);
            batch.deletedTopics(gone);
        }
        return writer.write(newPartitions, reconcileDecider()).thenAccept(outcome -> {
            logChanges(outcome, "new partitions");
            outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
            if (!outcome.changes().isEmpty()) {
                batch.metadataToAll(outcome.changedPartitions());
            }
            batch.sendTo(channel);
        });
    }

    /**
     * Starts deleting topics: clients stop seeing them at once (UpdateMetadata), every live
     * replica is told to stop and delete its log, and the deletion stays pending, the name still
     * taken, until every replica has confirmed; a broker that was down is told when it returns
     * ({@link TopicDeletions}). Only then is the topic removed from the coordinator.
     */
    private CompletableFuture<Void> handleTopicDeletion(Set<String> requested) {
        List<String> starting = new TreeSet<>(requested).stream().filter(ctx::hasTopic)
                .filter(t -> deletions.start(t, replicasOf(t))).toList();
        if (starting.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("{}Deleting topics {}: waiting for every replica to delete its log", logPrefix, starting);
        RequestBatch batch = newBatch().deletedTopics(starting);
        for (int broker : ctx.liveBrokers().keySet()) {
            deletions.unconfirmedOn(broker).forEach(tp -> batch.stopReplica(broker, tp, true));
        }
        batch.sendTo(channel);
        if (!bugs.has(PlantedBug.STALE_TOPIC_DIRECTORY_REUSED)) {
            return CompletableFuture.completedFuture(null);
        }
        // PLANTED BUG: the deletion is final before the replicas that are down have been told.
        return finishDeletion(starting);
    }

    private Map<TopicPartition, List<Integer>> replicasOf(String topic) {
        Map<TopicPartition, List<Integer>> out = new TreeMap<>();
        ctx.topic(topic).topicPartitions().forEach(tp -> out.put(tp, ctx.replicas(tp)));
        return out;
    }

    private void onDeleteAnswered(int broker, io.replog.protocol.StopReplicaResponse response) {
        event("topic-deletion-confirmed by " + broker, () -> {
            List<String> complete = deletions.confirm(broker, response.partitionErrors());
            return complete.isEmpty() ? CompletableFuture.completedFuture(null) : finishDeletion(complete);
        });
    }

    private CompletableFuture<Void> finishDeletion(List<String> topics) {
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (String topic : topics) {
            removals.add(retry.call("delete topic " + topic, () -> coordinator.deleteTopic(epoch, topic))
                    .handle((ok, error) -> {
                        if (error != null) {
                            if (isActive()) {
                                log.warn("{}Could not delete topic {}: {}", logPrefix, topic,
                                        CoordinatorRetry.unwrap(error).toString());
                            }
                            return null;
                        }
                        if (isActive() && ctx.hasTopic(topic)) {
                            log.info("{}Deleted topic {} ({} partitions): every replica confirmed", logPrefix, topic,
                                    ctx.topic(topic).partitions().size());
                            ctx.removeTopic(topic);
                        }
                        deletions.finished(topic);
                        return null;
                    }));
        }
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
    }

    // =================================================================== ISR changes

    private CompletableFuture<Void> handleIsrChanged(Set<TopicPartition> partitions) {
        List<TopicPartition> known = new TreeSet<>(partitions).stream()
                .filter(tp -> !ctx.replicas(tp).isEmpty()).toList();
        if (known.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return retry.call("read " + known.size() + " partition states", () -> coordinator.partitionStates(known))
                .thenAccept(states -> {
                    List<TopicPartition> updated = new ArrayList<>();
                    for (TopicPartition tp : known) {
                        LeaderAndIsr now = states.get(tp);
                        LeaderAndIsr cached = ctx.state(tp);
                        if (now != null && (cached == null || now.partitionEpoch() > cached.partitionEpoch())) {
                            ctx.putState(tp, now);
                            updated.add(tp);
                            log.debug("{}ISR of {} is now {} (leader {}, leader epoch {})", logPrefix, tp, now.isr(),
                                    now.leader(), now.leaderEpoch());
                        }
                    }
                    if (!updated.isEmpty()) {
                        newBatch().metadataToAll(updated).sendTo(channel);
                    }
                });
    }

    // =================================================================== controlled shutdown

    private CompletableFuture<Set<TopicPartition>> handleControlledShutdown(int id) {
        if (!ctx.isLive(id)) {
            log.info("{}Controlled shutdown of broker {}, which is not live", logPrefix, id);
            return CompletableFuture.completedFuture(Set.copyOf(ctx.partitionsLedBy(id)));
        }
        ctx.markShuttingDown(id);
        List<TopicPartition> affected = ctx.partitionsTouching(Set.of(id));
        log.info("{}Controlled shutdown of broker {}: moving leadership and ISR membership of {} partitions",
                logPrefix, id, affected.size());
        ClusterView view = ctx.view();
        return writer.write(affected, unlessDeleting((tp, replicas, current) -> current == null ? PartitionStateChange.noChange()
                        : PartitionLeaderElector.electForControlledShutdown(replicas, current, view)))
                .thenApply(outcome -> {
                    logChanges(outcome, "controlled shutdown of broker " + id);
                    RequestBatch batch = newBatch();
                    outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of(id)));
                    for (TopicPartition tp : ctx.partitionsWithReplicaOn(id)) {
                        LeaderAndIsr s = ctx.state(tp);
                        if (s == null || s.leader() != id) {
                            batch.stopReplica(id, tp, false);
                        }
                    }
                    batch.metadataToAll(outcome.changedPartitions()).sendTo(channel);
                    Set<TopicPartition> remaining = new TreeSet<>(ctx.partitionsLedBy(id));
                    log.info("{}Controlled shutdown of broker {}: {} partitions changed, still leads {}", logPrefix, id,
                            outcome.changes().size(), remaining.isEmpty() ? "nothing" : abbreviate(remaining));
                    return Set.copyOf(remaining);
                });
    }

    // =================================================================== log directory failures

    /**
     * Kafka's answer to a log directory event: send the broker its current LeaderAndIsr; it
     * answers {@link Errors#KAFKA_STORAGE_ERROR} for each replica whose log is offline, and
     * {@link #handleOfflineReplicas} takes it from there.
     */
    private CompletableFuture<Void> handleLogDirFailure(int id) {
        if (!ctx.isLive(id)) {
            return CompletableFuture.completedFuture(null);
        }
        log.warn("{}Broker {} reported a failed log directory; asking it which replicas are offline", logPrefix, id);
        RequestBatch batch = newBatch();
        for (TopicPartition tp : ctx.partitionsWithReplicaOn(id)) {
            if (ctx.state(tp) != null) {
                batch.leaderAndIsr(id, tp);
            }
        }
        batch.sendTo(channel);
        return CompletableFuture.completedFuture(null);
    }

    /** Moves leadership off replicas whose log is offline and takes them out of their ISRs, as for a shutdown. */
    private CompletableFuture<Void> handleOfflineReplicas(int id, Set<TopicPartition> offline) {
        ClusterView current = ctx.view();
        Set<Integer> leaving = new TreeSet<>(current.shuttingDown());
        leaving.add(id);
        ClusterView view = new ClusterView(current.live(), leaving, current.controllerEpoch());
        List<TopicPartition> affected = offline.stream().filter(tp -> ctx.state(tp) != null).sorted().toList();
        log.warn("{}Broker {} has offline replicas {}; moving leadership and ISR membership off them", logPrefix, id,
                abbreviate(affected));
        return writer.write(affected, (tp, replicas, state) -> state == null ? PartitionStateChange.noChange()
                        : PartitionLeaderElector.electForControlledShutdown(replicas, state, view))
                .thenAccept(outcome -> {
                    logChanges(outcome, "offline replicas on broker " + id);
                    RequestBatch batch = newBatch();
                    // Not to the broker itself: it would only answer the storage error again.
                    outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of(id)));
                    batch.metadataToAll(outcome.changedPartitions()).sendTo(channel);
                });
    }

    // =================================================================== preferred leaders

    private CompletableFuture<Map<TopicPartition, Errors>> handleElectPreferred(Set<TopicPartition> requested) {
        Collection<TopicPartition> targets = requested == null ? ctx.allPartitions() : new TreeSet<>(requested);
        SortedMap<TopicPartition, Errors> results = new TreeMap<>();
        List<TopicPartition> known = new ArrayList<>();
        for (TopicPartition tp : targets) {
            if (ctx.replicas(tp).isEmpty() || ctx.state(tp) == null) {
                results.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            } else {
                known.add(tp);
            }
        }
        return writePreferred(known, "preferred replica election").thenApply(outcome -> {
            for (TopicPartition tp : known) {
                PartitionStateChange e = outcome.decisions().get(tp);
                Errors result;
                if (outcome.isWritten(tp)) {
                    result = Errors.NONE;
                } else if (outcome.unresolved().contains(tp)) {
                    result = Errors.REQUEST_TIMED_OUT;
                } else if (e != null && e.kind() == PartitionStateChange.Kind.NO_CHANGE) {
                    result = Errors.ELECTION_NOT_NEEDED;
                } else {
                    result = Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
                }
                results.put(tp, result);
            }
            return Collections.unmodifiableSortedMap(results);
        });
    }

    private CompletableFuture<PartitionStateWriter.Outcome> writePreferred(List<TopicPartition> partitions,
                                                                         String reason) {
        ClusterView view = ctx.view();
        return writer.write(partitions, unlessDeleting((tp, replicas, current) -> current == null
                        ? PartitionStateChange.noEligibleLeader() : PartitionLeaderElector.electPreferred(replicas, current, view)))
                .thenApply(outcome -> {
                    logChanges(outcome, reason);
                    RequestBatch batch = newBatch();
                    outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
                    if (!outcome.changes().isEmpty()) {
                        batch.metadataToAll(outcome.changedPartitions()).sendTo(channel);
                    }
                    return outcome;
                });
    }

    // =================================================================== auto rebalance

    private void scheduleRebalance() {
        if (!config.autoLeaderRebalanceEnable() || !isActive()) {
            return;
        }
        rebalanceTimer = scheduler.schedule(config.leaderImbalanceCheckIntervalMs(), () -> {
            rebalanceTimer = null;
            if (isActive()) {
                events.submit("auto-leader-rebalance", () -> handleAutoRebalance()
                        .whenComplete((ignored, error) -> scheduleRebalance()));
            }
        });
    }

    /**
     * Kafka's check: per broker, the share of the partitions it is preferred for that another
     * broker leads; above {@code leader.imbalance.per.broker.percentage}, each of those whose
     * preferred replica is live and in the ISR gets a preferred election.
     */
    private CompletableFuture<PartitionStateWriter.Outcome> handleAutoRebalance() {
        Map<Integer, List<TopicPartition>> byPreferred = new TreeMap<>();
        for (TopicPartition tp : ctx.allPartitions()) {
            if (ctx.state(tp) != null) {
                byPreferred.computeIfAbsent(ctx.replicas(tp).get(0), b -> new ArrayList<>()).add(tp);
            }
        }
        ClusterView view = ctx.view();
        List<TopicPartition> candidates = new ArrayList<>();
        byPreferred.forEach((broker, preferredFor) -> {
            List<TopicPartition> ledElsewhere = preferredFor.stream()
                    .filter(tp -> ctx.state(tp).leader() != broker).toList();
            long imbalancePercent = 100L * ledElsewhere.size() / preferredFor.size();
            if (100L * ledElsewhere.size() > (long) config.leaderImbalancePerBrokerPercent() * preferredFor.size()) {
                List<TopicPartition> movable = ledElsewhere.stream()
                        .filter(tp -> view.isEligible(broker) && ctx.state(tp).isr().contains(broker)).toList();
                if (!movable.isEmpty()) {
                    log.info("{}Leader imbalance of broker {} is {}% (> {}%): moving {} partitions back to it",
                            logPrefix, broker, imbalancePercent, config.leaderImbalancePerBrokerPercent(), movable.size());
                    candidates.addAll(movable);
                }
            }
        });
        if (candidates.isEmpty()) {
            return CompletableFuture.completedFuture(PartitionStateWriter.Outcome.empty());
        }
        return writePreferred(candidates, "auto leader rebalance");
    }

    // =================================================================== decisions and logs

    /** Partitions of a topic being deleted keep their state: nothing is elected for a topic on its way out. */
    private PartitionStateWriter.Decider unlessDeleting(PartitionStateWriter.Decider decider) {
        return (tp, replicas, current) -> deletions.isDeleting(tp.topic()) ? PartitionStateChange.noChange()
                : decider.decide(tp, replicas, current);
    }

    private PartitionStateWriter.Decider reconcileDecider() {
        ClusterView view = ctx.view();
        Map<String, Boolean> unclean = new HashMap<>();
        return unlessDeleting((tp, replicas, current) -> {
            if (bugs.has(PlantedBug.LEADER_FROM_OUTSIDE_ISR) && current != null && (!current.hasLeader() || !view.isLive(current.leader()))) {
                Optional<Integer> outsider = replicas.stream().filter(view::isLive)
                        .filter(r -> !current.isr().contains(r)).findFirst();
                if (outsider.isPresent()) { // PLANTED BUG: ignores the ISR
                    List<Integer> liveIsr = current.isr().stream().filter(view::isLive).toList();
                    return new PartitionStateChange(PartitionStateChange.Kind.LEADER_ELECTED,
                            current.withNewLeader(outsider.get(), liveIsr, view.controllerEpoch()));
                }
            }
            return PartitionLeaderElector.reconcile(replicas, current, view,
                    unclean.computeIfAbsent(tp.topic(), this::uncleanEnabled));
        });
    }

    /** The topic's {@code unclean.leader.election.enable} override, else the controller's setting. */
    private boolean uncleanEnabled(String topic) {
        String key = ControllerConfig.UNCLEAN_LEADER_ELECTION_ENABLE.name();
        String value = ctx.topicConfig(topic, key);
        if (value == null) {
            return config.uncleanLeaderElectionEnable();
        }
        try {
            return ConfigType.BOOLEAN.parse(key, value);
        } catch (InvalidConfigException e) {
            log.warn("{}Topic {}: {}; using the broker setting {}", logPrefix, topic, e.getMessage(),
                    config.uncleanLeaderElectionEnable());
            return config.uncleanLeaderElectionEnable();
        }
    }

    private void logChanges(PartitionStateWriter.Outcome outcome, String reason) {
        int initialized = 0;
        for (PartitionStateWriter.Change c : outcome.changes().values()) {
            LeaderAndIsr before = c.before();
            LeaderAndIsr after = c.after();
            switch (c.kind()) {
                case INITIALIZED -> {
                    initialized++;
                    log.debug("{}Initialized {}: leader {}, ISR {}", logPrefix, c.partition(), after.leader(), after.isr());
                }
                case LEADER_ELECTED -> log.info("{}Elected leader of {}: {} -> {}, leader epoch {}, ISR {} ({})",
                        logPrefix, c.partition(), before.leader(), after.leader(), after.leaderEpoch(), after.isr(), reason);
                case UNCLEAN_LEADER_ELECTED -> log.warn("{}UNCLEAN leader election for {}: broker {} leads although it "
                                + "was not in the ISR {}; committed records it lacks (data beyond its log end that only {} "
                                + "held, count unknown to the controller) may be lost. Leader epoch {} ({})",
                        logPrefix, c.partition(), after.leader(), before.isr(), before.isr(), after.leaderEpoch(), reason);
                case WENT_OFFLINE -> {
                    if (before == null) {
                        log.warn("{}Partition {} created offline: none of its replicas {} is live", logPrefix,
                                c.partition(), after.isr());
                    } else {
                        log.warn("{}Partition {} is OFFLINE: no live in-sync replica (leader was {}, ISR {}); it stays "
                                        + "offline until one of {} returns, unclean leader election being disabled. "
                                        + "Leader epoch {} ({})", logPrefix, c.partition(), before.leader(), after.isr(),
                                after.isr(), after.leaderEpoch(), reason);
                    }
                }
                case ISR_SHRUNK -> log.info("{}ISR of {} shrunk: {} -> {}, leader {} stays, leader epoch {} ({})",
                        logPrefix, c.partition(), before.isr(), after.isr(), after.leader(), after.leaderEpoch(), reason);
                default -> throw new IllegalStateException("not a change: " + c.kind());
            }
        }
        if (initialized > 0) {
            log.info("{}Initialized {} partitions ({})", logPrefix, initialized, reason);
        }
        if (!outcome.unresolved().isEmpty()) {
            log.warn("{}Could not settle {} partitions ({}): {}", logPrefix, outcome.unresolved().size(), reason,
                    abbreviate(outcome.unresolved()));
        }
    }

    private static String abbreviate(Collection<TopicPartition> partitions) {
        List<TopicPartition> sorted = new ArrayList<>(new TreeSet<>(partitions));
        return sorted.size() <= 20 ? sorted.toString()
                : sorted.subList(0, 20) + " and " + (sorted.size() - 20) + " more";
    }

    @Override
    public String toString() {
        return "Controller[broker " + brokerId + ", epoch " + epoch + (isActive() ? "" : ", resigned") + "]";
    }
}
