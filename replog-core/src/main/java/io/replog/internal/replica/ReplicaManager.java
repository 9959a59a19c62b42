package io.replog.internal.replica;

import io.replog.coordinator.Coordinator;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.LogStorageException;
import io.replog.log.EpochEndOffset;
import io.replog.log.LogAppendInfo;
import io.replog.log.LogFileSystem;
import io.replog.log.PartitionLog;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.ProduceResponse.PartitionResult;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.record.Records;
import io.replog.time.Scheduler;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * All the partition replicas of one broker: takes the controller's LeaderAndIsr and
 * StopReplica decisions, serves produce, fetch, list-offsets and epoch queries, runs the
 * replica fetchers that pull from other leaders, proposes ISR changes to the coordinator, and
 * answers waiting (acks=all, long-poll) requests when high watermarks and log ends move.
 *
 * <p>Single-threaded: every method runs on the broker's {@link Scheduler}, which is also where
 * responses and timers arrive. Nothing blocks and no thread waits for the network.
 */
public final class ReplicaManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);

    private final ReplicaSettings settings;
    private final Scheduler scheduler;
    private final Coordinator coordinator;
    private final Transport transport;
    private final LogFileSystem logFileSystem;
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    /** Partitions whose offline log was already reported to the controller. */
    private final java.util.Set<TopicPartition> reportedOffline = new java.util.HashSet<>();
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private final Map<TopicPartition, List<DelayedProduce>> waitingProduces = new HashMap<>();
    private final Map<TopicPartition, List<DelayedFetch>> waitingFetches = new HashMap<>();
    private final List<Scheduler.Timer> timers = new ArrayList<>();
    private final Map<TopicPartition, TopicId> topicIds = new HashMap<>();
    private final PartitionDirectories directories;
    private int controllerEpoch = -1;
    private boolean closed;
    private final LeaderEligibility eligibility;
    private final HighWatermarkCheckpoints checkpoints;
    /**
     * The checkpointed high watermarks of replicas this process has not opened: they stay in the
     * checkpoint file until the replica opens or is deleted (replicas open lazily, on LeaderAndIsr).
     */
    private final Map<TopicPartition, Long> checkpointedNotOpened = new HashMap<>();

    public ReplicaManager(ReplicaSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport) {
        this(settings, scheduler, coordinator, transport, Runnable::run, LogFileSystem.nio());
    }

    /**
     * @param checkpointIo  where the high-watermark checkpoint file is written (a thread other than
     *                      the event loop in production; {@code Runnable::run} writes on the event loop)
     * @param logFileSystem how the logs reach the disk (a simulation's durability-tracking one, to
     *                      lose what a power loss would)
     */
    public ReplicaManager(ReplicaSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                          java.util.concurrent.Executor checkpointIo, LogFileSystem logFileSystem) {
        this.logFileSystem = logFileSystem;
        if (settings.plantedBugs().any()) {
            LOG.error("[broker {}] running with planted bugs {}: this broker is deliberately broken",
                    settings.brokerId(), settings.plantedBugs());
        }
        this.settings = settings;
        this.scheduler = scheduler;
        this.coordinator = coordinator;
        this.transport = transport;
        this.checkpoints = new HighWatermarkCheckpoints(settings.brokerId(), settings.logDir(), checkpointIo,
                logFileSystem);
        this.eligibility = new LeaderEligibility(settings.brokerId(), settings.plantedBugs());
        this.directories = new PartitionDirectories(settings.brokerId(), settings.logDir(), logFileSystem,
                settings.plantedBugs());
    }

    /** Starts the periodic work: ISR checks, high-watermark checkpoints, retention and flushes. */
    public void start() {
        eligibility.started(CleanShutdownFile.consume(logFileSystem, settings.logDir()));
        checkpointedNotOpened.putAll(checkpoints.read());
        every(Math.max(1, settings.defaults().replication().replicaLagTimeMaxMs() / 2), this::checkIsrs);
        every(settings.highWatermarkCheckpointIntervalMs(), this::checkpointHighWatermarks);
        every(settings.retentionCheckIntervalMs(), this::applyRetention);
    }

    /** Runs {@code task} every {@code periodMs}; its slot in {@link #timers} always holds the next firing only. */
    private void every(long periodMs, Runnable task) {
        int slot = timers.size();
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (closed) {
                return;
            }
            task.run();
            timers.set(slot, scheduler.schedule(periodMs, loop[0]));
        };
        timers.add(scheduler.schedule(periodMs, loop[0]));
    }

    /** Timers this manager holds (for tests: a fixed number, however long it runs). */
    int timerCount() {
        return timers.size();
    }

    /** Delayed acks=all produces listed as waiting on {@code tp} (for tests). */
    int waitingProduceCount(TopicPartition tp) {
        return waitingProduces.getOrDefault(tp, List.of()).size();
    }

    // ---------------------------------------------------------------- controller requests

    /** Takes up the roles the controller assigns; stale controller epochs are refused whole. */
    public LeaderAndIsrResponse handleLeaderAndIsr(LeaderAndIsrRequest request) {
        if (request.controllerEpoch() < controllerEpoch) {
            LOG.info("[broker {}] ignoring LeaderAndIsr from controller {} with stale epoch {} (current {})",
                    settings.brokerId(), request.controllerId(), request.controllerEpoch(), controllerEpoch);
            return new LeaderAndIsrResponse(Errors.STALE_CONTROLLER_EPOCH, Map.of());
        }
        controllerEpoch = request.controllerEpoch();
        Map<TopicPartition, Errors> errors = new HashMap<>();
        long now = scheduler.clock().millis();
        for (LeaderAndIsrRequest.PartitionState ps : request.partitions()) {
            TopicPartition tp = ps.partition();
            if (!ps.replicas().contains(settings.brokerId())) {
                errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                continue;
            }
            Partition partition;
            try {
                partition = getOrCreate(tp, ps.topicId(), ps.state(), TopicSettings.resolve(settings.defaults(),
                        ps.configs()));
            } catch (LogStorageException e) {
                LOG.error("[broker {}] {}: cannot open the log: {}", settings.brokerId(), tp, e.getMessage());
                errors.put(tp, Errors.KAFKA_STORAGE_ERROR);
                continue;
            }
            if (partition.log().isOffline()) {
                // Neither lead nor follow on a log that lost an I/O error; a restart recovers it.
                stopFetching(tp);
                errors.put(tp, Errors.KAFKA_STORAGE_ERROR);
                continue;
            }
            LeaderAndIsr state = ps.state();
            if (state.leader() == settings.brokerId()) {
                if (!eligibility.mayLead(tp, state)) {
                    LOG.warn("[broker {}] {}: refusing leadership for epoch {}: this replica may have lost records "
                                    + "it acknowledged (unclean shutdown or new log) and the ISR {} names other members",
                            settings.brokerId(), tp, state.leaderEpoch(), state.isr());
                    errors.put(tp, Errors.INELIGIBLE_REPLICA);
                } else if (partition.makeLeader(state, ps.replicas(), now)) {
                    stopFetching(tp);
                    onHighWatermarkMaybeChanged(partition);
                    errors.put(tp, Errors.NONE);
                } else {
                    errors.put(tp, Errors.FENCED_LEADER_EPOCH);
                }
            } else if (partition.makeFollower(state, ps.replicas())) {
                stopFetching(tp);
                if (state.hasLeader()) {
                    fetcherFor(state.leader()).add(partition);
                }
                onHighWatermarkMaybeChanged(partition);
                errors.put(tp, Errors.NONE);
            } else {
                errors.put(tp, Errors.FENCED_LEADER_EPOCH);
            }
        }
        return new LeaderAndIsrResponse(Errors.NONE, errors);
    }

    /** Stops replicas, deleting their logs when the topic is being deleted. */
    public StopReplicaResponse handleStopReplica(StopReplicaRequest request) {
        if (request.controllerEpoch() < controllerEpoch) {
            return new StopReplicaResponse(Errors.STALE_CONTROLLER_EPOCH, Map.of());
        }
        controllerEpoch = request.controllerEpoch();
        Map<TopicPartition, Errors> errors = new HashMap<>();
        for (TopicPartition tp : request.partitions()) {
            stopFetching(tp);
            Partition p = partitions.get(tp);
            try {
                if (p != null) {
                    p.makeNone();
                    onHighWatermarkMaybeChanged(p);
                    if (request.deletePartitions()) {
                        remove(p);
                        p.log().delete();
                        LOG.info("[broker {}] {}: replica deleted", settings.brokerId(), tp);
                    }
                } else if (request.deletePartitions()) {
                    // Deleted while this broker was down: the directory is still on disk.
                    directories.deleteUnopened(tp);
                    checkpointedNotOpened.remove(tp);
                }
                errors.put(tp, Errors.NONE);
            } catch (LogStorageException e) {
                LOG.error("[broker {}] {}: cannot delete the replica: {}", settings.brokerId(), tp, e.getMessage());
                errors.put(tp, Errors.KAFKA_STORAGE_ERROR);
            }
        }
        return new StopReplicaResponse(Errors.NONE, errors);
    }

    // ---------------------------------------------------------------- produce

    /**
     * Appends to the partitions this broker leads. acks=0 and acks=1 answer at once (acks=0
     * with {@code null}: no response is sent); acks=all answers when the high watermarks have
     * passed the appended records, or on timeout.
     */
    public CompletableFuture<Response> handleProduce(ProduceRequest request) {
        boolean acksAll = request.acks() == ProduceRequest.ACKS_ALL;
        Map<TopicPartition, PartitionResult> immediate = new HashMap<>();
        Map<TopicPartition, LogAppendInfo> appended = new HashMap<>();
        for (Map.Entry<TopicPartition, ByteBuffer> e : request.records().entrySet()) {
            TopicPartition tp = e.getKey();
            Partition p = partitions.get(tp);
            if (p == null) {
                immediate.put(tp, PartitionResult.error(Errors.NOT_LEADER_OR_FOLLOWER,
                        "broker " + settings.brokerId() + " holds no replica of " + tp));
                continue;
            }
            try {
                LogAppendInfo info = p.appendAsLeader(e.getValue(), acksAll);
                appended.put(tp, info);
                onLogEndChanged(p);
            } catch (RuntimeException ex) {
                immediate.put(tp, PartitionResult.error(Errors.forException(ex), ex.getMessage()));
                reportIfOffline(p);
            }
        }
        if (request.acks() == ProduceRequest.ACKS_NONE) {
            return null;
        }
        if (!acksAll || appended.isEmpty()) {
            appended.forEach((tp, info) -> immediate.put(tp,
                    new PartitionResult(Errors.NONE, info.firstOffset(), partitions.get(tp).logStartOffset(), null)));
            return CompletableFuture.completedFuture(new ProduceResponse(immediate));
        }
        DelayedProduce delayed = new DelayedProduce(immediate);
        appended.forEach((tp, info) -> delayed.await(tp, info.lastOffset() + 1,
                new PartitionResult(Errors.NONE, info.firstOffset(), partitions.get(tp).logStartOffset(), null)));
        boolean complete = false;
        for (TopicPartition tp : appended.keySet()) {
            complete = delayed.check(tp, partitions.get(tp)::acksAllOutcome);
        }
        if (!complete) {
            delayed.partitions().forEach(tp -> waitingProduces.computeIfAbsent(tp, k -> new ArrayList<>()).add(delayed));
            delayed.expireAfter(scheduler, request.timeoutMs(), () -> {
                delayed.expire();
                forgetProduce(delayed);
            });
        }
        return delayed.future();
    }

    private void forgetProduce(DelayedProduce d) {
        d.listedOn().forEach(tp -> unlist(tp, d));
    }

    private void unlist(TopicPartition tp, DelayedProduce d) {
        List<DelayedProduce> list = waitingProduces.get(tp);
        if (list != null && list.remove(d) && list.isEmpty()) {
            waitingProduces.remove(tp);
        }
    }

    // ---------------------------------------------------------------- fetch

    /**
     * Serves a follower's or a consumer's fetch. A follower's fetch offset is its log end: it
     * is recorded first, so that the response carries the high watermark it allowed.
     */
    public CompletableFuture<Response> handleFetch(FetchRequest request) {
        if (request.isFromFollower()) {
            long now = scheduler.clock().millis();
            for (FetchRequest.PartitionFetch pf : request.partitions()) {
                Partition p = partitions.get(pf.partition());
                if (p != null && p.isLeader() && p.checkLeaderEpoch(pf.currentLeaderEpoch()) == Errors.NONE
                        && pf.fetchOffset() <= p.logEndOffset()) {
                    Optional<LeaderAndIsr> expansion = p.onFollowerFetch(request.replicaId(), pf.fetchOffset(), now);
                    expansion.ifPresent(proposal -> submitIsr(p, proposal));
                    onHighWatermarkMaybeChanged(p);
                }
            }
        }
        DelayedFetch delayed = new DelayedFetch(request, () -> readAll(request));
        if (request.maxWaitMs() <= 0 || delayed.tryComplete(false)) {
            delayed.tryComplete(true);
            return delayed.future();
        }
        for (FetchRequest.PartitionFetch pf : request.partitions()) {
            waitingFetches.computeIfAbsent(pf.partition(), k -> new ArrayList<>()).add(delayed);
        }
        delayed.expireAfter(scheduler, () -> {
            delayed.tryComplete(true);
            forgetFetch(delayed);
        });
        return delayed.future();
    }

    private DelayedFetch.ReadResult readAll(FetchRequest request) {
        List<FetchResponse.PartitionData> out = new ArrayList<>();
        long bytes = 0;
        int budget = request.maxBytes();
        for (FetchRequest.PartitionFetch pf : request.partitions()) {
            TopicPartition tp = pf.partition();
            Partition p = partitions.get(tp);
            if (p == null) {
                out.add(FetchResponse.PartitionData.error(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            if (!p.isLeader()) {
                out.add(FetchResponse.PartitionData.error(tp, Errors.NOT_LEADER_OR_FOLLOWER));
                continue;
            }
            Errors epochError = p.checkLeaderEpoch(pf.currentLeaderEpoch());
            if (epochError != Errors.NONE) {
                out.add(FetchResponse.PartitionData.error(tp, epochError));
                continue;
            }
            if (pf.fetchOffset() < p.logStartOffset() || pf.fetchOffset() > p.logEndOffset()) {
                out.add(new FetchResponse.PartitionData(tp, Errors.OFFSET_OUT_OF_RANGE, p.highWatermark(),
                        p.logStartOffset(), Records.EMPTY));
                continue;
            }
            Records records;
            try {
                records = budget > 0
                        ? p.read(pf.fetchOffset(), Math.min(budget, pf.partitionMaxBytes()), request.isFromFollower())
                        : Records.EMPTY;
            } catch (LogStorageException e) {
                // This partition's log is offline; the others in the request are still served.
                out.add(FetchResponse.PartitionData.error(tp, Errors.KAFKA_STORAGE_ERROR));
                reportIfOffline(p);
                continue;
            }
            budget -= records.sizeInBytes();
            bytes += records.sizeInBytes();
            out.add(new FetchResponse.PartitionData(tp, Errors.NONE, p.highWatermark(), p.logStartOffset(), records));
        }
        return new DelayedFetch.ReadResult(new FetchResponse(Errors.NONE, out), bytes);
    }

    private void forgetFetch(DelayedFetch delayed) {
        for (FetchRequest.PartitionFetch pf : delayed.request().partitions()) {
            List<DelayedFetch> list = waitingFetches.get(pf.partition());
            if (list != null) {
                list.remove(delayed);
                if (list.isEmpty()) {
                    waitingFetches.remove(pf.partition());
                }
            }
        }
    }

    // ---------------------------------------------------------------- epochs and offsets

    /** Tells a follower where an epoch ended in this leader's log. */
    public OffsetForLeaderEpochResponse handleOffsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
        Map<TopicPartition, OffsetForLeaderEpochResponse.EpochEnd> out = new HashMap<>();
        request.partitions().forEach((tp, query) -> {
            Partition p = partitions.get(tp);
            if (p == null || !p.isLeader()) {
                out.put(tp, new OffsetForLeaderEpochResponse.EpochEnd(
                        p == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.NOT_LEADER_OR_FOLLOWER, -1, -1L));
                return;
            }
            Errors epochError = p.checkLeaderEpoch(query.currentLeaderEpoch());
            if (epochError != Errors.NONE) {
                out.put(tp, new OffsetForLeaderEpochResponse.EpochEnd(epochError, -1, -1L));
                return;
            }
            EpochEndOffset end = p.endOffsetForEpoch(query.leaderEpoch());
            out.put(tp, new OffsetForLeaderEpochResponse.EpochEnd(Errors.NONE, end.epoch(), end.endOffset()));
        });
        return new OffsetForLeaderEpochResponse(out);
    }

    /** The earliest offset (log start) or latest (high watermark) of partitions this broker leads. */
    public ListOffsetsResponse handleListOffsets(ListOffsetsRequest request) {
        Map<TopicPartition, ListOffsetsResponse.PartitionOffset> out = new HashMap<>();
        request.timestamps().forEach((tp, ts) -> {
            Partition p = partitions.get(tp);
            if (p == null || !p.isLeader()) {
                out.put(tp, new ListOffsetsResponse.PartitionOffset(
                        p == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.NOT_LEADER_OR_FOLLOWER, -1L, -1));
                return;
            }
            long offset = ts == ListOffsetsRequest.EARLIEST ? p.logStartOffset() : p.highWatermark();
            out.put(tp, new ListOffsetsResponse.PartitionOffset(Errors.NONE, offset, p.leaderEpoch()));
        });
        return new ListOffsetsResponse(out);
    }

    // ---------------------------------------------------------------- ISR

    private void checkIsrs() {
        long now = scheduler.clock().millis();
        for (Partition p : partitions.values()) {
            p.retryPendingIsr().ifPresent(proposal -> submitIsr(p, proposal));
            p.maybeShrinkIsr(now).ifPresent(proposal -> submitIsr(p, proposal));
        }
    }

    private void submitIsr(Partition p, LeaderAndIsr proposal) {
        int epoch = p.leaderEpoch();
        coordinator.updateIsrAsLeader(p.topicPartition(), proposal).whenCompleteAsync((update, error) -> {
            if (closed || partitions.get(p.topicPartition()) != p || p.leaderEpoch() != epoch) {
                return;
            }
            if (error != null) {
                LOG.warn("[broker {}] {}: ISR update {} failed: {}", settings.brokerId(), p.topicPartition(),
                        proposal.isr(), error.getMessage());
                p.onIsrUpdateFailed(proposal);
                return;
            }
            p.onIsrUpdate(proposal, update);
            onHighWatermarkMaybeChanged(p);
        }, scheduler);
    }

    // ---------------------------------------------------------------- completions

    private void onLogEndChanged(Partition p) {
        p.maybeIncrementHighWatermark();
        onHighWatermarkMaybeChanged(p);
    }

    /** Answers waiting produces and fetches of {@code p} that can now be answered. */
    private void onHighWatermarkMaybeChanged(Partition p) {
        TopicPartition tp = p.topicPartition();
        List<DelayedProduce> produces = waitingProduces.get(tp);
        if (produces != null) {
            for (DelayedProduce d : List.copyOf(produces)) {
                if (d.isDone() || d.check(tp, p::acksAllOutcome)) {
                    forgetProduce(d); // answered: off every partition's list, not only this one
                } else if (!d.isWaitingFor(tp)) {
                    unlist(tp, d); // this partition is decided; the others still wait
                }
            }
        }
        List<DelayedFetch> fetches = waitingFetches.get(tp);
        if (fetches != null) {
            for (DelayedFetch f : List.copyOf(fetches)) {
                if (f.tryComplete(false)) {
                    forgetFetch(f);
                }
            }
        }
    }

    // ---------------------------------------------------------------- fetchers

    private ReplicaFetcher fetcherFor(int leaderId) {
        ReplicaFetcher.Listener listener = new ReplicaFetcher.Listener() {
            @Override
            public void onFollowerAppend(Partition p) {
                eligibility.onFollowerProgress(p);
                onHighWatermarkMaybeChanged(p);
            }

            @Override
            public void onLogOffline(Partition p) {
                reportIfOffline(p);
            }
        };
        return fetchers.computeIfAbsent(leaderId, id -> new ReplicaFetcher(settings.brokerId(), id, transport,
                scheduler, settings.fetcher(), listener, settings.plantedBugs()));
    }

    private void stopFetching(TopicPartition tp) {
        fetchers.values().removeIf(f -> {
            f.remove(tp);
            if (f.isEmpty()) {
                f.close();
                return true;
            }
            return false;
        });
    }

    // ---------------------------------------------------------------- upkeep

    private void checkpointHighWatermarks() {
        checkpoints.writeInBackground(highWatermarks());
    }

    private Map<TopicPartition, Long> highWatermarks() {
        Map<TopicPartition, Long> out = new HashMap<>(checkpointedNotOpened);
        partitions.forEach((tp, p) -> {
            // An offline log may have lost what its high watermark covers; restart recovery decides.
            if (!p.log().isOffline()) {
                out.put(tp, p.highWatermark());
            }
        });
        return out;
    }

    private void applyRetention() {
        for (Partition p : partitions.values()) {
            // An offline log refuses everything; the other partitions' upkeep goes on.
            if (!p.log().isOffline()) {
                try {
                    p.log().applyRetention(p.highWatermark());
                    p.log().maybeFlush();
                    p.log().closeExpiredRetiredSegments();
                } catch (LogStorageException e) {
                    LOG.error("[broker {}] {}: retention or flush failed; the log is offline: {}", settings.brokerId(),
                            p.topicPartition(), e.getMessage());
                    reportIfOffline(p);
                }
            }
        }
    }

    /**
     * The first time a log is seen offline, tells the controller (Kafka's log directory event), which
     * then asks this broker for its offline replicas (LeaderAndIsr answered KAFKA_STORAGE_ERROR) and
     * moves leadership off them.
     */
    private void reportIfOffline(Partition p) {
        if (!p.log().isOffline() || !reportedOffline.add(p.topicPartition())) {
            return;
        }
        LOG.error("[broker {}] {}: the log is offline after an I/O error; telling the controller", settings.brokerId(),
                p.topicPartition());
        coordinator.reportLogDirFailure(settings.brokerId()).whenComplete((v, error) -> {
            if (error != null) {
                LOG.warn("[broker {}] could not report the failed log directory: {}", settings.brokerId(),
                        error.toString());
            }
        });
    }

    private Partition getOrCreate(TopicPartition tp, TopicId topicId, LeaderAndIsr state, TopicSettings config) {
        Partition existing = partitions.get(tp);
        if (existing != null && PartitionDirectories.sameTopic(topicIds.get(tp), topicId)) {
            existing.updateConfig(config.replication());
            existing.log().updateConfig(config.log());
            return existing;
        }
        if (existing != null) {
            // Still open for a deleted topic of the same name: that replica is gone for good.
            LOG.warn("[broker {}] {}: open replica belongs to topic id {}, not {}; deleting it", settings.brokerId(),
                    tp, topicIds.get(tp), topicId);
            stopFetching(tp);
            existing.makeNone();
            onHighWatermarkMaybeChanged(existing);
            remove(existing);
            existing.log().delete();
        }
        directories.removeIfStale(tp, topicId);
        boolean existed = logFileSystem.exists(settings.logDir().resolve(tp.directoryName()));
        PartitionLog log = PartitionLog.open(settings.logDir(), tp, config.log(), scheduler.clock(), logFileSystem);
        try {
            topicIds.put(tp, directories.claim(log, topicId));
        } catch (LogStorageException e) {
            log.closeWithoutFlush();
            throw e;
        }
        Long fromFile = checkpointedNotOpened.remove(tp);
        long checkpointed = !existed ? 0L : fromFile != null ? fromFile : log.checkpointedHighWatermark();
        Partition p = new Partition(tp, settings.brokerId(), log, config.replication(), settings.plantedBugs(),
                checkpointed);
        partitions.put(tp, p);
        eligibility.opened(tp, existed, state);
        return p;
    }

    private void remove(Partition p) {
        partitions.remove(p.topicPartition());
        topicIds.remove(p.topicPartition());
        eligibility.forget(p.topicPartition());
    }

    // ---------------------------------------------------------------- state

    /** The replica of {@code tp} on this broker, if any. */
    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /** Every replica on this broker. */
    public Map<TopicPartition, Partition> partitions() {
        return java.util.Collections.unmodifiableMap(partitions);
    }

    /** The partitions this broker leads. */
    public List<TopicPartition> ledPartitions() {
        return partitions.values().stream().filter(Partition::isLeader).map(Partition::topicPartition).toList();
    }

    /**
     * Whether the previous process on this log directory shut down cleanly (every log flushed);
     * known after {@link #start()}. After a crash or power loss the logs may hold less than that
     * process acknowledged as an ISR member.
     */
    public boolean startedAfterCleanShutdown() {
        return eligibility.startedAfterCleanShutdown();
    }

    /** The newest controller epoch this broker has obeyed. */
    public int controllerEpoch() {
        return controllerEpoch;
    }

    /**
     * Stops everything: timers, fetchers and waiting requests (answered with
     * NOT_LEADER_OR_FOLLOWER or whatever they hold), then checkpoints and closes every log.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.forEach(Scheduler.Timer::cancel);
        fetchers.values().forEach(ReplicaFetcher::close);
        fetchers.clear();
        for (Partition p : partitions.values()) {
            p.makeNone();
            onHighWatermarkMaybeChanged(p);
        }
        waitingFetches.values().forEach(list -> List.copyOf(list).forEach(f -> f.tryComplete(true)));
        waitingFetches.clear();
        try {
            checkpoints.writeNow(highWatermarks());
        } catch (LogStorageException e) {
            LOG.error("[broker {}] cannot checkpoint the high watermarks: {}", settings.brokerId(), e.getMessage());
        }
        boolean allClosed = true;
        for (Partition p : partitions.values()) {
            try {
                p.log().close();
            } catch (RuntimeException e) {
                allClosed = false;
                LOG.warn("[broker {}] {}: error closing the log: {}", settings.brokerId(), p.topicPartition(),
                        e.getMessage());
            }
        }
        // The marker promises that every log of the directory was flushed: a process that started
        // after an unclean shutdown has flushed only the logs it opened.
        if (allClosed && (eligibility.startedAfterCleanShutdown() || checkpointedNotOpened.isEmpty()
                && !directories.hasUnopened(partitions.keySet()))) {
            try {
                CleanShutdownFile.write(logFileSystem, settings.logDir());
            } catch (LogStorageException e) {
                LOG.warn("[broker {}] {}", settings.brokerId(), e.getMessage());
            }
        }
        partitions.clear();
        topicIds.clear();
    }

    /**
     * Drops everything without checkpoints or flushes, as a crash would: file handles are
     * released, but nothing is written.
     */
    public void crash() {
        closed = true;
        timers.forEach(Scheduler.Timer::cancel);
        fetchers.values().forEach(ReplicaFetcher::close);
        fetchers.clear();
        for (Partition p : partitions.values()) {
            p.log().closeWithoutFlush();
        }
        partitions.clear();
        topicIds.clear();
        waitingProduces.clear();
        waitingFetches.clear();
    }
}
