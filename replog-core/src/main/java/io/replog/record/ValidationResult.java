package io.replog.record;

/**
 * What {@link BatchValidator#validate} learned about a buffer of batches that passed validation.
 *
 * <p>Offsets are the ones written in the batches: for a produce request (leader mode) they are
 * whatever the client wrote, and the leader assigns real ones with {@link RecordBatch#setBaseOffset}.
 * An empty buffer yields zero counts and {@code -1} for the offsets and the timestamp.
 *
 * @param batchCount   number of batches
 * @param recordCount  number of records over all batches
 * @param firstOffset  base offset of the first batch
 * @param lastOffset   last offset of the last batch
 * @param maxTimestamp largest {@link RecordBatch#maxTimestamp()} over all batches
 * @param sizeInBytes  bytes validated (always the whole buffer, as validation fails otherwise)
 */
public record ValidationResult(int batchCount, int recordCount, long firstOffset, long lastOffset,
                               long maxTimestamp, int sizeInBytes) {

    /** The result for a buffer holding no batches. */
    public static final ValidationResult EMPTY = new ValidationResult(0, 0, -1L, -1L, RecordBatch.NO_TIMESTAMP, 0);

    /** This result with the max timestamp the leader stamped (log-append time). */
    public ValidationResult withMaxTimestamp(long timestamp) {
        return new ValidationResult(batchCount, recordCount, firstOffset, lastOffset, timestamp, sizeInBytes);
    }
}
