package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.StaleBrokerEpochException;
import io.replog.internal.fault.PlantedBugs;
import io.replog.protocol.Errors;
import io.replog.protocol.StopReplicaResponse;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs each controller event to its end: asks the event's handler what to decide, applies the
 * decision (states through {@link PartitionStateWriter}, requests through {@link RequestBatch}
 * and the {@link ControllerChannel}, coordinator reads and deletes through
 * {@link CoordinatorRetry}), logs what was stored ({@link ChangeLog}) and asks the handler for
 * the next step where a decision depends on what was stored. The handlers decide; this class
 * acts on the coordinator and the brokers.
 *
 * <p>Every method runs on the controller's event loop, inside the event the {@link Controller}
 * queued, and completes when the event's coordinator calls are done.
 */
final class EventRunner {
    private static final Logger log = LoggerFactory.getLogger(EventRunner.class);

    private final int brokerId;
    private final ControllerContext ctx;
    private final Coordinator coordinator;
    private final Transport transport;
    private final ControllerChannel channel;
    private final CoordinatorRetry retry;
    private final PartitionStateWriter writer;
    private final BooleanSupplier active;
    private final RequestBatch.LeaderAndIsrAnswered onLeaderAndIsrAnswered;
    private final BiConsumer<Integer, StopReplicaResponse> onDeleteAnswered;
    private final String logPrefix;
    private final ChangeLog changeLog;

    private final ControllerStartup startup;
    private final BrokerChangeHandler brokers;
    private final TopicChangeHandler topics;
    private final TopicDeletionHandler deletions;
    private final IsrChangeHandler isrChanges;
    private final LogDirFailureHandler logDirs;
    private final LeadershipRefusalHandler refusals;
    private final ControlledShutdownHandler shutdowns;
    private final PreferredElectionHandler preferred;
    /** The live brokers the start read (event loop only). */
    private Map<Integer, BrokerRegistration> startLive = Map.of();

    /** How far a start has come; the {@link Controller} lets notifications in as it progresses. */
    enum StartPhase {
        /** The live brokers are read: an older broker snapshot is now stale. */
        BROKERS_READ,
        /** The topics are read: an older topic snapshot is now stale. */
        TOPICS_READ,
        /** Brokers, topics and states are in the context: events may decide from them. */
        LOADED,
        /** The first decisions are stored and sent: periodic work may begin. */
        ANNOUNCED
    }

    /**
     * @param bugs                   handed to the handlers at whose sites planted bugs act
     * @param active                 whether the controller may still act
     * @param onLeaderAndIsrAnswered each broker's answer to a LeaderAndIsr this runner sends
     * @param onDeleteAnswered       each broker's answer to a StopReplica-and-delete this runner sends
     */
    EventRunner(int brokerId, ControllerContext ctx, ControllerSettings config, PlantedBugs bugs, Coordinator coordinator,
                Transport transport, ControllerChannel channel, CoordinatorRetry retry, PartitionStateWriter writer,
                BooleanSupplier active, RequestBatch.LeaderAndIsrAnswered onLeaderAndIsrAnswered,
                BiConsumer<Integer, StopReplicaResponse> onDeleteAnswered, String logPrefix) {
        this.brokerId = brokerId;
        this.ctx = ctx;
        this.coordinator = coordinator;
        this.transport = transport;
        this.channel = channel;
        this.retry = retry;
        this.writer = writer;
        this.active = active;
        this.onLeaderAndIsrAnswered = onLeaderAndIsrAnswered;
        this.onDeleteAnswered = onDeleteAnswered;
        this.logPrefix = logPrefix;
        this.changeLog = new ChangeLog(logPrefix);
        TopicDeletions pending = new TopicDeletions();
        BrokerRestarts restarts = new BrokerRestarts(bugs);
        Deciders deciders = new Deciders(ctx, config, pending, bugs);
        this.startup = new ControllerStartup(ctx, restarts, deciders);
        this.brokers = new BrokerChangeHandler(ctx, pending, restarts, deciders);
        this.topics = new TopicChangeHandler(ctx, pending, deciders, logPrefix);
        this.deletions = new TopicDeletionHandler(ctx, pending, bugs, logPrefix);
        this.isrChanges = new IsrChangeHandler(ctx, logPrefix);
        this.logDirs = new LogDirFailureHandler(ctx, logPrefix);
        this.refusals = new LeadershipRefusalHandler(ctx, deciders);
        this.shutdowns = new ControlledShutdownHandler(ctx, deciders, logPrefix);
        this.preferred = new PreferredElectionHandler(ctx, deciders, config, logPrefix);
    }

    // =================================================================== applying decisions

    /** Decides and stores {@code write}, logging what was stored. */
    private CompletableFuture<PartitionStateWriter.Outcome> write(StateWrite write) {
        return writer.write(write.partitions(), write.decider()).thenApply(outcome -> {
            changeLog.logChanges(outcome, write.reason());
            return outcome;
        });
    }

