package io.replog.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks consecutive batches in a buffer (a log segment read, a fetch response, a produce request).
 *
 * <p>Guarantees: views only, nothing copied; the buffer's position and limit are read once, at
 * {@link #in}, and never moved. Iteration stops at the end of the last complete batch: a trailing
 * partial batch (a fetch response cut at its byte limit, a torn write) is skipped silently, because
 * that is normal in fetch responses; use {@link BatchValidator} where a partial batch is an error.
 * A batch whose length field is below the minimum throws
 * {@link io.replog.errors.CorruptRecordException}, since walking on from it is impossible.
 * Nothing else is checked.
 */
public final class RecordBatches {

    private RecordBatches() {
    }

    /** The batches in {@code [position, limit)} of {@code concatenatedBatches}; iterable any number of times. */
    public static Iterable<RecordBatch> in(ByteBuffer concatenatedBatches) {
        ByteBuffer buffer = RecordBatch.bigEndian(concatenatedBatches);
        int start = concatenatedBatches.position();
        int end = concatenatedBatches.limit();
        return () -> new BatchIterator(buffer, start, end);
    }

    /**
     * The number of bytes from the buffer's position that form complete batches: where iteration by
     * {@link #in} would stop.
     */
    public static int completeBatchesSize(ByteBuffer concatenatedBatches) {
        int start = concatenatedBatches.position();
        BatchIterator it = new BatchIterator(RecordBatch.bigEndian(concatenatedBatches), start, concatenatedBatches.limit());
        while (it.hasNext()) {
            it.next();
        }
        return it.position - start;
    }

    private static final class BatchIterator implements Iterator<RecordBatch> {
        private final ByteBuffer buffer;
        private final int start;
        private final int end;
        private int position;

        BatchIterator(ByteBuffer buffer, int start, int end) {
            this.buffer = buffer;
            this.start = start;
            this.end = end;
            this.position = start;
        }

        @Override
        public boolean hasNext() {
            if (end - position < RecordBatch.LOG_OVERHEAD) {
                return false;
            }
            int batchLength = buffer.getInt(position + RecordBatch.LENGTH_OFFSET);
            if (batchLength < RecordBatch.MIN_BATCH_LENGTH) {
                throw Corruption.at(start, position, position + RecordBatch.LENGTH_OFFSET,
                        "batch length " + batchLength + " is below the minimum " + RecordBatch.MIN_BATCH_LENGTH);
            }
            return (long) RecordBatch.LOG_OVERHEAD + batchLength <= end - position;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no complete batch at byte " + (position - start));
            }
            RecordBatch batch = RecordBatch.wrap(buffer, position);
            position += batch.sizeInBytes();
            return batch;
        }
    }
}
