package io.replog.log;

import io.replog.errors.CorruptRecordException;
import io.replog.errors.FencedLeaderEpochException;
import io.replog.errors.LogStorageException;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.errors.RecordTooLargeException;
import io.replog.record.BatchValidator;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.record.ValidationResult;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

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
 *       {@code flush.ms} say so, when a segment is rolled (the old one), on {@link #flush()} and on
 *       {@link #close()}; the offset up to which data is fsynced (the recovery point) is
 *       checkpointed so the next open validates only what came after.</li>
 *   <li>Nothing is checkpointed as durable (recovery point, log start) before the bytes and names
 *       it covers are fsynced; truncation, retention, rolls and restarts make their unlinks and
 *       renames durable with a directory fsync before they return.</li>
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
    private final ConcurrentNavigableMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final OffsetCheckpoint recoveryPointCheckpoint;
    private final OffsetCheckpoint highWatermarkCheckpoint;
    private final OffsetCheckpoint logStartCheckpoint;
    private final FlushPolicy flushPolicy;
    private final LogDirectoryLock directoryLock;
    private final int batchesValidatedOnOpen;
    /** Removed segments whose channels stay open for slices already handed out; closed at the next removal. */
    private final List<LogSegment> retired = new ArrayList<>();
    /** When each retired segment was retired (clock millis), in the order of {@link #retired}. */
    private final List<Long> retiredAtMs = new ArrayList<>();
    /**
     * How long a deleted segment's file stays open for readers that may still hold a slice of it
     * (a fetch response being sent); then it is closed and its space freed (Kafka waits
     * {@code file.delete.delay.ms}, 60 s by default, for the same reason).
     */
    static final long RETIRED_CLOSE_DELAY_MS = 60_000;
    private final LeaderEpochCache epochCache;

    private volatile LogSegment active;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long checkpointedHighWatermark;
    private volatile boolean closed;
    /** The first I/O failure; once set the log is offline. */
    private volatile LogStorageException failure;
    private long recoveryPoint;

    private PartitionLog(LogFileSystem fs, TopicPartition tp, Path dir, LogConfig config, Clock clock,
                         LogDirectoryLock directoryLock, LogRecovery.Result recovered, long recoveryPoint) {
        this.fs = fs;
        this.tp = tp;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.directoryLock = directoryLock;
        this.recoveryPointCheckpoint = new OffsetCheckpoint(fs, dir.resolve(RECOVERY_POINT_FILE), "recovery point");
        this.highWatermarkCheckpoint = new OffsetCheckpoint(fs, dir.resolve(HIGH_WATERMARK_FILE), "high watermark");
        this.logStartCheckpoint = new OffsetCheckpoint(fs, dir.resolve(LOG_START_FILE), "log start offset");
        this.flushPolicy = new FlushPolicy(config, clock);
        this.batchesValidatedOnOpen = recovered.validatedBatches();
        for (LogSegment s : recovered.segments()) {
            segments.put(s.baseOffset(), s);
        }
        this.active = segments.lastEntry().getValue();
        this.logStartOffset = segments.firstKey();
        this.logEndOffset = recovered.logEndOffset();
        this.recoveryPoint = recoveryPoint;
        this.epochCache = LeaderEpochCache.load(fs, dir, tp, this::logEndOffset);
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
     * {@link #open(Path, TopicPartition, LogConfig, Clock)} with every file access going through
     * {@code fs} (a test's durability-tracking or failing file system).
     */
    public static PartitionLog open(Path parentDir, TopicPartition tp, LogConfig config, Clock clock,
                                    LogFileSystem fs) {
        Objects.requireNonNull(parentDir, "parentDir");
        Objects.requireNonNull(tp, "tp");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(fs, "fs");
        Path dir = parentDir.resolve(tp.directoryName());
        try {
            if (fs.createDirectories(dir)) {
                // The partition directory's own name must survive a power loss too.
                fs.fsyncDirectory(parentDir);
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot create log directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new LogStorageException("Cannot write to log directory " + dir + ": permission denied");
        }
        long startNanos = clock.nanos();
        LogDirectoryLock directoryLock = LogDirectoryLock.acquire(fs, dir);
        LogRecovery.Result recovered = null;
        PartitionLog partitionLog = null;
        try {
            long storedRecoveryPoint = new OffsetCheckpoint(fs, dir.resolve(RECOVERY_POINT_FILE), "recovery point")
                    .read().orElse(0L);
            long logStartFloor = new OffsetCheckpoint(fs, dir.resolve(LOG_START_FILE), "log start offset")
                    .read().orElse(0L);
            recovered = LogRecovery.run(fs, dir, tp, config, storedRecoveryPoint, logStartFloor, clock.millis());
            partitionLog = new PartitionLog(fs, tp, dir, config, clock, directoryLock, recovered, storedRecoveryPoint);
            partitionLog.finishOpen(recovered, startNanos);
            return partitionLog;
        } catch (RuntimeException e) {
            try {
                if (partitionLog != null) {
                    partitionLog.closeResources();
                } else {
                    closeAll(recovered, e);
                    directoryLock.close();
                }
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A failed open must not leak the recovered segments' descriptors. */
    private static void closeAll(LogRecovery.Result recovered, RuntimeException failure) {
        if (recovered == null) {
            return;
        }
        for (LogSegment s : recovered.segments()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void finishOpen(LogRecovery.Result recovered, long startNanos) {
        if (epochCache.needsRebuild() && logEndOffset > logStartOffset) {
            List<EpochEntry> rebuilt = epochEntriesFromBatches();
            epochCache.replaceAll(rebuilt);
            log.info("[{}] Rebuilt the leader epoch cache from the log's batches: {}", tp, rebuilt);
        }
        // Start first: moving the oldest entry up to the log start must not leave one at an empty log's end.
        epochCache.truncateFromStart(logStartOffset);
        epochCache.truncateFromEnd(logEndOffset);

        long hw = highWatermarkCheckpoint.read().orElse(0L);
        if (hw > logEndOffset) {
            log.info("[{}] Checkpointed high watermark {} is above the recovered log end offset {}; using {}", tp, hw,
                    logEndOffset, logEndOffset);
            hw = logEndOffset;
        }
        checkpointedHighWatermark = hw;

        // Everything that survived recovery was read back and, where validated, fsynced.
        if (recoveryPoint != logEndOffset) {
            recoveryPoint = logEndOffset;
            recoveryPointCheckpoint.write(recoveryPoint);
        }
        log.info("[{}] Opened log in {}: {} segment(s), offsets {} to {}, {} batch(es) validated{} in {} ms", tp, dir,
                segments.size(), logStartOffset, logEndOffset, recovered.validatedBatches(),
                recovered.cut() ? " (damaged tail cut)" : "", (clock.nanos() - startNanos) / 1_000_000);
    }

    /** The epochs as the batch headers record them: each epoch starts at its first batch. */
    private List<EpochEntry> epochEntriesFromBatches() {
        List<EpochEntry> entries = new ArrayList<>();
        int latest = -1;
        for (LogSegment s : segments.values()) {
            try {
                BatchHeaderCursor c = new BatchHeaderCursor(s.channel(), 0, s.sizeInBytes());
                while (c.next()) {
                    int epoch = c.partitionLeaderEpoch();
                    if (epoch > latest) {
                        entries.add(new EpochEntry(epoch, c.baseOffset()));
                        latest = epoch;
                    }
                }
            } catch (IOException e) {
                throw new LogStorageException("Cannot read segment file " + s.logFile() + ": " + e, e);
            }
        }
        return entries;
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
            ensureOpen();
            try {
                ValidationResult v = BatchValidator.validate(records, BatchValidator.Mode.LEADER, config.maxMessageBytes());
                if (v.batchCount() == 0) {
                    return LogAppendInfo.empty(logEndOffset);
                }
                int latest = epochCache.latestEpoch();
                if (leaderEpoch < latest) {
                    throw new FencedLeaderEpochException("Cannot append to " + tp + " as leader of epoch " + leaderEpoch
                            + ": the log already holds epoch " + latest);
                }
                long now = clock.millis();
                long first = logEndOffset;
                long next = first;
                int index = 0;
                // One pass: a refused timestamp throws before anything is recorded or written.
                for (RecordBatch batch : RecordBatches.in(records)) {
                    if (config.logAppendTime()) {
                        batch.setLogAppendTime(now);
                    } else {
                        checkTimestamp(batch, index++, now);
                    }
                    batch.setBaseOffset(next);
                    batch.setPartitionLeaderEpoch(leaderEpoch);
                    next = batch.nextOffset();
                }
                if (config.logAppendTime()) {
                    v = v.withMaxTimestamp(now);
                }
                epochCache.assign(leaderEpoch, first);
                return write(records, first, next - 1, v);
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    /** Under CreateTime, a batch stamped too far ahead of the clock would pin its segment against retention.ms. */
    private void checkTimestamp(RecordBatch batch, int index, long now) {
        long ts = batch.maxTimestamp();
        if (ts > now && ts - now > config.timestampAfterMaxMs()) {
            throw new CorruptRecordException("Cannot append to " + tp + ": batch " + index + " of the request has max"
                    + " timestamp " + ts + ", " + (ts - now) + " ms ahead of the broker's clock (" + now
                    + "); message.timestamp.after.max.ms allows " + config.timestampAfterMaxMs() + " ms");
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
            ensureOpen();
            try {
                ValidationResult v = BatchValidator.validate(records, BatchValidator.Mode.FOLLOWER, Integer.MAX_VALUE);
                if (v.batchCount() == 0) {
                    return LogAppendInfo.empty(logEndOffset);
                }
                if (v.firstOffset() < logEndOffset) {
                    throw new UnexpectedAppendOffsetException("Cannot append to " + tp + " as follower: the first offset "
                            + v.firstOffset() + " is below the log end offset " + logEndOffset
                            + " (truncate the log first)", v.firstOffset(), logEndOffset);
                }
                if (v.lastOffset() - v.firstOffset() > Integer.MAX_VALUE) {
                    throw new CorruptRecordException("Cannot append to " + tp + ": offsets " + v.firstOffset() + " to "
                            + v.lastOffset() + " span more than one segment can index in a single append");
                }
                for (RecordBatch batch : RecordBatches.in(records)) {
                    int epoch = batch.partitionLeaderEpoch();
                    if (epoch >= 0 && epoch > epochCache.latestEpoch()) {
                        epochCache.assign(epoch, batch.baseOffset());
                    }
                }
                return write(records, v.firstOffset(), v.lastOffset(), v);
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    private LogAppendInfo write(ByteBuffer records, long firstOffset, long lastOffset, ValidationResult v) {
        LogSegment segment = maybeRoll(v.sizeInBytes(), firstOffset, lastOffset);
        segment.append(records, lastOffset, v.maxTimestamp(), clock.millis());
        logEndOffset = lastOffset + 1;
        flushPolicy.onAppend(v.recordCount());
        if (log.isDebugEnabled()) {
            log.debug("[{}] Appended offsets {} to {} ({} batch(es), {} record(s), {} bytes) to {}", tp, firstOffset,
                    lastOffset, v.batchCount(), v.recordCount(), v.sizeInBytes(), segment.logFile().getFileName());
        }
        if (flushPolicy.isDue()) {
            flushLocked();
        }
        return new LogAppendInfo(firstOffset, lastOffset, v.maxTimestamp(), v.recordCount(), v.batchCount(),
                v.sizeInBytes());
    }

    /** The segment to append {@code size} bytes holding {@code firstOffset..lastOffset} to, rolling if needed. */
    private LogSegment maybeRoll(int size, long firstOffset, long lastOffset) {
        LogSegment segment = active;
        boolean offsetsFit = firstOffset >= segment.baseOffset()
                && lastOffset - segment.baseOffset() <= Integer.MAX_VALUE;
        if (segment.isEmpty()) {
            if (!offsetsFit) {
                // An empty segment whose base cannot index these offsets (a follower jumping ahead):
                // replace it rather than leave an empty segment behind.
                // As in a restart: recovery must not bring the old empty segment back below the new one.
                logStartCheckpoint.write(firstOffset);
                segments.remove(segment.baseOffset());
                retire(segment);
                LogSegment replacement = LogSegment.create(fs, dir, tp, firstOffset, config);
                segments.put(firstOffset, replacement);
                active = replacement;
                logStartOffset = segments.firstKey();
                log.info("[{}] Replaced empty segment at offset {} with one at offset {}", tp, segment.baseOffset(),
                        firstOffset);
                return replacement;
            }
            return segment;
        }
        String reason = null;
        long now = clock.millis();
        if ((long) segment.sizeInBytes() + size > config.segmentBytes()) {
            reason = "segment.bytes=" + config.segmentBytes() + " reached (" + segment.sizeInBytes() + " + " + size
                    + " bytes)";
        } else if (segment.firstAppendMs() >= 0 && now - segment.firstAppendMs() > config.segmentMs()) {
            reason = "segment.ms=" + config.segmentMs() + " passed since its first append";
        } else if (segment.isIndexFull()) {
            reason = "its offset index is full (segment.index.bytes=" + config.segmentIndexBytes() + ")";
        } else if (!offsetsFit) {
            reason = "offset " + lastOffset + " does not fit its 4-byte relative offsets";
        }
        if (reason == null) {
            return segment;
        }
        return roll(firstOffset, reason);
    }

    private LogSegment roll(long newBaseOffset, String reason) {
        LogSegment old = active;
        old.seal();
        LogSegment segment = LogSegment.create(fs, dir, tp, newBaseOffset, config);
        segments.put(newBaseOffset, segment);
        active = segment;
        // Everything before the new segment is now fsynced.
        flushPolicy.flushed();
        updateRecoveryPoint(logEndOffset);
        log.info("[{}] Rolled new log segment at offset {}: {}; previous segment {} holds {} bytes", tp, newBaseOffset,
                reason, old.logFile().getFileName(), old.sizeInBytes());
        return segment;
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
        while (true) {
            ensureOpen();
            // The end offset is read before any segment size: every batch below it is then visible.
            long end = logEndOffset;
            long start = logStartOffset;
            if (startOffset < start || startOffset > end) {
                throw outOfRange(startOffset, start, end);
            }
            long limit = Math.min(maxOffsetExclusive, end);
            if (startOffset >= limit) {
                return LogSlice.empty(startOffset);
            }
            try {
                return readSegments(startOffset, maxBytes, limit, minOneBatch);
            } catch (SegmentChangedException e) {
                // A truncation or removal raced this read: start again from the log's new bounds
                // (a cut in progress takes microseconds; do not hog the writer's CPU meanwhile).
                Thread.onSpinWait();
            }
        }
    }

    private LogSlice readSegments(long startOffset, int maxBytes, long limit, boolean minOneBatch) {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        if (entry == null) {
            // Retention removed the segment after the range check.
            throw outOfRange(startOffset, logStartOffset, logEndOffset);
        }
        while (entry != null) {
            LogSlice slice = entry.getValue().read(startOffset, maxBytes, limit, minOneBatch);
            if (slice != null) {
                return slice;
            }
            entry = segments.higherEntry(entry.getKey());
        }
        return LogSlice.empty(startOffset);
    }

    private OffsetOutOfRangeException outOfRange(long offset, long start, long end) {
        return new OffsetOutOfRangeException("Offset " + offset + " is out of range for partition " + tp
                + ": the log holds offsets from " + start + " (log start offset) to " + end
                + " (log end offset, where the next record will go)");
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
        return logStartOffset;
    }

    /** The offset the next appended record gets. */
    public long logEndOffset() {
        return logEndOffset;
    }

    public long activeSegmentBaseOffset() {
        return active.baseOffset();
    }

    public int segmentCount() {
        return segments.size();
    }

    /** The base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return List.copyOf(segments.keySet());
    }

    /** Bytes in all segment files. */
    public long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.sizeInBytes();
        }
        return total;
    }

    /** The offset below which every batch is fsynced. */
    public long recoveryPoint() {
        synchronized (lock) {
            return recoveryPoint;
        }
    }

    /** How many batches {@link #open} validated in full (those after the recovery point). */
    int batchesValidatedOnOpen() {
        return batchesValidatedOnOpen;
    }

    /** Entries in the active segment's offset index (for tests). */
    int activeSegmentIndexEntryCount() {
        return active.index().entryCount();
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
        synchronized (lock) {
            ensureOpen();
            try {
                highWatermarkCheckpoint.write(highWatermark);
                checkpointedHighWatermark = highWatermark;
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    /**
     * The last checkpointed high watermark; at open, the stored value lowered to the recovered log
     * end offset, or 0 if the file is missing or corrupt (a corrupt file is logged at WARN).
     */
    public long checkpointedHighWatermark() {
        return checkpointedHighWatermark;
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
        synchronized (lock) {
            ensureOpen();
            try {
                if (offset >= logEndOffset) {
                    return;
                }
                if (offset < logStartOffset) {
                    truncateFullyAndStartAtLocked(offset, "truncation to " + offset + " below the log start offset");
                    return;
                }
                long oldEnd = logEndOffset;
                long oldSize = sizeInBytes();
                long oldRecoveryPoint = recoveryPoint;
                // The checkpoint must never claim offsets the disk no longer holds, even mid-way: lower it
                // to the segment being cut before anything goes (recovery then re-validates that segment).
                long cutSegmentBase = segments.floorKey(offset);
                if (recoveryPoint > cutSegmentBase) {
                    updateRecoveryPoint(cutSegmentBase);
                }
                // Readers bound themselves by the end offset; lower it before any byte goes.
                logEndOffset = offset;
                closeRetired();
                long firstBase = segments.firstKey();
                // Newest first, so that a crash losing some of the unlinks still leaves a log without a hole.
                boolean removed = false;
                for (LogSegment s : new ArrayList<>(segments.tailMap(offset, true).descendingMap().values())) {
                    if (s.baseOffset() == firstBase) {
                        break; // the oldest segment stays, cut to empty below, so the log keeps its start offset
                    }
                    segments.remove(s.baseOffset());
                    retire(s);
                    removed = true;
                }
                if (removed) {
                    // Before the cut: a cut segment followed by resurrected later ones would be a hole.
                    FileUtil.fsyncDirectory(fs, dir);
                }
                LogSegment last = segments.lastEntry().getValue();
                if (last != active) {
                    active = last;
                }
                long newEnd = last.truncateTo(offset);
                logEndOffset = newEnd;
                epochCache.truncateFromEnd(newEnd);
                // The cut is fsynced: what the old recovery point covered below the new end is still durable.
                updateRecoveryPoint(Math.min(oldRecoveryPoint, newEnd));
                log.info("[{}] Truncated log to offset {} (requested {}): log end offset was {}, {} bytes removed", tp,
                        newEnd, offset, oldEnd, oldSize - sizeInBytes());
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    /** Deletes every segment and restarts the log, empty, at {@code newStartOffset}; clears the epoch cache. */
    public void truncateFullyAndStartAt(long newStartOffset) {
        if (newStartOffset < 0) {
            throw new IllegalArgumentException("start offset must be >= 0, was " + newStartOffset);
        }
        synchronized (lock) {
            ensureOpen();
            try {
                truncateFullyAndStartAtLocked(newStartOffset, "requested");
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    /**
     * The restart is made crash-safe by the log-start checkpoint, written first: whatever subset of
     * the following unlinks and creations a crash keeps, recovery deletes old segments below the new
     * start and starts an empty directory there, so the log is either the old one (when the new start
     * is below it) or the new, empty one, never empty at offset 0.
     */
    private void truncateFullyAndStartAtLocked(long newStartOffset, String why) {
        long oldStart = logStartOffset;
        long oldEnd = logEndOffset;
        if (recoveryPoint > newStartOffset) {
            // Never above what the disk may hold mid-way: the old log may be gone before the new one exists.
            updateRecoveryPoint(newStartOffset);
        }
        logStartCheckpoint.write(newStartOffset);
        closeRetired();
        List<LogSegment> all = new ArrayList<>(segments.descendingMap().values());
        logStartOffset = newStartOffset;
        logEndOffset = newStartOffset;
        segments.clear();
        for (LogSegment s : all) {
            retire(s);
        }
        // Creating the new segment fsyncs the directory, which makes the unlinks durable too.
        LogSegment fresh = LogSegment.create(fs, dir, tp, newStartOffset, config);
        segments.put(newStartOffset, fresh);
        active = fresh;
        epochCache.replaceAll(List.of());
        flushPolicy.flushed();
        updateRecoveryPoint(newStartOffset);
        log.info("[{}] Truncated log fully and restarted it at offset {} ({}); it held offsets {} to {}", tp,
                newStartOffset, why, oldStart, oldEnd);
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
        synchronized (lock) {
            ensureOpen();
            try {
                List<RetentionPolicy.Deletion> deletions = RetentionPolicy.select(new ArrayList<>(segments.values()),
                        highWatermark, config, clock.millis());
                if (deletions.isEmpty()) {
                    return 0;
                }
                closeRetired();
                LogSegment lastDeleted = deletions.get(deletions.size() - 1).segment();
                // Readers check the start offset first, so move it before the segments disappear.
                logStartOffset = segments.higherKey(lastDeleted.baseOffset());
                // Oldest first, so that a crash losing some of the unlinks still leaves a log without a hole.
                for (RetentionPolicy.Deletion d : deletions) {
                    segments.remove(d.segment().baseOffset());
                    retire(d.segment());
                    log.info("[{}] Deleted log segment {} ({} bytes) by retention: {}", tp, d.segment().logFile().getFileName(),
                            d.segment().sizeInBytes(), d.reason());
                }
                FileUtil.fsyncDirectory(fs, dir);
                epochCache.truncateFromStart(logStartOffset);
                log.info("[{}] Log start offset moved to {} after deleting {} segment(s)", tp, logStartOffset,
                        deletions.size());
                return deletions.size();
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    // ---------------------------------------------------------------- flush

    /** Fsyncs everything appended so far and checkpoints the recovery point. */
    public void flush() {
        synchronized (lock) {
            ensureOpen();
            try {
                flushLocked();
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    /**
     * Flushes if {@code flush.messages} or {@code flush.ms} say it is due; call periodically so
     * that {@code flush.ms} holds when no appends arrive.
     *
     * @return whether it flushed
     */
    public boolean maybeFlush() {
        synchronized (lock) {
            ensureOpen();
            try {
                if (!flushPolicy.isDue()) {
                    return false;
                }
                flushLocked();
                return true;
            } catch (LogStorageException e) {
                throw goOffline(e);
            }
        }
    }

    private void flushLocked() {
        if (flushPolicy.hasUnflushed() || recoveryPoint < logEndOffset) {
            active.flush();
            flushPolicy.flushed();
            updateRecoveryPoint(logEndOffset);
        }
    }

    private void updateRecoveryPoint(long offset) {
        if (offset != recoveryPoint) {
            // The file first: the value in memory never claims more than the disk would after a crash.
            recoveryPointCheckpoint.write(offset);
            recoveryPoint = offset;
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private void retire(LogSegment segment) {
        // Listed first, so that a failed deletion still leaves the channel to be closed.
        retired.add(segment);
        retiredAtMs.add(clock.millis());
        segment.deleteFiles();
    }

    private void closeRetired() {
        closeRetiredBefore(Long.MAX_VALUE);
    }

    /** Closes the deleted segments retired before {@code cutoffMs}, freeing their space. */
    private void closeRetiredBefore(long cutoffMs) {
        while (!retired.isEmpty() && retiredAtMs.get(0) < cutoffMs) {
            LogSegment s = retired.remove(0);
            retiredAtMs.remove(0);
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("[{}] Cannot close deleted segment {}: {}", tp, s.logFile(), e.toString());
            }
        }
    }

    /**
     * Closes deleted segments retired more than {@link #RETIRED_CLOSE_DELAY_MS} ago, so that
     * their disk space is freed without waiting for the next deletion; call periodically.
     */
    public void closeExpiredRetiredSegments() {
        synchronized (lock) {
            closeRetiredBefore(clock.millis() - RETIRED_CLOSE_DELAY_MS);
        }
    }

    /** How many deleted segments are still open for readers (for tests). */
    int retiredSegmentCount() {
        synchronized (lock) {
            return retired.size();
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

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The log of " + tp + " in " + dir + " is closed");
        }
        LogStorageException cause = failure;
        if (cause != null) {
            throw new LogStorageException("The log of " + tp + " in " + dir + " is offline after an I/O error (" + cause.getMessage()
                    + "); close it and open it again to recover from what is on disk", cause);
        }
    }

    /** Takes the log offline after the I/O failure {@code e}; returns {@code e} for the caller to throw. */
    private LogStorageException goOffline(LogStorageException e) {
        if (failure == null) {
            failure = e;
            log.error("[{}] The log in {} is offline after an I/O error: {}", tp, dir, e.getMessage());
        }
        return e;
    }

    /**
     * Whether an I/O error took the log offline: every later operation but {@link #close()} fails,
     * because the file system may have dropped data it had accepted.
     */
    public boolean isOffline() {
        return failure != null;
    }

    /** Flushes (so the next open validates nothing) and releases every file. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                if (failure == null) {
                    flushLocked();
                }
            } catch (LogStorageException e) {
                throw goOffline(e);
            } finally {
                closeResources();
            }
            log.info("[{}] Closed log at offsets {} to {}", tp, logStartOffset, logEndOffset);
        }
    }

    /**
     * Releases every file without flushing or writing checkpoints, as a crash would leave them:
     * what the page cache holds stays, nothing more is made durable. For simulations of crashes.
     */
    public void closeWithoutFlush() {
        synchronized (lock) {
            if (!closed) {
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
            if (!closed) {
                closeResources();
            }
            deleteDirectory(fs, dir);
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
        try {
            Path metadata = dir.resolve(PartitionMetadataFile.FILE_NAME);
            for (Path f : fs.list(dir)) {
                if (!f.getFileName().equals(metadata.getFileName())) {
                    fs.deleteIfExists(f);
                }
            }
            fs.fsyncDirectory(dir);
            fs.deleteIfExists(metadata);
            fs.deleteIfExists(dir);
            fs.fsyncDirectory(dir.getParent());
        } catch (IOException e) {
            throw new LogStorageException("Cannot delete log directory " + dir + ": " + e, e);
        }
    }

    private void closeResources() {
        closed = true;
        RuntimeException failure = null;
        List<LogSegment> all = new ArrayList<>(retired);
        all.addAll(segments.values());
        retired.clear();
        retiredAtMs.clear();
        for (LogSegment s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            directoryLock.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + tp + ", offsets " + logStartOffset + ".." + logEndOffset + ", " + segments.size()
                + " segment(s))";
    }
}