    /** Stores {@code write}, then sends and answers what {@code then} decides from what was stored. */
    private <T> CompletableFuture<T> write(StateWrite write,
                                           Function<PartitionStateWriter.Outcome, ControllerResult<T>> then) {
        return write(write).thenApply(outcome -> {
            ControllerResult<T> result = then.apply(outcome);
            send(result.requests());
            return result.answer();
        });
    }

    private void send(BrokerRequests requests) {
        new RequestBatch(brokerId, ctx).onDeleteAnswered(onDeleteAnswered)
                .onLeaderAndIsrAnswered(onLeaderAndIsrAnswered).send(requests, channel);
    }

    /** Counts {@code registration} live: decisions may use it, and it gets a request queue. */
    private void addBroker(BrokerRegistration registration) {
        ctx.addLiveBroker(registration);
        channel.addBroker(registration.brokerId());
    }

    private void removeBroker(int id) {
        ctx.removeLiveBroker(id);
        channel.removeBroker(id);
    }

    // =================================================================== start

    /**
     * Takes office: reads brokers, topics and states, then applies {@link ControllerStartup}'s
     * decisions (the brokers counted at once, the first reconciliation in one coordinator write,
     * the full picture for every live broker); then the brokers left out join. Tells
     * {@code progress} each phase as it is reached; completes with the topic deletions pending
     * from before this term.
     */
    CompletableFuture<Set<String>> start(Consumer<StartPhase> progress) {
        return retry.call("read live brokers", coordinator::liveBrokers)
                .thenCompose(live -> {
                    startLive = Map.copyOf(live);
                    progress.accept(StartPhase.BROKERS_READ);
                    return retry.call("read topics", coordinator::topics);
                })
                .thenCompose(topicsRead -> {
                    startup.loadTopics(topicsRead.values());
                    progress.accept(StartPhase.TOPICS_READ);
                    List<TopicPartition> all = ctx.allPartitions();
                    return retry.call("read " + all.size() + " partition states", () -> coordinator.partitionStates(all));
                })
                .thenCompose(states -> {
                    startup.loadStates(states);
                    startup.joiningAtOnce(startLive).forEach(this::addBroker);
                    transport.updateBrokers(ctx.liveBrokers().values());
                    progress.accept(StartPhase.LOADED);
                    return write(startup.reconcileAll());
                })
                .thenAccept(outcome -> {
                    send(startup.announce());
                    List<TopicPartition> offline = startup.offline();
                    if (!offline.isEmpty()) {
                        log.warn("{}{} partitions are offline (no live in-sync replica): {}", logPrefix, offline.size(),
                                ChangeLog.abbreviate(offline));
                    }
                    log.info("{}Controller started: {} live brokers {}, {} topics, {} partitions, {} state changes",
                            logPrefix, ctx.liveBrokers().size(), ctx.liveBrokers().keySet(), ctx.topics().size(),
                            ctx.allPartitions().size(), outcome.changes().size());
                    progress.accept(StartPhase.ANNOUNCED);
                })
                .thenCompose(v -> startLive.size() == ctx.liveBrokers().size() ? CompletableFuture.completedFuture(null)
                        : brokersChanged(withoutFenced(startLive)))
                .thenCompose(v -> retry.call("read pending topic deletions", coordinator::pendingTopicDeletions));
    }

    // =================================================================== brokers

    /** Brokers registered, went away or restarted: {@code live} is a full snapshot. */
    CompletableFuture<Void> brokersChanged(Map<Integer, BrokerRegistration> live) {
        BrokerChangeHandler.BrokerChange change = brokers.diff(live);
        change.updated().forEach(ctx::addLiveBroker); // the same registration with updated data
        if (change.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!change.failed().isEmpty()) {
            if (!change.bounced().isEmpty()) {
                log.info("{}Brokers {} restarted (a new registration, or an unclean shutdown): handling them as "
                        + "failed and returned", logPrefix, change.bounced());
            }
            if (!change.gone().isEmpty()) {
                log.info("{}Brokers {} failed; live brokers now {}", logPrefix, change.gone(),
                        live.keySet().stream().sorted().toList());
            }
            change.failed().forEach(this::removeBroker);
        }
        Set<TopicPartition> changed = new TreeSet<>();
        return write(brokers.failures(change)).thenCompose(outcome -> {
            changed.addAll(outcome.changedPartitions());
            return write(brokers.uncleanReturns(change));
        }).thenCompose(outcome -> {
            changed.addAll(outcome.changedPartitions());
            change.added().forEach(id -> addBroker(live.get(id)));
            transport.updateBrokers(ctx.liveBrokers().values());
            if (!change.added().isEmpty()) {
                log.info("{}Brokers {} joined; live brokers now {}", logPrefix, change.added(), ctx.liveBrokers().keySet());
            }
            return write(brokers.joined(change));
        }).thenAccept(outcome -> {
            changed.addAll(outcome.changedPartitions());
            send(brokers.requests(change, changed));
        });
    }

