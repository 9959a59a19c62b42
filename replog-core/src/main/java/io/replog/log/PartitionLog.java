package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.FencedLeaderEpochException;
import io.replog.errors.LogStorageException;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.errors.RecordTooLargeException;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The on-disk log of one partition, in directory {@code <parent>/<topic>-<partition>}: a
 * sequence of {@link LogSegment}s, a {@link LeaderEpochCache}, a high-watermark checkpoint and a
 * recovery-point checkpoint.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Batches are stored byte for byte as appended (after a leader append stamps base offset
 *       and leader epoch, which the CRC does not cover); offsets strictly increase through the
 *       log.</li>
 *   <li>After a crash, {@link #open} recovers every batch that was complete on disk up to the
 *       first damaged one, and nothing after it (see {@link LogRecovery}).</li>
 *   <li>Appends are not fsynced one by one: the log is fsynced when {@code flush.messages} or
 *       {@code flush.ms} say so, when a segment is rolled (the old one, on the I/O executor given
 *       to {@link #open(Path, TopicPartition, LogConfig, Clock, LogFileSystem, Executor)}), on
 *       {@link #flush()} and on {@link #close()} (both also fsync rolled segments whose background
 *       fsync is still pending); the offset up to which data is fsynced (the recovery point) is
 *       checkpointed so the next open validates only what came after.</li>
 *   <li>Nothing is checkpointed as durable (recovery point, log start) before the bytes and names
 *       it covers are fsynced; truncation, rolls and restarts make their unlinks and renames
 *       durable with a directory fsync before they return; retention renames before it returns
 *       and unlinks, then fsyncs the directory, on the I/O executor.</li>
 *   <li>Every failure to touch the disk is a {@link LogStorageException} naming the path and the
 *       operation. After one, the log is offline ({@link #isOffline()}): the file system may have
 *       dropped data it had accepted (Linux reports a failed writeback once, to one fsync), so
 *       every later append, flush, truncation, checkpoint or read fails with a
 *       {@link LogStorageException} naming the first failure, until the log is closed and opened
 *       again, which recovers from what is really on disk.</li>
 * </ul>
 *
 * <p>Concurrency: the mutating methods (appends, truncation, retention, flush, checkpoints,
 * close) are serialized on an internal lock and meant for one writer thread. {@link #read} and the
 * offset getters take no lock and may run on any number of threads concurrently with appends: a
 * segment's readable size is a volatile published only after an append's bytes and index entries
 * are written, and the log end offset only after that, so a reader never sees part of a batch.
 * What a reader holding a {@link LogSlice} sees when truncation or retention races with it is
 * described on {@link LogSlice}. Threads must not be interrupted while inside the log: Java closes
 * a {@link java.nio.channels.FileChannel} when a thread doing I/O on it is interrupted, and the
 * segment then fails every call with a {@link LogStorageException} until the log is reopened.
 *
 * <p>This class is the facade of the package: it holds the lock, the configuration and the
 * open/offline state ({@link LogState}), and hands each job to one helper over the shared
 * {@link LogSegments}: opening and removing the directory ({@link LogDirectory}), validation and
 * offset assignment ({@link LogAppender}), rolling ({@link SegmentRoller}), reads
 * ({@link LogReader}), truncation ({@link LogTruncator}), retention ({@link RetentionCleaner}),
 * flushing and the recovery point ({@link LogFlusher}), deleted segments still open for readers
 * ({@link RetiredSegments}) and the high-watermark checkpoint ({@link HighWatermarkCheckpoint}).
 * It stays above 400 lines because it carries the package's whole public API with the Javadoc of
 * each guarantee; every method body is a check of its arguments and a delegation.
 */
public final class PartitionLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);

    /** The high-watermark checkpoint's file name in the partition directory. */
    public static final String HIGH_WATERMARK_FILE = "high-watermark-checkpoint";
    /** The recovery-point checkpoint's file name in the partition directory (Kafka's name). */
    public static final String RECOVERY_POINT_FILE = "recovery-point-offset-checkpoint";
    /**
     * The log-start checkpoint's file name in the partition directory: written when the log is
     * restarted at a new offset, so that recovery deletes segments below it and never restarts an
     * emptied log at offset 0.
     */
    public static final String LOG_START_FILE = "log-start-offset-checkpoint";

    private final LogFileSystem fs;
    private final TopicPartition tp;
    private final Path dir;
    private volatile LogConfig config;
    private final Clock clock;
    private final Object lock = new Object();
    private final LogDirectoryLock directoryLock;
    private final int batchesValidatedOnOpen;
    private final LogSegments segments;
    private final HighWatermarkCheckpoint hwCheckpoint;
    private final LogState state;
    private final LeaderEpochCache epochCache;
    private final RetiredSegments retired;
    private final LogFlusher flusher;
    private final LogAppender appender;
    private final LogReader reader;
    private final LogTruncator truncator;
    private final RetentionCleaner retention;
    private final LogIo io;
    /**
     * How long a deleted segment's file stays open for readers that may still hold a slice of it
     * (a fetch response being sent); then it is closed and its space freed (Kafka waits
     * {@code file.delete.delay.ms}, 60 s by default, for the same reason).
     */
    static final long RETIRED_CLOSE_DELAY_MS = 60_000;

    /** Called by {@link LogDirectory} with what recovery found. */
    PartitionLog(LogFileSystem fs, TopicPartition tp, Path dir, LogConfig config, Clock clock,
                 LogDirectoryLock directoryLock, LogRecovery.Result recovered, long recoveryPoint, Executor ioExecutor) {
        this.fs = fs;
        this.tp = tp;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.directoryLock = directoryLock;
        this.batchesValidatedOnOpen = recovered.validatedBatches();
        this.segments = new LogSegments(recovered.segments(), recovered.logEndOffset());
        this.hwCheckpoint = new HighWatermarkCheckpoint(fs, dir);
        this.state = new LogState(tp, dir);
        OffsetCheckpoint logStartCheckpoint = new OffsetCheckpoint(fs, dir.resolve(LOG_START_FILE), "log start offset");
        this.flusher = new LogFlusher(new OffsetCheckpoint(fs, dir.resolve(RECOVERY_POINT_FILE), "recovery point"),
                new FlushPolicy(config, clock), recoveryPoint);
        this.retired = new RetiredSegments(tp, clock);
        this.io = new LogIo(tp, ioExecutor, lock, state);
        this.epochCache = LeaderEpochCache.load(fs, dir, tp, segments::logEndOffset);
        SegmentRoller roller = new SegmentRoller(fs, dir, tp, clock, segments, retired, flusher, logStartCheckpoint, io);
        this.appender = new LogAppender(tp, clock, segments, epochCache, roller);
        this.reader = new LogReader(tp, segments, state::ensureOpen);
        this.truncator = new LogTruncator(fs, dir, tp, segments, retired, flusher, logStartCheckpoint, epochCache);
        this.retention = new RetentionCleaner(fs, dir, tp, clock, segments, retired, epochCache, io);
    }

    /**
     * Opens (creating if needed) the log of {@code tp} under {@code parentDir}, recovering it from
     * whatever state a crash left.
     *
     * @throws LogStorageException if the directory cannot be created, locked, read or written;
     *                             the message names the path and the operation
     */
    public static PartitionLog open(Path parentDir, TopicPartition tp, LogConfig config, Clock clock) {
        return open(parentDir, tp, config, clock, LogFileSystem.nio());
    }

    /**
     * {@link #open(Path, TopicPartition, LogConfig, Clock, LogFileSystem)} with the slow file work
     * on {@code ioExecutor}: a rolled segment's fsync, and the unlinks and directory fsync of
     * segments retention deleted. The executor must run tasks one at a time in the order given
     * (one thread, e.g. a broker's {@code replog-log-io-<id>}); {@code Runnable::run} does the
     * work at once on the calling thread, as the other {@code open}s do, which keeps a simulation
     * deterministic. The recovery point moves past a rolled segment only once its fsync is done.
     */
    public static PartitionLog open(Path parentDir, TopicPartition tp, LogConfig config, Clock clock,
                                    LogFileSystem fs, Executor ioExecutor) {
        Objects.requireNonNull(parentDir, "parentDir");
        Objects.requireNonNull(tp, "tp");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(ioExecutor, "ioExecutor");
        return LogDirectory.open(parentDir, tp, config, clock, fs, ioExecutor);
    }

    /**
     * {@link #open(Path, TopicPartition, LogConfig, Clock)} with every file access going through
     * {@code fs} (a test's durability-tracking or failing file system).
     */
    public static PartitionLog open(Path parentDir, TopicPartition tp, LogConfig config, Clock clock,
                                    LogFileSystem fs) {
        Objects.requireNonNull(parentDir, "parentDir");
        Objects.requireNonNull(tp, "tp");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        return open(parentDir, tp, config, clock, fs, Runnable::run);
    }

    /** Brings the recovered state into line with the checkpoints (run once by {@link LogDirectory}). */
    void finishOpen(LogRecovery.Result recovered, long startNanos) {
        LogDirectory.reconcileEpochs(tp, epochCache, segments);
        hwCheckpoint.load(tp, segments.logEndOffset());
        // Everything that survived recovery was read back and, where validated, fsynced.
        flusher.updateRecoveryPoint(segments.logEndOffset());
        log.info("[{}] Opened log in {}: {} segment(s), offsets {} to {}, {} batch(es) validated{} in {} ms", tp, dir,
                segments.count(), segments.logStartOffset(), segments.logEndOffset(), recovered.validatedBatches(),
                recovered.cut() ? " (damaged tail cut)" : "", (clock.nanos() - startNanos) / 1_000_000);
    }

    // ---------------------------------------------------------------- appends

    /**
     * Appends a producer's batches as the leader of {@code leaderEpoch}: validates them once
     * (leader mode, each batch at most {@code max.message.bytes}), assigns offsets from the log end
     * offset and stamps the epoch, in place in {@code records}, and writes those same bytes. The
     * buffer's position and limit are not moved. A new epoch is recorded in the leader epoch cache.
     *
     * @throws CorruptRecordException       if a batch is malformed; nothing is written
     * @throws RecordTooLargeException      if a batch exceeds {@code max.message.bytes}; nothing is written
     * @throws FencedLeaderEpochException   if {@code leaderEpoch} is older than the log's latest epoch
     * @throws LogStorageException          if the write fails
     */
    public LogAppendInfo appendAsLeader(ByteBuffer records, int leaderEpoch) {
        Objects.requireNonNull(records, "records");
        if (leaderEpoch < 0) {
            throw new IllegalArgumentException("leader epoch must be >= 0, was " + leaderEpoch);
        }
        synchronized (lock) {
            state.ensureOpen();
            try {
                return appender.appendAsLeader(records, leaderEpoch, config);
            } catch (LogStorageException e) {
                throw state.goOffline(e);
            }
        }
    }

    /**
     * Appends batches fetched from the leader, byte for byte: offsets and leader epochs are the
     * leader's. They are validated in follower mode (no size limit: the leader already accepted
     * them); each batch's epoch, when new, is recorded in the leader epoch cache.
     *
     * @throws UnexpectedAppendOffsetException if the first offset is below the log end offset
     * @throws CorruptRecordException          if a batch is malformed or offsets do not increase
     * @throws LogStorageException             if the write fails
     */
    public LogAppendInfo appendAsFollower(ByteBuffer records) {
        Objects.requireNonNull(records, "records");
        synchronized (lock) {
            state.ensureOpen();
            try {
                return appender.appendAsFollower(records, config);
            } catch (LogStorageException e) {
                throw state.goOffline(e);
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * Whole batches from the one holding {@code startOffset} (or the first after it), as a file
     * region of a single segment: a read never spans segments, the next read continues in the next
     * one. Stops before the first batch whose last offset is at or above
     * {@code maxOffsetExclusive} (consumers pass the high watermark; this limit is never relaxed)
     * and before the slice would exceed {@code maxBytes}, except that with {@code minOneBatch} the
     * first batch is returned even when larger, so a fetch always progresses. Empty when there is
     * nothing to return, including at the log end offset.
     *
     * @throws OffsetOutOfRangeException if {@code startOffset} is below the log start offset or above
     *                                   the log end offset; the message names the range
     * @throws CorruptRecordException    if the segment holds a damaged batch where reading starts
     */
    public LogSlice read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        return reader.read(startOffset, maxBytes, maxOffsetExclusive, minOneBatch);
    }

    // ---------------------------------------------------------------- state

    public TopicPartition topicPartition() {
        return tp;
    }

    /** The partition directory. */
    public Path directory() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** The first offset the log may hold: the base offset of its oldest segment. */
    public long logStartOffset() {
        return segments.logStartOffset();
    }

    /** The offset the next appended record gets. */
    public long logEndOffset() {
        return segments.logEndOffset();
    }

    public long activeSegmentBaseOffset() {
        return segments.active().baseOffset();
    }

    public int segmentCount() {
        return segments.count();
    }

    /** The base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return segments.baseOffsets();
    }

    /** Bytes in all segment files. */
    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    /** The offset below which every batch is fsynced. */
    public long recoveryPoint() {
        synchronized (lock) {
            return flusher.recoveryPoint();
        }
    }

    /** How many batches {@link #open} validated in full (those after the recovery point). */
    int batchesValidatedOnOpen() {
        return batchesValidatedOnOpen;
    }

    /** Entries in the active segment's offset index (for tests). */
    int activeSegmentIndexEntryCount() {
        return segments.active().index().entryCount();
    }

    // ---------------------------------------------------------------- leader epochs

    /** The partition's leader epoch cache. */
    public LeaderEpochCache leaderEpochs() {
        return epochCache;
    }

    /** {@link LeaderEpochCache#endOffsetFor(int)} of this log. */
    public EpochEndOffset endOffsetForEpoch(int requestedEpoch) {
        return epochCache.endOffsetFor(requestedEpoch);
    }

    // ---------------------------------------------------------------- high watermark

    /** Durably records {@code highWatermark} in {@value #HIGH_WATERMARK_FILE}. */
    public void checkpointHighWatermark(long highWatermark) {
        if (highWatermark < 0) {
            throw new IllegalArgumentException("high watermark must be >= 0, was " + highWatermark);
        }
        underLock(() -> hwCheckpoint.write(highWatermark));
    }

    /**
     * The last checkpointed high watermark; at open, the stored value lowered to the recovered log
     * end offset, or 0 if the file is missing or corrupt (a corrupt file is logged at WARN).
     */
    public long checkpointedHighWatermark() {
        return hwCheckpoint.value();
    }

    // ---------------------------------------------------------------- truncation

    /**
     * Keeps only the batches whose last offset is below {@code offset}. A batch that straddles
     * {@code offset} is removed whole, so afterwards the log end offset is at most {@code offset}
     * (exactly {@code offset} when it is a batch boundary). Later segments are deleted, the index is
     * cut, and leader epochs starting at or after the new end are dropped. An offset at or above the
     * log end offset changes nothing; one below the log start offset empties the log and restarts
     * it there ({@link #truncateFullyAndStartAt}).
     */
    public void truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("truncation offset must be >= 0, was " + offset);
        }
        underLock(() -> truncator.truncateTo(offset, config));
    }

    /** Deletes every segment and restarts the log, empty, at {@code newStartOffset}; clears the epoch cache. */
    public void truncateFullyAndStartAt(long newStartOffset) {
        if (newStartOffset < 0) {
            throw new IllegalArgumentException("start offset must be >= 0, was " + newStartOffset);
        }
        underLock(() -> truncator.truncateFullyAndStartAt(newStartOffset, "requested", config));
    }

    // ---------------------------------------------------------------- retention

    /**
     * Deletes the oldest segments that {@code retention.ms} (by their newest batch timestamp
     * against the clock) or {@code retention.bytes} (total size) allow, never the active segment
     * and never one holding offsets at or above {@code highWatermark}; moves the log start offset
     * to the oldest remaining segment.
     *
     * @return how many segments were deleted
     */
    public int applyRetention(long highWatermark) {
        return underLock(() -> retention.apply(highWatermark, config));
    }

    // ---------------------------------------------------------------- flush

    /** Fsyncs everything appended so far and checkpoints the recovery point. */
    public void flush() {
        underLock(() -> flusher.flush(segments));
    }

    /**
     * Flushes if {@code flush.messages} or {@code flush.ms} say it is due; call periodically so
     * that {@code flush.ms} holds when no appends arrive.
     *
     * @return whether it flushed
     */
    public boolean maybeFlush() {
        return underLock(() -> flusher.maybeFlush(segments));
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes deleted segments retired more than {@link #RETIRED_CLOSE_DELAY_MS} ago, so that
     * their disk space is freed without waiting for the next deletion; call periodically.
     */
    public void closeExpiredRetiredSegments() {
        synchronized (lock) {
            retired.closeBefore(clock.millis() - RETIRED_CLOSE_DELAY_MS);
        }
    }

    /** How many deleted segments are still open for readers (for tests). */
    int retiredSegmentCount() {
        synchronized (lock) {
            return retired.count();
        }
    }

    /**
     * Takes changed topic settings: {@code segment.*} apply from the next roll, {@code retention.*}
     * at the next retention check, {@code max.message.bytes} to the next append. The flush policy
     * keeps the values the log was opened with.
     */
    public void updateConfig(LogConfig newConfig) {
        Objects.requireNonNull(newConfig, "newConfig");
        synchronized (lock) {
            config = newConfig;
        }
    }

    /**
     * Whether an I/O error took the log offline: every later operation but {@link #close()} fails,
     * because the file system may have dropped data it had accepted.
     */
    public boolean isOffline() {
        return state.isOffline();
    }

    /** Flushes (so the next open validates nothing) and releases every file. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (state.isClosed()) {
                return;
            }
            try {
                if (!state.isOffline()) {
                    flusher.flush(segments);
                }
            } catch (LogStorageException e) {
                throw state.goOffline(e);
            } finally {
                closeResources();
            }
            log.info("[{}] Closed log at offsets {} to {}", tp, segments.logStartOffset(), segments.logEndOffset());
        }
    }

    /**
     * Releases every file without flushing or writing checkpoints, as a crash would leave them:
     * what the page cache holds stays, nothing more is made durable. For simulations of crashes.
     */
    public void closeWithoutFlush() {
        synchronized (lock) {
            if (!state.isClosed()) {
                closeResources();
            }
        }
    }

    /**
     * Closes the log and removes its directory with everything in it (the partition was deleted).
     *
     * @throws LogStorageException if a file cannot be removed; the message names it
     */
    public void delete() {
        synchronized (lock) {
            if (!state.isClosed()) {
                closeResources();
            }
            LogDirectory.delete(fs, dir);
            log.info("[{}] Deleted log directory {}", tp, dir);
        }
    }

    /**
     * Removes a partition directory no open log uses, with everything in it. Its
     * {@code partition.metadata} goes last, after the other unlinks are durable: a power loss
     * in between must not leave the old topic's segments without the topic id that marks them
     * as another topic's (they would be reused by a new topic of the same name).
     *
     * @throws LogStorageException if a file cannot be removed; the message names the directory
     */
    public static void deleteDirectory(LogFileSystem fs, Path dir) {
        LogDirectory.delete(fs, dir);
    }

    private void closeResources() {
        List<LogSegment> all = new ArrayList<>(retired.drain());
        all.addAll(segments.all());
        state.release(all, directoryLock);
    }

    /** Runs a mutation of the log under its lock; an I/O failure takes the log offline. */
    private void underLock(Runnable mutation) {
        underLock(() -> {
            mutation.run();
            return null;
        });
    }

    private <T> T underLock(Supplier<T> mutation) {
        synchronized (lock) {
            state.ensureOpen();
            try {
                return mutation.get();
            } catch (LogStorageException e) {
                throw state.goOffline(e);
            }
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + tp + ", offsets " + segments.logStartOffset() + ".." + segments.logEndOffset() + ", "
                + segments.count() + " segment(s))";
    }
}
