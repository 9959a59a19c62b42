package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.LogStorageException;
import io.replog.record.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

/**
 * The sparse offset index of one segment: entries of (base offset of a batch relative to the
 * segment's base offset, file position of that batch), both 4-byte big-endian ints, 8 bytes per
 * entry in the {@code .index} file, strictly increasing in both.
 *
 * <p>Design: the entries live in heap {@code int} arrays and the file is only ever appended to
 * (or truncated) through a {@link FileChannel}. This avoids memory-mapping, whose unmapping on
 * close or delete Java 17 offers no supported way to force, at the cost of 8 bytes of heap per
 * entry (about 0.2% of the log's size with the default {@code index.interval.bytes}). Older
 * segments load their index only when first read.
 *
 * <p>Concurrency: one writer appends or truncates; any number of readers look up concurrently.
 * An entry is written to the arrays before the volatile count that publishes it, and a grown
 * array is published before the count that covers entries beyond the old one, so a reader that
 * reads the count first sees complete entries.
 */
final class OffsetIndex implements AutoCloseable {

    /** A loaded index file broke an invariant; the segment rebuilds it from the log. */
    static final class InvalidIndexException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidIndexException(String message) {
            super(message);
        }
    }

    private static final int INITIAL_CAPACITY = 16;

    /** Both arrays together, so a reader always sees a matching pair. */
    private record Arrays2(int[] offsets, int[] positions) {
    }

    private final LogFileSystem fs;
    /** Whether entries go to {@link #file}; an index rebuilt for a deleted segment lives in memory only. */
    private final boolean persistent;
    private final Path file;
    private final long baseOffset;
    private final int maxEntries;
    private volatile Arrays2 arrays;
    private volatile int count;
    /** How many of the entries are in the file; the rest are pending (writer only). */
    private int persisted;
    /** Volatile: the log's I/O executor fsyncs through it ({@link #force()}) while the writer owns it. */
    private volatile FileChannel writeChannel;
    /** Staging for entry writes, direct so the JDK does not copy it again; made on first write. */
    private ByteBuffer writeBuffer;

    private OffsetIndex(LogFileSystem fs, boolean persistent, Path file, long baseOffset, int maxEntries,
                        int[] offsets, int[] positions, int count) {
        this.fs = fs;
        this.persistent = persistent;
        this.file = file;
        this.baseOffset = baseOffset;
        this.maxEntries = maxEntries;
        this.arrays = new Arrays2(offsets, positions);
        this.count = count;
        this.persisted = count;
    }

    /** A new, empty index, replacing whatever {@code file} held. */
    static OffsetIndex create(LogFileSystem fs, Path file, long baseOffset, int maxEntries) {
        OffsetIndex index = new OffsetIndex(fs, true, file, baseOffset, maxEntries, new int[INITIAL_CAPACITY],
                new int[INITIAL_CAPACITY], 0);
        index.openForWrite(true);
        return index;
    }

    /**
     * A new, empty index that never touches {@code file}: for a segment whose files are deleted,
     * where creating the file again would leave a stray index, or overwrite the index of a new
     * segment with the same base offset.
     */
    static OffsetIndex inMemory(Path file, long baseOffset, int maxEntries) {
        return new OffsetIndex(null, false, file, baseOffset, maxEntries, new int[INITIAL_CAPACITY],
                new int[INITIAL_CAPACITY], 0);
    }

    /**
     * Reads {@code file} and checks it: a whole number of entries, offsets and positions strictly
     * increasing, offsets not negative, positions inside a log of {@code logSize} bytes.
     *
     * @throws InvalidIndexException if the file is missing or breaks any of these rules
     */
    static OffsetIndex load(LogFileSystem fs, Path file, long baseOffset, int maxEntries, int logSize)
            throws InvalidIndexException {
        ByteBuffer content;
        try (FileChannel ch = fs.open(file, Set.of(StandardOpenOption.READ))) {
            long size = ch.size();
            if (size % LogConfig.INDEX_ENTRY_SIZE != 0) {
                throw new InvalidIndexException("size " + size + " is not a multiple of "
                        + LogConfig.INDEX_ENTRY_SIZE);
            }
            // Each entry names a distinct batch of at least a header's size; more entries is garbage.
            if (size / LogConfig.INDEX_ENTRY_SIZE > Math.max(logSize, 0) / RecordBatch.HEADER_SIZE + 1) {
                throw new InvalidIndexException("holds " + size / LogConfig.INDEX_ENTRY_SIZE
                        + " entries for a log of " + logSize + " bytes");
            }
            content = ByteBuffer.allocate((int) size);
            while (content.hasRemaining()) {
                if (ch.read(content, content.position()) < 0) {
                    throw new InvalidIndexException("shrank while being read");
                }
            }
            content.flip();
        } catch (NoSuchFileException e) {
            throw new InvalidIndexException("missing");
        } catch (IOException e) {
            throw new InvalidIndexException("unreadable: " + e);
        }
        int n = content.remaining() / LogConfig.INDEX_ENTRY_SIZE;
        int[] offsets = new int[Math.max(n, INITIAL_CAPACITY)];
        int[] positions = new int[Math.max(n, INITIAL_CAPACITY)];
        for (int i = 0; i < n; i++) {
            int rel = content.getInt();
            int pos = content.getInt();
            if (rel < 0 || pos < 0 || pos >= logSize) {
                throw new InvalidIndexException("entry " + i + " (" + rel + ", " + pos + ") lies outside the segment of "
                        + logSize + " bytes");
            }
            if (i > 0 && (rel <= offsets[i - 1] || pos <= positions[i - 1])) {
                throw new InvalidIndexException("entry " + i + " (" + rel + ", " + pos + ") does not follow ("
                        + offsets[i - 1] + ", " + positions[i - 1] + ")");
            }
            offsets[i] = rel;
            positions[i] = pos;
        }
        return new OffsetIndex(fs, true, file, baseOffset, maxEntries, offsets, positions, n);
    }

    Path file() {
        return file;
    }

    int entryCount() {
        return count;
    }

    boolean isFull() {
        return count >= maxEntries;
    }

    /** The absolute offset of entry {@code i} (which must be below the count read by the caller). */
    long offsetAt(int i) {
        return baseOffset + arrays.offsets()[i];
    }

    int positionAt(int i) {
        return arrays.positions()[i];
    }

    /**
     * Adds an entry for the batch with base offset {@code offset} at file {@code position} and
     * writes it (with any pending ones) to the file. Both must be above the last entry's; the
     * caller keeps the index from overflowing. If the write fails the entry is not added.
     */
    void append(long offset, int position) {
        int before = count;
        add(offset, position);
        try {
            persistPending();
        } catch (LogStorageException e) {
            count = before;
            throw e;
        }
    }

    /**
     * Adds an entry in memory only; {@link #persistPending()} (after an append's entries) or
     * {@link #writeAll()} (after a rebuild) writes it.
     */
    void appendUnpersisted(long offset, int position) {
        add(offset, position);
    }

    private void add(long offset, int position) {
        int n = count;
        long rel = offset - baseOffset;
        if (rel < 0 || rel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit an index with base " + baseOffset);
        }
        Arrays2 a = arrays;
        if (n > 0 && (rel <= a.offsets()[n - 1] || position <= a.positions()[n - 1])) {
            throw new IllegalArgumentException("index entry (" + offset + ", " + position + ") does not follow ("
                    + offsetAt(n - 1) + ", " + positionAt(n - 1) + ") in " + file);
        }
        if (n == a.offsets().length) {
            int capacity = (int) Math.min((long) n * 2, Integer.MAX_VALUE - 16);
            a = new Arrays2(Arrays.copyOf(a.offsets(), capacity), Arrays.copyOf(a.positions(), capacity));
            a.offsets()[n] = (int) rel;
            a.positions()[n] = position;
            arrays = a;
        } else {
            a.offsets()[n] = (int) rel;
            a.positions()[n] = position;
        }
        count = n + 1;
    }

    /** Whether some entries are not in the file yet. */
    boolean hasPending() {
        return persisted < count;
    }

    /**
     * Appends the pending entries to the file, all of them in one write when they fit the staging
     * buffer (64 entries): an append of many batches costs one index write, not one per entry.
     */
    void persistPending() {
        int n = count;
        if (persisted >= n || !persistent) {
            persisted = n;
            return;
        }
        openForWrite(false);
        if (writeBuffer == null) {
            writeBuffer = ByteBuffer.allocateDirect(64 * LogConfig.INDEX_ENTRY_SIZE);
        }
        Arrays2 a = arrays;
        try {
            int i = persisted;
            while (i < n) {
                long filePos = (long) i * LogConfig.INDEX_ENTRY_SIZE;
                writeBuffer.clear();
                while (i < n && writeBuffer.hasRemaining()) {
                    writeBuffer.putInt(a.offsets()[i]).putInt(a.positions()[i]);
                    i++;
                }
                writeBuffer.flip();
                while (writeBuffer.hasRemaining()) {
                    filePos += writeChannel.write(writeBuffer, filePos);
                }
                persisted = i;
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot append to offset index " + file + ": " + e, e);
        }
    }

    /**
     * The file position of the last entry whose offset is at most {@code targetOffset} and whose
     * position is below {@code sizeLimit}, or 0 if there is none: the batch holding
     * {@code targetOffset} starts there or later.
     */
    int lookup(long targetOffset, int sizeLimit) {
        int i = floorIndex(targetOffset + 1, sizeLimit - 1L);
        return i < 0 ? 0 : positionAt(i);
    }

    /**
     * The entry number of the last entry with offset below {@code offsetExclusive} and position at
     * most {@code maxPosition}, or -1. Offsets and positions both increase, so the matching
     * entries form a prefix and a binary search finds its end.
     */
    int floorIndex(long offsetExclusive, long maxPosition) {
        int n = count;
        Arrays2 a = arrays;
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (baseOffset + a.offsets()[mid] < offsetExclusive && a.positions()[mid] <= maxPosition) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Drops every entry at or beyond file position {@code position} (the log was cut there). */
    void truncateToPosition(int position) {
        int n = count;
        Arrays2 a = arrays;
        int keep = n;
        while (keep > 0 && a.positions()[keep - 1] >= position) {
            keep--;
        }
        if (keep == n) {
            return;
        }
        count = keep;
        if (persisted <= keep) {
            return; // only pending entries went: the file holds none of them
        }
        persisted = keep;
        if (!persistent) {
            return;
        }
        openForWrite(false);
        try {
            writeChannel.truncate((long) keep * LogConfig.INDEX_ENTRY_SIZE);
        } catch (IOException e) {
            throw new LogStorageException("Cannot truncate offset index " + file + ": " + e, e);
        }
    }

    /** Replaces the file with exactly the entries held in memory (after a rebuild). */
    void writeAll() {
        int n = count;
        Arrays2 a = arrays;
        ByteBuffer buf = ByteBuffer.allocate(n * LogConfig.INDEX_ENTRY_SIZE);
        for (int i = 0; i < n; i++) {
            buf.putInt(a.offsets()[i]).putInt(a.positions()[i]);
        }
        buf.flip();
        if (!persistent) {
            persisted = n;
            return;
        }
        openForWrite(false);
        try {
            writeChannel.truncate(0);
            long pos = 0;
            while (buf.hasRemaining()) {
                pos += writeChannel.write(buf, pos);
            }
            persisted = n;
        } catch (IOException e) {
            throw new LogStorageException("Cannot write offset index " + file + ": " + e, e);
        }
    }

    /** Writes pending entries and fsyncs appended ones, if the file is open for writing. */
    void flush() {
        persistPending();
        if (writeChannel != null) {
            try {
                writeChannel.force(true);
            } catch (IOException e) {
                throw new LogStorageException("Cannot fsync offset index " + file + ": " + e, e);
            }
        }
    }

    /**
     * Fsyncs what was written, without writing anything: callable on another thread than the
     * writer's (the log's I/O executor sealing a rolled segment). A handle closed meanwhile fails
     * with a {@link LogStorageException}; none open (sealed already) is nothing to do.
     */
    void force() {
        FileChannel ch = writeChannel;
        if (ch != null) {
            try {
                ch.force(true);
            } catch (IOException e) {
                throw new LogStorageException("Cannot fsync offset index " + file + ": " + e, e);
            }
        }
    }

    /** Closes the write handle without fsyncing: the caller fsynced ({@link #force()}). */
    void releaseWriteHandle() {
        closeWriteChannel();
    }

    /** Fsyncs and closes the file; entries stay readable from memory (the segment is no longer active). */
    void seal() {
        flush();
        closeWriteChannel();
    }

    @Override
    public void close() {
        closeWriteChannel();
    }

    private void closeWriteChannel() {
        if (writeChannel != null) {
            try {
                writeChannel.close();
            } catch (IOException e) {
                throw new LogStorageException("Cannot close offset index " + file + ": " + e, e);
            } finally {
                writeChannel = null;
            }
        }
    }

    private void openForWrite(boolean truncate) {
        if (writeChannel != null && !truncate) {
            return;
        }
        try {
            if (writeChannel == null) {
                writeChannel = fs.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            }
            if (truncate) {
                writeChannel.truncate(0);
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot open offset index " + file + " for writing: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "OffsetIndex(" + file + ", entries=" + count + ")";
    }
}
