package io.replog.internal.replica;

import io.replog.coordinator.Coordinator;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.LogStorageException;
import io.replog.log.LogFileSystem;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
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
 * responses and timers arrive. Nothing blocks and no thread waits for the network. Each job has
 * a class of its own ({@link LeadershipChanges}, {@link ProduceHandler}, {@link FetchHandler},
 * {@link OffsetQueries}, {@link ReplicaFetchers}, {@link LocalReplicas}); this one wires them
 * together and does the periodic upkeep (ISR checks, checkpoints, retention).
 */
public final class ReplicaManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);

    private final ReplicaSettings settings;
    private final Scheduler scheduler;
    private final Coordinator coordinator;
    private final LogFileSystem logFileSystem;
    /** Partitions whose offline log was already reported to the controller. */
    private final java.util.Set<TopicPartition> reportedOffline = new java.util.HashSet<>();
    private final List<Scheduler.Timer> timers = new ArrayList<>();
    private final LeaderEligibility eligibility;
    private final HighWatermarkCheckpoints checkpoints;
    private final LocalReplicas replicas;
    private final ReplicaFetchers fetchers;
    private final LeadershipChanges leadership;
    private final ProduceHandler produce;
    private final FetchHandler fetch;
    private final OffsetQueries offsets;
    private boolean closed;

    public ReplicaManager(ReplicaSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport) {
        this(settings, scheduler, coordinator, transport, Runnable::run, LogFileSystem.nio());
    }

    /** As the six-argument constructor, with the logs' slow file work done inline. */
    public ReplicaManager(ReplicaSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                          java.util.concurrent.Executor checkpointIo, LogFileSystem logFileSystem) {
        this(settings, scheduler, coordinator, transport, checkpointIo, logFileSystem, Runnable::run);
    }

    /**
     * @param checkpointIo  where the high-watermark checkpoint file is written (a thread other than
     *                      the event loop in production; {@code Runnable::run} writes on the event loop)
     * @param logFileSystem how the logs reach the disk (a simulation's durability-tracking one, to
     *                      lose what a power loss would)
     * @param logIo         where the logs fsync rolled segments and unlink deleted ones: one thread
     *                      in production ({@code replog-log-io-<id>}), {@code Runnable::run} in the
     *                      simulation, which keeps a seed replaying exactly
     */
    public ReplicaManager(ReplicaSettings settings, Scheduler scheduler, Coordinator coordinator, Transport transport,
                          java.util.concurrent.Executor checkpointIo, LogFileSystem logFileSystem,
                          java.util.concurrent.Executor logIo) {
        this.logFileSystem = logFileSystem;
        if (settings.plantedBugs().any()) {
            LOG.error("[broker {}] running with planted bugs {}: this broker is deliberately broken",
                    settings.brokerId(), settings.plantedBugs());
        }
        this.settings = settings;
        this.scheduler = scheduler;
        this.coordinator = coordinator;
        this.checkpoints = new HighWatermarkCheckpoints(settings.brokerId(), settings.logDir(), checkpointIo,
                logFileSystem);
        this.eligibility = new LeaderEligibility(settings.brokerId(), settings.plantedBugs());
        this.replicas = new LocalReplicas(settings, scheduler.clock(), logFileSystem, eligibility, logIo);
        Events events = new Events();
        this.fetchers = new ReplicaFetchers(settings, transport, scheduler, events);
        this.leadership = new LeadershipChanges(settings, scheduler.clock(), replicas, eligibility, fetchers, events);
        this.produce = new ProduceHandler(settings.brokerId(), scheduler, replicas, events);
        this.fetch = new FetchHandler(scheduler, replicas, events);
        this.offsets = new OffsetQueries(replicas);
    }

    /** Starts the periodic work: ISR checks, high-watermark checkpoints, retention and flushes. */
    public void start() {
        eligibility.started(CleanShutdownFile.consume(logFileSystem, settings.logDir()));
        replicas.checkpointed(checkpoints.read());
        every(Math.max(1, settings.defaults().replication().replicaLagTimeMaxMs() / 2), this::checkIsrs);
        every(settings.highWatermarkCheckpointIntervalMs(), this::checkpointHighWatermarks);
        every(settings.retentionCheckIntervalMs(), this::applyRetention);
    }

    /** Runs {@code task} every {@code periodMs}; its slot in {@link #timers} always holds the next firing only. */
    private void every(long periodMs, Runnable task) {
        timers.add(scheduler.schedule(periodMs, new Periodic(timers.size(), periodMs, task)));
    }

    /** One periodic task: runs, then schedules its next firing in its own slot, until the manager closes. */
    private final class Periodic implements Runnable {
        private final int slot;
        private final long periodMs;
        private final Runnable task;

        Periodic(int slot, long periodMs, Runnable task) {
            this.slot = slot;
            this.periodMs = periodMs;
            this.task = task;
        }

        @Override
        public void run() {
            if (closed) {
                return;
            }
            task.run();
            timers.set(slot, scheduler.schedule(periodMs, this));
        }
    }

    /** Timers this manager holds (for tests: a fixed number, however long it runs). */
    int timerCount() {
        return timers.size();
    }

    /** Delayed acks=all produces listed as waiting on {@code tp} (for tests). */
    int waitingProduceCount(TopicPartition tp) {
        return produce.waitingOn(tp);
    }

    // ---------------------------------------------------------------- requests

    /** Takes up the roles the controller assigns; stale controller epochs are refused whole. */
    public LeaderAndIsrResponse handleLeaderAndIsr(LeaderAndIsrRequest request) {
        return leadership.handleLeaderAndIsr(request);
    }

    /** Stops replicas, deleting their logs when the topic is being deleted. */
    public StopReplicaResponse handleStopReplica(StopReplicaRequest request) {
        return leadership.handleStopReplica(request);
    }

    /**
     * Appends to the partitions this broker leads. acks=0 and acks=1 answer at once (acks=0's
     * answer is never sent; the transport only looks for refusals in it); acks=all answers when
     * the high watermarks have passed the appended records, or on timeout.
     */
    public CompletableFuture<Response> handleProduce(ProduceRequest request) {
        return produce.handle(request);
    }

    /**
     * Serves a follower's or a consumer's fetch. A follower's fetch offset is its log end: it
     * is recorded first, so that the response carries the high watermark it allowed.
     */
    public CompletableFuture<Response> handleFetch(FetchRequest request) {
        return fetch.handle(request);
    }

    /** Tells a follower where an epoch ended in this leader's log. */
    public OffsetForLeaderEpochResponse handleOffsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
        return offsets.offsetForLeaderEpoch(request);
    }

    /** The earliest offset (log start) or latest (high watermark) of partitions this broker leads. */
    public ListOffsetsResponse handleListOffsets(ListOffsetsRequest request) {
        return offsets.listOffsets(request);
    }

    // ---------------------------------------------------------------- what the parts report

    /** The parts' reports, and what fetching teaches about followers. */
    private final class Events implements ReplicaEvents, ReplicaFetcher.Listener {
        @Override
        public void onHighWatermarkMaybeChanged(Partition p) {
            ReplicaManager.this.onHighWatermarkMaybeChanged(p);
        }

        @Override
        public void onLogEndChanged(Partition p) {
            p.maybeIncrementHighWatermark();
            onHighWatermarkMaybeChanged(p);
        }

        @Override
        public void proposeIsr(Partition p, LeaderAndIsr proposal) {
            submitIsr(p, proposal);
        }

        @Override
        public void reportIfOffline(Partition p) {
            ReplicaManager.this.reportIfOffline(p);
        }

        @Override
        public void onFollowerAppend(Partition p) {
            eligibility.onFollowerProgress(p);
            onHighWatermarkMaybeChanged(p);
        }

        @Override
        public void onLogOffline(Partition p) {
            reportIfOffline(p);
        }
    }

    // ---------------------------------------------------------------- ISR

    private void checkIsrs() {
        long now = scheduler.clock().millis();
        for (Partition p : replicas.all()) {
            p.retryPendingIsr().ifPresent(proposal -> submitIsr(p, proposal));
            p.maybeShrinkIsr(now).ifPresent(proposal -> submitIsr(p, proposal));
        }
    }

    private void submitIsr(Partition p, LeaderAndIsr proposal) {
        int epoch = p.leaderEpoch();
        coordinator.updateIsrAsLeader(p.topicPartition(), proposal).whenCompleteAsync((update, error) -> {
            if (closed || replicas.get(p.topicPartition()) != p || p.leaderEpoch() != epoch) {
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

    /** Answers the waiting produces, then fetches, of {@code p} that can now be answered. */
    private void onHighWatermarkMaybeChanged(Partition p) {
        produce.onPartitionChanged(p);
        fetch.onPartitionChanged(p);
    }

    // ---------------------------------------------------------------- upkeep

    private void checkpointHighWatermarks() {
        checkpoints.writeInBackground(replicas.highWatermarks());
    }

    private void applyRetention() {
        for (Partition p : replicas.all()) {
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

    // ---------------------------------------------------------------- state

    /** The replica of {@code tp} on this broker, if any. */
    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(replicas.get(tp));
    }

    /** Every replica on this broker. */
    public Map<TopicPartition, Partition> partitions() {
        return replicas.view();
    }

    /** The partitions this broker leads. */
    public List<TopicPartition> ledPartitions() {
        return replicas.all().stream().filter(Partition::isLeader).map(Partition::topicPartition).toList();
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
        return leadership.controllerEpoch();
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
        fetchers.closeAll();
        for (Partition p : replicas.all()) {
            p.makeNone();
            onHighWatermarkMaybeChanged(p);
        }
        fetch.expireAll();
        try {
            checkpoints.writeNow(replicas.highWatermarks());
        } catch (LogStorageException e) {
            LOG.error("[broker {}] cannot checkpoint the high watermarks: {}", settings.brokerId(), e.getMessage());
        }
        boolean allClosed = true;
        for (Partition p : replicas.all()) {
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
        if (allClosed && (eligibility.startedAfterCleanShutdown() || replicas.everyReplicaOpened())) {
            try {
                CleanShutdownFile.write(logFileSystem, settings.logDir());
            } catch (LogStorageException e) {
                LOG.warn("[broker {}] {}", settings.brokerId(), e.getMessage());
            }
        }
        replicas.clear();
    }

    /**
     * Drops everything without checkpoints or flushes, as a crash would: file handles are
     * released, but nothing is written.
     */
    public void crash() {
        closed = true;
        timers.forEach(Scheduler.Timer::cancel);
        fetchers.closeAll();
        for (Partition p : replicas.all()) {
            p.log().closeWithoutFlush();
        }
        replicas.clear();
        produce.forgetAll();
        fetch.forgetAll();
    }
}
