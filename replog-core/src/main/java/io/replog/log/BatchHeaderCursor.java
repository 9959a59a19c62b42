package io.replog.log;

import io.replog.record.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batches of a segment file by reading only their 61-byte headers, so scanning for an
 * offset, rebuilding an index or finding the largest timestamp never reads record bodies. One
 * header buffer is reused for the whole walk.
 *
 * <p>It stops at the end ({@link #next()} returns false, {@link #isTorn()} false) or at the first
 * header that cannot start a complete batch within the limit: fewer bytes than a header, a length
 * below the minimum, or a length reaching past the limit ({@link #isTorn()} true, with
 * {@link #tornReason()}). It checks nothing else: no CRC, no magic.
 *
 * <p>Not thread-safe; each scan creates its own cursor. Positional reads leave the channel's
 * position alone, so cursors may run concurrently with each other and with appends.
 */
final class BatchHeaderCursor {
    private final FileChannel channel;
    private final long limit;
    private final ByteBuffer header = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    private long position;
    private long nextPosition;
    private String tornReason;

    /** Walks the batches in {@code [start, limit)} of {@code channel}; {@code start} must be a batch boundary. */
    BatchHeaderCursor(FileChannel channel, long start, long limit) {
        this.channel = channel;
        this.limit = limit;
        this.nextPosition = start;
        this.position = start;
    }

    /**
     * Moves to the next batch.
     *
     * @return false at the end of the range or at a torn batch
     */
    boolean next() throws IOException {
        position = nextPosition;
        if (tornReason != null || position >= limit) {
            return false;
        }
        long remaining = limit - position;
        if (remaining < RecordBatch.HEADER_SIZE) {
            return torn("only " + remaining + " bytes left, fewer than a batch header of "
                    + RecordBatch.HEADER_SIZE + " bytes");
        }
        header.clear();
        while (header.hasRemaining()) {
            int n = channel.read(header, position + header.position());
            if (n < 0) {
                return torn("the file ends " + header.position() + " bytes into the batch header");
            }
        }
        int batchLength = header.getInt(RecordBatch.LENGTH_OFFSET);
        if (batchLength < RecordBatch.MIN_BATCH_LENGTH) {
            return torn("batch length " + batchLength + " is below the minimum " + RecordBatch.MIN_BATCH_LENGTH);
        }
        long size = (long) RecordBatch.LOG_OVERHEAD + batchLength;
        if (size > remaining) {
            return torn("batch length " + batchLength + " needs " + size + " bytes but only " + remaining
                    + " are left");
        }
        nextPosition = position + size;
        return true;
    }

    private boolean torn(String reason) {
        tornReason = reason;
        return false;
    }

    /** Whether the walk stopped at a batch that does not fit, rather than at the end. */
    boolean isTorn() {
        return tornReason != null;
    }

    String tornReason() {
        return tornReason;
    }

    /** The current batch's file position; after the walk ends, where it stopped. */
    long position() {
        return position;
    }

    /** The position just after the current batch. */
    long nextPosition() {
        return nextPosition;
    }

    int sizeInBytes() {
        return (int) (nextPosition - position);
    }

    long baseOffset() {
        return header.getLong(RecordBatch.BASE_OFFSET_OFFSET);
    }

    int lastOffsetDelta() {
        return header.getInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }

    long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    int partitionLeaderEpoch() {
        return header.getInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET);
    }

    long maxTimestamp() {
        return header.getLong(RecordBatch.MAX_TIMESTAMP_OFFSET);
    }

    int recordCount() {
        return header.getInt(RecordBatch.RECORDS_COUNT_OFFSET);
    }
}