    /**
     * Broker {@code broker} refused a request naming registration {@code brokerEpoch}: the process
     * of that registration is gone and a new one runs (KIP-380). Handled as that broker's failure
     * now, without waiting for the coordinator to drop the old registration, so nothing more is
     * decided for a process that may have lost data; its new registration, once seen, brings it
     * back as a returning broker.
     */
    CompletableFuture<Void> staleBrokerEpoch(int broker, long brokerEpoch) {
        return brokers.staleBrokerEpoch(broker, brokerEpoch).map(live -> {
            log.info("{}Broker {} restarted (registration epoch {} refused): handling it as failed", logPrefix,
                    broker, brokerEpoch);
            return brokersChanged(live);
        }).orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    /** A broker snapshot without the registrations already found stale. */
    Map<Integer, BrokerRegistration> withoutFenced(Map<Integer, BrokerRegistration> live) {
        return brokers.withoutFenced(live);
    }

    // =================================================================== topics

    CompletableFuture<Void> topicsChanged(Map<String, TopicAssignment> snapshot) {
        TopicChangeHandler.TopicChange change = topics.update(snapshot);
        return write(topics.newPartitions(change), outcome -> ControllerResult.of(topics.requests(change, outcome)));
    }

    CompletableFuture<Void> topicDeletionRequested(Set<String> requested) {
        TopicDeletionHandler.DeletionStart start = deletions.start(requested);
        send(start.requests());
        return start.finished().isEmpty() ? CompletableFuture.completedFuture(null) : removeTopics(start.finished());
    }

    CompletableFuture<Void> deletionConfirmed(int broker, StopReplicaResponse response) {
        List<String> complete = deletions.confirmed(broker, response.partitionErrors());
        return complete.isEmpty() ? CompletableFuture.completedFuture(null) : removeTopics(complete);
    }

    private CompletableFuture<Void> removeTopics(List<String> topicNames) {
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (String topic : topicNames) {
            removals.add(retry.call("delete topic " + topic, () -> coordinator.deleteTopic(ctx.controllerEpoch(), topic))
                    .handle((ok, error) -> {
                        if (error != null) {
                            if (active.getAsBoolean()) {
                                log.warn("{}Could not delete topic {}: {}", logPrefix, topic,
                                        CoordinatorRetry.unwrap(error).toString());
                            }
                            return null;
                        }
                        deletions.removed(topic, active.getAsBoolean());
                        return null;
                    }));
        }
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
    }

    // =================================================================== partitions

    CompletableFuture<Void> isrChanged(Set<TopicPartition> partitions) {
        List<TopicPartition> known = isrChanges.toRead(partitions);
        if (known.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return retry.call("read " + known.size() + " partition states", () -> coordinator.partitionStates(known))
                .thenAccept(states -> send(isrChanges.update(known, states)));
    }

    CompletableFuture<Void> logDirFailed(int broker) {
        send(logDirs.logDirFailed(broker));
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> offlineReplicas(int broker, Set<TopicPartition> offline) {
        return write(logDirs.offlineReplicas(broker, offline),
                outcome -> ControllerResult.of(logDirs.afterOfflineReplicas(broker, outcome)));
    }

    CompletableFuture<Void> leadershipRefused(LeadershipRefusalHandler.Refusal refusal) {
        return write(refusals.reelect(refusal), outcome -> ControllerResult.of(refusals.requests(outcome)));
    }

    // =================================================================== requests

    CompletableFuture<Set<TopicPartition>> controlledShutdown(int id, long brokerEpoch) {
        Optional<StaleBrokerEpochException> stale = shutdowns.staleEpoch(id, brokerEpoch);
        if (stale.isPresent()) {
            return CompletableFuture.failedFuture(stale.get());
        }
        return shutdowns.answerIfNotLive(id).map(CompletableFuture::completedFuture)
                .orElseGet(() -> write(shutdowns.begin(id), outcome -> shutdowns.afterWrite(id, outcome)));
    }

    CompletableFuture<Map<TopicPartition, Errors>> electPreferred(Set<TopicPartition> requested) {
        PreferredElectionHandler.Targets targets = preferred.classify(requested);
        return write(preferred.elect(targets.known(), "preferred replica election"),
                outcome -> preferred.answer(targets, outcome));
    }

    CompletableFuture<Void> autoRebalance() {
        List<TopicPartition> candidates = preferred.imbalanced();
        if (candidates.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return write(preferred.elect(candidates, "auto leader rebalance"),
                outcome -> ControllerResult.of(preferred.requests(outcome)));
    }
}
