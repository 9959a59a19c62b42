package io.replog.log;

import io.replog.errors.OffsetOutOfRangeException;
import io.replog.topic.TopicPartition;

import java.util.Map;

/**
 * Serves reads without the log's lock, concurrently with the writer: checks the requested offset
 * against the log's bounds, finds the segment and lets it slice.
 *
 * <p>Guarantees: a read never returns part of a batch nor bytes at or above the log end offset it
 * started from (the end offset is read before any segment size, so every batch below it is
 * visible); a read that races a truncation or removal of its segment starts again from the
 * log's new bounds instead of returning bytes of a cut. Thread-safe: holds no state of its own.
 */
final class LogReader {
    /** Checks, before each attempt, that the log is still open and online. */
    interface OpenCheck {
        void ensureOpen();
    }

    private final TopicPartition tp;
    private final LogSegments segments;
    private final OpenCheck openCheck;

    LogReader(TopicPartition tp, LogSegments segments, OpenCheck openCheck) {
        this.tp = tp;
        this.segments = segments;
        this.openCheck = openCheck;
    }

    /** See {@link PartitionLog#read}. */
    LogSlice read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        while (true) {
            openCheck.ensureOpen();
            // The end offset is read before any segment size: every batch below it is then visible.
            long end = segments.logEndOffset();
            long start = segments.logStartOffset();
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
            throw outOfRange(startOffset, segments.logStartOffset(), segments.logEndOffset());
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
}
