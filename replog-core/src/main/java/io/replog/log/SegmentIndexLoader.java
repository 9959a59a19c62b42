package io.replog.log;

import io.replog.errors.LogStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds a segment's offset index on first use: loads the index file when it agrees with the log,
 * and otherwise rebuilds it from the batch headers.
 *
 * <p>Guarantees: an index {@link #tryLoad} returns passed {@link OffsetIndex#load}'s structural
 * checks, its first and last entries name batches that really start at their positions, and (when
 * not full) it reaches the end of the log as the append rule would; anything else is reported as
 * {@code null} and logged, never thrown, because a bad index is always rebuildable. An index
 * {@link #rebuild} returns follows the append rule's spacing exactly. Stateless.
 */
final class SegmentIndexLoader {
    private static final Logger log = LoggerFactory.getLogger(SegmentIndexLoader.class);

    private SegmentIndexLoader() {
    }

    /**
     * Loads the index file and checks it against the log: the structural checks of
     * {@link OffsetIndex#load} plus that its first and last entries name batches that really start
     * at the recorded positions. Returns {@code null} (logging why) if the file is missing or fails.
     */
    static OffsetIndex tryLoad(LogSegment segment) {
        int limit = segment.sizeInBytes();
        Path indexFile = segment.indexFile();
        try {
            OffsetIndex idx = OffsetIndex.load(segment.fileSystem(), indexFile, segment.baseOffset(),
                    segment.maxIndexEntries(), limit);
            int n = idx.entryCount();
            if (n > 0) {
                checkEntryMatchesLog(segment, idx, 0, limit);
                checkEntryMatchesLog(segment, idx, n - 1, limit);
            }
            if (!idx.isFull()) {
                checkIndexReachesTheEnd(segment, idx, limit);
            }
            return idx;
        } catch (OffsetIndex.InvalidIndexException e) {
            if ("missing".equals(e.getMessage())) {
                log.info("[{}] Offset index {} is missing; rebuilding it from the log", segment.topicPartition(),
                        indexFile);
            } else {
                log.warn("[{}] Offset index {} is corrupt ({}); rebuilding it from the log", segment.topicPartition(),
                        indexFile, e.getMessage());
            }
            return null;
        }
    }

    private static void checkEntryMatchesLog(LogSegment segment, OffsetIndex idx, int i, int limit)
            throws OffsetIndex.InvalidIndexException {
        BatchHeaderCursor c = new BatchHeaderCursor(segment.channel(), idx.positionAt(i), limit);
        boolean ok;
        try {
            ok = c.next() && c.baseOffset() == idx.offsetAt(i);
        } catch (IOException e) {
            throw new LogStorageException("Cannot read segment file " + segment.logFile() + ": " + e, e);
        }
        if (!ok) {
            throw new OffsetIndex.InvalidIndexException("entry " + i + " names offset " + idx.offsetAt(i)
                    + " at byte " + idx.positionAt(i) + " but no such batch starts there");
        }
    }

    /**
     * An index cut short (a truncated file that still parses) would only make lookups slow, but
     * it is cheap to catch: walking from the last entry, the append rule must not call for another
     * entry before the end of the log. The walk stops after about {@code index.interval.bytes}.
     */
    private static void checkIndexReachesTheEnd(LogSegment segment, OffsetIndex idx, int limit)
            throws OffsetIndex.InvalidIndexException {
        int n = idx.entryCount();
        long start = n == 0 ? 0 : idx.positionAt(n - 1);
        long sinceLast = 0;
        try {
            BatchHeaderCursor c = new BatchHeaderCursor(segment.channel(), start, limit);
            while (c.next()) {
                if (sinceLast > segment.indexIntervalBytes()) {
                    throw new OffsetIndex.InvalidIndexException("it ends at byte " + start + " but the log continues"
                            + " to byte " + limit + " without further entries");
                }
                sinceLast += c.sizeInBytes();
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot read segment file " + segment.logFile() + ": " + e, e);
        }
    }

    /**
     * Builds a fresh index by walking the batch headers up to the readable size; in memory only
     * unless {@code persist}. Hands the segment the byte count since the last entry, so that its
     * next append keeps the index spacing of the append rule.
     */
    static OffsetIndex rebuild(LogSegment segment, boolean persist) {
        Path indexFile = segment.indexFile();
        OffsetIndex idx = persist
                ? OffsetIndex.create(segment.fileSystem(), indexFile, segment.baseOffset(), segment.maxIndexEntries())
                : OffsetIndex.inMemory(indexFile, segment.baseOffset(), segment.maxIndexEntries());
        int sinceLast = 0;
        try {
            BatchHeaderCursor c = new BatchHeaderCursor(segment.channel(), 0, segment.sizeInBytes());
            while (c.next()) {
                if (sinceLast > segment.indexIntervalBytes() && !idx.isFull()) {
                    idx.appendUnpersisted(c.baseOffset(), (int) c.position());
                    sinceLast = 0;
                }
                sinceLast += c.sizeInBytes();
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot read segment file " + segment.logFile() + " to rebuild its index: "
                    + e, e);
        }
        idx.writeAll();
        idx.seal();
        segment.indexRebuilt(sinceLast);
        return idx;
    }
}
