package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.LogStorageException;
import io.replog.record.RecordBatch;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * One segment of a partition's log: a {@code .log} file of consecutive record batches, named by
 * its 20-digit base offset, and its sparse {@link OffsetIndex}. Every batch's offsets lie within
 * {@code [baseOffset, baseOffset + Integer.MAX_VALUE]}, so the index can store 4-byte relative
 * offsets; file positions are ints, so a segment never exceeds 2 GiB.
 *
 * <p>Concurrency: one writer (holding the log's lock) appends and truncates; readers read
 * concurrently. The readable size is a volatile published after the bytes and index entries of
 * an append are written, so a reader never sees part of a batch. Reads use positional I/O and
 * never move the channel's position.
 *
 * <p>File creation and removal live in {@link SegmentFiles}, index loading in
 * {@link SegmentIndexLoader}, slicing in {@link SegmentSlicer} and header walks in
 * {@link SegmentScans}. What stays here (a little over 400 lines) is what touches the size, the
 * truncation generation and the index together: append, truncation, the read's race check and
 * closing, which must live beside those fields for the publication rules above to hold.
 */
final class LogSegment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogSegment.class);

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String DELETED_SUFFIX = ".deleted";
    /** The largest timestamp has not been computed yet (segment loaded from disk). */
    static final long UNKNOWN_TIMESTAMP = Long.MIN_VALUE;

    private final LogFileSystem fs;
    private final TopicPartition tp;
    private final long baseOffset;
    private final Path logFile;
    private final Path indexFile;
    private final FileChannel channel;
    private final int indexIntervalBytes;
    private final int maxIndexEntries;

    /** Bytes readers may read; always a batch boundary. */
    private volatile int size;
    /**
     * Odd while a truncation is cutting the file, bumped again when it is done: a reader that sees
     * it change knows that bytes it read may belong to batches written after the cut.
     */
    private volatile int truncations;
    /** The files are gone (renamed away, unlinked) or the channel closed: never touch the index file again. Guarded by this. */
    private boolean detached;
    /** Loaded on first use for segments found on disk. */
    private volatile OffsetIndex index;
    private volatile long maxTimestamp;
    // Writer-only state, guarded by the owning log's lock.
    private long nextOffset;
    private long firstAppendMs;
    private int bytesSinceLastIndexEntry;

    LogSegment(LogFileSystem fs, TopicPartition tp, Path dir, long baseOffset, FileChannel channel, int size,
               LogConfig config, OffsetIndex index, long maxTimestamp, long nextOffset, long firstAppendMs) {
        this.fs = fs;
        this.tp = tp;
        this.baseOffset = baseOffset;
        this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        this.indexFile = dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
        this.channel = channel;
        this.size = size;
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.maxIndexEntries = config.maxIndexEntries();
        this.index = index;
        this.maxTimestamp = maxTimestamp;
        this.nextOffset = nextOffset;
        this.firstAppendMs = firstAppendMs;
    }

    /** A new, empty segment, its names durable in {@code dir}; existing files of that name are replaced. */
    static LogSegment create(LogFileSystem fs, Path dir, TopicPartition tp, long baseOffset, LogConfig config) {
        return SegmentFiles.create(fs, dir, tp, baseOffset, config);
    }

    /**
     * An existing segment file. Its index is loaded on first use; its next offset and largest
     * timestamp are unknown until recovery or a scan establishes them.
     */
    static LogSegment open(LogFileSystem fs, Path dir, TopicPartition tp, long baseOffset, LogConfig config,
                           long nowMs) {
        return SegmentFiles.open(fs, dir, tp, baseOffset, config, nowMs);
    }

    /** {@code 00000000000000000042.log} for base offset 42. */
    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d", baseOffset) + suffix;
    }

    long baseOffset() {
        return baseOffset;
    }

    Path logFile() {
        return logFile;
    }

    Path indexFile() {
        return indexFile;
    }

    FileChannel channel() {
        return channel;
    }

    LogFileSystem fileSystem() {
        return fs;
    }

    TopicPartition topicPartition() {
        return tp;
    }

    /** Bytes readable now. */
    int sizeInBytes() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The offset after the last batch; known for the active segment (writer only). */
    long nextOffset() {
        return nextOffset;
    }

    /** Clock time of the first append, or -1 while empty (writer only). */
    long firstAppendMs() {
        return firstAppendMs;
    }

    boolean isIndexFull() {
        return index().isFull();
    }

    /**
     * Writes {@code records} (whole, validated batches with final offsets) at the end of the file
     * with one positional write of the caller's buffer, adds index entries (one write for all of
     * them), then publishes the new size. A heap buffer is copied by the JDK into a temporary
     * direct buffer first; a direct one (what a network transport hands over) is written as is. The buffer's position is not moved. On failure the file is cut back to its old size.
     */
    void append(ByteBuffer records, long lastOffset, long batchMaxTimestamp, long nowMs) {
        int start = size;
        int length = records.remaining();
        if ((long) start + length > Integer.MAX_VALUE) {
            throw new IllegalStateException("segment " + logFile + " cannot grow past 2 GiB");
        }
        OffsetIndex idx = index();
        int indexEntriesBefore = idx.entryCount();
        try {
            ByteBuffer src = records.duplicate();
            long pos = start;
            while (src.hasRemaining()) {
                pos += channel.write(src, pos);
            }
            ByteBuffer be = records.order() == ByteOrder.BIG_ENDIAN ? records : records.duplicate().order(ByteOrder.BIG_ENDIAN);
            int origin = records.position();
            int p = origin;
            int end = records.limit();
            while (p < end) {
                int batchSize = RecordBatch.LOG_OVERHEAD + be.getInt(p + RecordBatch.LENGTH_OFFSET);
                if (bytesSinceLastIndexEntry > indexIntervalBytes && !idx.isFull()) {
                    idx.appendUnpersisted(be.getLong(p + RecordBatch.BASE_OFFSET_OFFSET), start + (p - origin));
                    bytesSinceLastIndexEntry = 0;
                }
                bytesSinceLastIndexEntry += batchSize;
                p += batchSize;
            }
            // All of this append's entries in one write (a follower's append may carry many batches).
            idx.persistPending();
        } catch (IOException | RuntimeException e) {
            rollBackAppend(start, idx, indexEntriesBefore);
            if (e instanceof IOException) {
                throw new LogStorageException("Cannot append " + length + " bytes to segment file " + logFile
                        + " at position " + start + ": " + e, e);
            }
            throw (RuntimeException) e;
        }
        if (firstAppendMs < 0) {
            firstAppendMs = nowMs;
        }
        if (maxTimestamp != UNKNOWN_TIMESTAMP) {
            maxTimestamp = Math.max(maxTimestamp, batchMaxTimestamp);
        }
        nextOffset = lastOffset + 1;
        size = start + length;
    }

    private void rollBackAppend(int start, OffsetIndex idx, int indexEntriesBefore) {
        try {
            if (idx.entryCount() > indexEntriesBefore) {
                idx.truncateToPosition(start);
            }
            channel.truncate(start);
        } catch (IOException | RuntimeException suppressed) {
            // The unpublished bytes beyond the size are invisible to readers, overwritten by the
            // next append and cut by recovery, so a failed cleanup loses nothing.
            log.warn("[{}] Cannot cut {} back to {} bytes after a failed append: {}", tp, logFile, start,
                    suppressed.toString());
        }
    }

    /**
     * Whole batches starting at the one holding {@code startOffset}, or {@code null} if no batch
     * here reaches {@code startOffset} (the caller continues with the next segment). See
     * {@link PartitionLog#read} for the rules.
     */
    LogSlice read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        int generation = truncations;
        if ((generation & 1) != 0) {
            throw new SegmentChangedException(this);
        }
        int limit = size;
        if (limit == 0) {
            return null;
        }
        try {
            LogSlice slice = SegmentSlicer.slice(channel, index(), logFile, limit, startOffset, maxBytes,
                    maxOffsetExclusive, minOneBatch, () -> truncations == generation);
            if (truncations != generation) {
                throw new SegmentChangedException(this);
            }
            return slice;
        } catch (CorruptRecordException | LogStorageException e) {
            // What looks like damage may be a cut, or new batches, under bytes read before it.
            if (truncations != generation || isDetached()) {
                throw new SegmentChangedException(this);
            }
            throw e;
        }
    }

    /**
     * Removes every batch whose last offset is at least {@code offset}; a batch straddling it goes
     * whole. Returns the segment's new next offset: the base offset of the first removed batch, or
     * unchanged if nothing was removed.
     */
    long truncateTo(long offset) {
        int limit = size;
        if (limit == 0) {
            nextOffset = baseOffset;
            return baseOffset;
        }
        OffsetIndex idx = index();
        SegmentScans.Cut found = SegmentScans.truncationPoint(this, idx, offset, limit);
        long cut = found.position();
        long newNext = found.nextOffset();
        if (cut >= 0) {
            truncateFile((int) cut);
        } else {
            // The segment becomes active again: keep the index spacing of the append rule.
            int n = idx.entryCount();
            bytesSinceLastIndexEntry = limit - (n == 0 ? 0 : idx.positionAt(n - 1));
        }
        nextOffset = newNext;
        return newNext;
    }

    /** Cuts the file at {@code position} (a batch boundary) and makes the cut durable. */
    void truncateFile(int position) {
        OffsetIndex idx = index();
        truncations++;
        try {
            size = position;
            idx.truncateToPosition(position);
            // The index cut is made durable too: entries left beyond it would name bytes of later appends.
            idx.flush();
            channel.truncate(position);
            channel.force(true);
        } catch (IOException e) {
            throw new LogStorageException("Cannot truncate segment file " + logFile + " to " + position
                    + " bytes: " + e, e);
        } finally {
            truncations++;
        }
        maxTimestamp = UNKNOWN_TIMESTAMP;
        int n = idx.entryCount();
        bytesSinceLastIndexEntry = position - (n == 0 ? 0 : idx.positionAt(n - 1));
        if (position == 0) {
            firstAppendMs = -1;
        }
    }

    /** The largest batch max timestamp, scanning the batch headers the first time for a loaded segment. */
    long maxTimestamp() {
        long ts = maxTimestamp;
        if (ts == UNKNOWN_TIMESTAMP) {
            ts = SegmentScans.maxTimestamp(this);
            maxTimestamp = ts;
        }
        return ts;
    }

    /** The offset index, loading it (or rebuilding it from the log if missing or invalid) on first use. */
    OffsetIndex index() {
        OffsetIndex idx = index;
        if (idx != null) {
            return idx;
        }
        synchronized (this) {
            if (index == null) {
                if (detached) {
                    index = SegmentIndexLoader.rebuild(this, false);
                } else {
                    OffsetIndex loaded = SegmentIndexLoader.tryLoad(this);
                    index = loaded != null ? loaded : SegmentIndexLoader.rebuild(this, true);
                }
            }
            return index;
        }
    }

    private synchronized boolean isDetached() {
        return detached;
    }

    /** {@link SegmentIndexLoader#tryLoad} for this segment (recovery checks the index it finds). */
    OffsetIndex tryLoadIndex() {
        return SegmentIndexLoader.tryLoad(this);
    }

    /** The index was rebuilt from the log: the next append spaces its entries from there. */
    void indexRebuilt(int sinceLastIndexEntry) {
        this.bytesSinceLastIndexEntry = sinceLastIndexEntry;
    }

    /** Installs the index recovery rebuilt, with the recovered next offset. */
    void recovered(OffsetIndex idx, long recoveredNextOffset, int sinceLastIndexEntry) {
        this.index = idx;
        this.nextOffset = recoveredNextOffset;
        this.bytesSinceLastIndexEntry = sinceLastIndexEntry;
    }

    int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    int maxIndexEntries() {
        return maxIndexEntries;
    }

    /** Fsyncs the log file and the index. */
    void flush() {
        forceLogFile();
        OffsetIndex idx = index;
        if (idx != null) {
            idx.flush();
        }
    }

    /**
     * First step of sealing a segment that stops being the active one, done by the writer: the
     * index's pending entries are written (not fsynced), so that {@link #forceForSeal()} on another
     * thread has nothing left to write.
     */
    void prepareSeal() {
        OffsetIndex idx = index;
        if (idx != null) {
            idx.persistPending();
        }
    }

    /**
     * Second step, on any thread (the log's I/O executor): fsyncs the log file and the index as
     * written. Writes nothing, so it cannot race with the writer's own writes.
     */
    void forceForSeal() {
        forceLogFile();
        OffsetIndex idx = index;
        if (idx != null) {
            idx.force();
        }
    }

    private void forceLogFile() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new LogStorageException("Cannot fsync segment file " + logFile + ": " + e, e);
        }
    }

    /** Last step, by the writer once the fsync is done: releases the index's write handle. */
    void finishSeal() {
        OffsetIndex idx = index;
        if (idx != null) {
            idx.releaseWriteHandle();
        }
    }

    /** How many truncations cut this segment: a seal started before one no longer describes the file. */
    int truncationCount() {
        return truncations;
    }

    /**
     * Renames the files to {@code .deleted} and stops using the index, like {@link #deleteFiles()},
     * but leaves the unlinks to the caller (the log's I/O executor): returns the renamed files.
     */
    List<Path> renameForDeletion() {
        synchronized (this) {
            detached = true;
            OffsetIndex idx = index;
            if (idx != null) {
                idx.close();
            }
        }
        return SegmentFiles.renameForDeletion(fs, logFile, indexFile);
    }

    /** The segment stops being the active one: fsync, and release the index's write handle. */
    void seal() {
        flush();
        OffsetIndex idx = index;
        if (idx != null) {
            idx.seal();
        }
    }

    /**
     * Removes the files: each is first renamed to {@code .deleted} (so a crash leaves only names
     * that the next open cleans up), then unlinked. Durable only once the caller fsyncs the
     * directory. The channel stays open, so slices already handed out stay readable until
     * {@link #close()}; from now on the index file is never opened again, so a late reader cannot
     * bring it back or overwrite the index of a new segment with the same base offset.
     */
    void deleteFiles() {
        synchronized (this) {
            detached = true;
            OffsetIndex idx = index;
            if (idx != null) {
                idx.close();
            }
        }
        SegmentFiles.delete(fs, tp, logFile, indexFile);
    }

    @Override
    public void close() {
        OffsetIndex idx;
        synchronized (this) {
            detached = true;
            idx = index;
        }
        try {
            if (idx != null) {
                idx.close();
            }
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new LogStorageException("Cannot close segment file " + logFile + ": " + e, e);
            }
        }
    }

    @Override
    public String toString() {
        return "LogSegment(" + logFile.getFileName() + ", size=" + size + ")";
    }
}
