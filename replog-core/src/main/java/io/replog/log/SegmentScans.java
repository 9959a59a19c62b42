package io.replog.log;

import io.replog.errors.LogStorageException;
import io.replog.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Walks segments' batch headers to answer questions the log does not keep in memory: where a
 * truncation cuts, the largest timestamp of a loaded segment, where each leader epoch starts.
 *
 * <p>Guarantees: reads only headers below the segment's published size, never record bytes;
 * a read failure is a {@link LogStorageException} naming the file. Stateless.
 */
final class SegmentScans {
    private static final Logger log = LoggerFactory.getLogger(SegmentScans.class);

    /**
     * Where a truncation cuts: the byte {@code position} of the first batch to remove (-1 when
     * none goes), and the segment's {@code nextOffset} afterwards.
     */
    record Cut(long position, long nextOffset) {
    }

    private SegmentScans() {
    }

    /**
     * The first batch whose last offset is at least {@code offset} (a batch straddling it goes
     * whole), or a torn batch met before it: the log cannot keep what follows a torn batch.
     */
    static Cut truncationPoint(LogSegment segment, OffsetIndex idx, long offset, int limit) {
        long newNext = segment.baseOffset();
        long cut = -1;
        try {
            BatchHeaderCursor c = new BatchHeaderCursor(segment.channel(), idx.lookup(offset, limit), limit);
            while (c.next()) {
                if (c.lastOffset() >= offset) {
                    cut = c.position();
                    newNext = c.baseOffset();
                    break;
                }
                newNext = c.lastOffset() + 1;
            }
            if (c.isTorn()) {
                log.warn("[{}] Truncation found a torn batch in {} at byte {} ({}); cutting there",
                        segment.topicPartition(), segment.logFile(), c.position(), c.tornReason());
                cut = c.position();
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot read segment file " + segment.logFile() + " to truncate it: " + e, e);
        }
        return new Cut(cut, newNext);
    }

    /** The largest batch max timestamp in the segment, {@link RecordBatch#NO_TIMESTAMP} if none. */
    static long maxTimestamp(LogSegment segment) {
        long ts = RecordBatch.NO_TIMESTAMP;
        try {
            BatchHeaderCursor c = new BatchHeaderCursor(segment.channel(), 0, segment.sizeInBytes());
            while (c.next()) {
                ts = Math.max(ts, c.maxTimestamp());
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot read segment file " + segment.logFile() + ": " + e, e);
        }
        return ts;
    }

    /** The epochs as the batch headers record them: each epoch starts at its first batch. */
    static List<EpochEntry> epochStarts(Collection<LogSegment> segments) {
        List<EpochEntry> entries = new ArrayList<>();
        int latest = -1;
        for (LogSegment s : segments) {
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
}
