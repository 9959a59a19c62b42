package io.replog.log;

import io.replog.errors.CorruptRecordException;
import io.replog.errors.LogStorageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Cuts a read out of one segment file: finds the batch holding the start offset through the
 * offset index, then extends the slice over whole batches while they stay below the offset limit
 * and within the byte budget. No record bytes are copied: the result is a file region.
 *
 * <p>Guarantees: a slice starts and ends on batch boundaries within {@code limit} (the segment's
 * published size); it is empty rather than over the byte budget unless {@code minOneBatch}; a
 * damaged batch where the read starts is a {@link CorruptRecordException}, one further on just
 * ends the slice. Stateless; the caller (the segment) detects races with truncation.
 */
final class SegmentSlicer {

    private SegmentSlicer() {
    }

    /**
     * The slice of {@code channel} below {@code limit} bytes for the rules of
     * {@link PartitionLog#read}, or {@code null} if no batch below {@code limit} reaches
     * {@code startOffset}; {@code unchanged} goes into the slice for its readers to check.
     */
    static LogSlice slice(FileChannel channel, OffsetIndex idx, Path logFile, int limit, long startOffset,
                          int maxBytes, long maxOffsetExclusive, boolean minOneBatch, BooleanSupplier unchanged) {
        try {
            BatchHeaderCursor c = new BatchHeaderCursor(channel, idx.lookup(startOffset, limit), limit);
            do {
                if (!c.next()) {
                    if (c.isTorn()) {
                        throw new CorruptRecordException("corrupt record batch in segment file " + logFile
                                + " at byte " + c.position() + ": " + c.tornReason());
                    }
                    return null;
                }
            } while (c.lastOffset() < startOffset);
            long firstPosition = c.position();
            if (c.lastOffset() >= maxOffsetExclusive || c.sizeInBytes() > maxBytes && !minOneBatch) {
                return LogSlice.empty(startOffset);
            }
            long end = c.nextPosition();
            long next = c.lastOffset() + 1;
            long maxEnd = Math.min(firstPosition + maxBytes, limit);
            if (end < maxEnd) {
                // Jump over whole batches the index proves to fit, then walk the rest header by header.
                int i = idx.floorIndex(maxOffsetExclusive, Math.min(maxEnd, limit - 1L));
                if (i >= 0 && idx.positionAt(i) > end) {
                    end = idx.positionAt(i);
                    next = idx.offsetAt(i);
                }
                BatchHeaderCursor rest = new BatchHeaderCursor(channel, end, limit);
                // A torn batch further on simply ends the slice; the read that starts there reports it.
                while (rest.next() && rest.lastOffset() < maxOffsetExclusive && rest.nextPosition() <= maxEnd) {
                    end = rest.nextPosition();
                    next = rest.lastOffset() + 1;
                }
            }
            return new LogSlice(channel, firstPosition, (int) (end - firstPosition), c.baseOffset(), next, unchanged);
        } catch (IOException e) {
            throw new LogStorageException("Cannot read segment file " + logFile + ": " + e, e);
        }
    }
}
