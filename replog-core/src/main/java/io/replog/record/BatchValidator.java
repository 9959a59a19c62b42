package io.replog.record;

import io.replog.errors.CorruptRecordException;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.UnsupportedCompressionException;
import java.nio.ByteBuffer;

/**
 * Checks record batches from an untrusted source (a produce request, a fetch response, a log
 * segment being recovered) in a single pass over the bytes, allocating a few small objects per call
 * and nothing per record.
 *
 * <p>For every batch in order: at least {@link RecordBatch#LOG_OVERHEAD} bytes for the offset and
 * length; batchLength at least {@link RecordBatch#MIN_BATCH_LENGTH} and no larger than the bytes
 * left; the batch no larger than {@code maxBatchBytes}; magic 2; the CRC32C; compression none; a
 * non-negative record count equal to the records actually present; every record's length within the
 * batch and exactly consumed by its fields; well-formed varints (at most 5 bytes for an int, 10 for a
 * long); key, value and header lengths at least -1 (header keys at least 0) and within the record;
 * offset deltas strictly increasing from 0 or more, the last one equal to lastOffsetDelta (an empty
 * batch needs lastOffsetDelta at least 0). In {@link Mode#LEADER} mode also at least one record,
 * offset deltas exactly 0, 1, ..., count-1, and no control flag (only the broker writes control
 * batches); in {@link Mode#FOLLOWER} mode also each batch's base
 * offset above the previous batch's last offset.
 *
 * <p>Not checked: the base offset and partition leader epoch (the CRC does not cover them, and the
 * leader overwrites them), unused attribute bits, that header keys are valid UTF-8, and that
 * maxTimestamp matches the records.
 *
 * <p>Failures: {@link CorruptRecordException} whose message says what is wrong, the byte where it
 * is (relative to the buffer's position at the call) and that byte's distance into the batch;
 * {@link UnsupportedCompressionException} naming the codec; {@link RecordTooLargeException} naming
 * the batch size and the limit. Nothing else is thrown for any input bytes. The buffer's position
 * and limit are not moved. Stateless and thread-safe.
 */
public final class BatchValidator {

    /** Who is validating, which decides how strict the offset checks are. */
    public enum Mode {
        /** A leader validating a produce request: batches must number their records 0..count-1. */
        LEADER,
        /** A follower or log recovery validating batches the leader already accepted. */
        FOLLOWER
    }

    private BatchValidator() {
    }

    /**
     * Validates every batch in {@code [position, limit)} of {@code records}; a trailing partial
     * batch is an error.
     */
    public static ValidationResult validate(ByteBuffer records, Mode mode, int maxBatchBytes) {
        ByteBuffer buffer = RecordBatch.bigEndian(records);
        int origin = records.position();
        int end = records.limit();
        RecordParser parser = new RecordParser(origin);
        int batchCount = 0;
        int recordCount = 0;
        long firstOffset = -1L;
        long lastOffset = -1L;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        int p = origin;
        while (p < end) {
            int size = checkBatch(buffer, p, end, origin, mode, maxBatchBytes, parser);
            RecordBatch batch = RecordBatch.wrap(buffer, p);
            if (mode == Mode.FOLLOWER && batchCount > 0 && batch.baseOffset() <= lastOffset) {
                throw Corruption.at(origin, p, p + RecordBatch.BASE_OFFSET_OFFSET, "base offset " + batch.baseOffset()
                        + " is not above the previous batch's last offset " + lastOffset);
            }
            if (batchCount == 0) {
                firstOffset = batch.baseOffset();
            }
            lastOffset = batch.lastOffset();
            // Seeded by the first batch, not by NO_TIMESTAMP, so negative timestamps survive.
            maxTimestamp = batchCount == 0 ? batch.maxTimestamp() : Math.max(maxTimestamp, batch.maxTimestamp());
            recordCount += batch.recordCount();
            batchCount++;
            p += size;
        }
        if (batchCount == 0) {
            return ValidationResult.EMPTY;
        }
        return new ValidationResult(batchCount, recordCount, firstOffset, lastOffset, maxTimestamp, end - origin);
    }

    /**
     * Validates the one batch {@code batch} views; positions in messages are relative to the
     * batch's start. Bytes after the batch are ignored.
     */
    public static void validateBatch(RecordBatch batch, Mode mode, int maxBatchBytes) {
        ByteBuffer buffer = batch.buffer();
        int p = batch.position();
        checkBatch(buffer, p, buffer.limit(), p, mode, maxBatchBytes, new RecordParser(p));
    }

    /** Checks the batch at {@code p}, which must end by {@code end}; returns its size. */
    private static int checkBatch(ByteBuffer buffer, int p, int end, int origin, Mode mode, int maxBatchBytes,
                                  RecordParser parser) {
        int remaining = end - p;
        if (remaining < RecordBatch.LOG_OVERHEAD) {
            throw Corruption.at(origin, p, p, "truncated batch: only " + remaining
                    + " bytes left, too few for a batch header of " + RecordBatch.HEADER_SIZE + " bytes");
        }
        int batchLength = buffer.getInt(p + RecordBatch.LENGTH_OFFSET);
        if (batchLength < RecordBatch.MIN_BATCH_LENGTH) {
            throw Corruption.at(origin, p, p + RecordBatch.LENGTH_OFFSET, "batch length " + batchLength
                    + " is below the minimum " + RecordBatch.MIN_BATCH_LENGTH);
        }
        if (batchLength > remaining - RecordBatch.LOG_OVERHEAD) {
            throw Corruption.at(origin, p, p + RecordBatch.LENGTH_OFFSET, "truncated batch: batch length "
                    + batchLength + " needs " + ((long) batchLength + RecordBatch.LOG_OVERHEAD)
                    + " bytes but only " + remaining + " are left");
        }
        int size = batchLength + RecordBatch.LOG_OVERHEAD;
        int batchEnd = p + size;
        if (size > maxBatchBytes) {
            throw new RecordTooLargeException("record batch at byte " + (p - origin) + " is " + size
                    + " bytes, larger than the maximum of " + maxBatchBytes + " bytes");
        }
        byte magic = buffer.get(p + RecordBatch.MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC) {
            throw Corruption.at(origin, p, p + RecordBatch.MAGIC_OFFSET, "magic " + magic
                    + " is not " + RecordBatch.MAGIC + " (replog reads only the v2 batch format)");
        }
        long stored = Integer.toUnsignedLong(buffer.getInt(p + RecordBatch.CRC_OFFSET));
        long computed = Checksums.crc32c(buffer, p + RecordBatch.ATTRIBUTES_OFFSET, batchEnd);
        if (stored != computed) {
            throw Corruption.at(origin, p, p + RecordBatch.CRC_OFFSET, String.format(
                    "CRC32C mismatch: stored 0x%08x but bytes %d..%d compute 0x%08x",
                    stored, p + RecordBatch.ATTRIBUTES_OFFSET - origin, batchEnd - origin, computed));
        }
        short attributes = buffer.getShort(p + RecordBatch.ATTRIBUTES_OFFSET);
        if (mode == Mode.LEADER && (attributes & RecordBatch.CONTROL_FLAG_MASK) != 0) {
            throw Corruption.at(origin, p, p + RecordBatch.ATTRIBUTES_OFFSET, "the batch has the control flag set;"
                    + " producers may not write control batches");
        }
        int codec = attributes & RecordBatch.COMPRESSION_CODEC_MASK;
        if (codec != Compression.NONE.id()) {
            String name = codec <= Compression.ZSTD.id() ? Compression.fromId(codec).codecName() : "with unknown id " + codec;
            throw new UnsupportedCompressionException("batch at byte " + (p - origin) + " uses compression " + name
                    + "; replog supports only none");
        }
        checkRecords(buffer, p, batchEnd, origin, mode, parser);
        return size;
    }

    private static void checkRecords(ByteBuffer buffer, int p, int batchEnd, int origin, Mode mode,
                                     RecordParser parser) {
        int count = buffer.getInt(p + RecordBatch.RECORDS_COUNT_OFFSET);
        if (count < 0 || (mode == Mode.LEADER && count == 0)) {
            throw Corruption.at(origin, p, p + RecordBatch.RECORDS_COUNT_OFFSET, "record count " + count
                    + (mode == Mode.LEADER ? " is not positive" : " is negative"));
        }
        int lastOffsetDelta = buffer.getInt(p + RecordBatch.LAST_OFFSET_DELTA_OFFSET);
        parser.batchStart(p);
        int cursor = p + RecordBatch.HEADER_SIZE;
        int previousDelta = -1;
        for (int i = 0; i < count; i++) {
            if (cursor >= batchEnd) {
                throw Corruption.at(origin, p, cursor, "record count " + count
                        + " does not match the records present: the batch ends after " + i);
            }
            int recordStart = cursor;
            cursor = parser.parse(buffer, cursor, batchEnd, i);
            int delta = parser.offsetDelta;
            if (mode == Mode.LEADER && delta != i) {
                throw Corruption.at(origin, p, recordStart, "record " + i + " has offset delta " + delta
                        + "; a produced batch must number its records 0.." + (count - 1));
            }
            if (delta <= previousDelta) {
                throw Corruption.at(origin, p, recordStart, "record " + i + " has offset delta " + delta
                        + ", not above the previous record's " + previousDelta);
            }
            previousDelta = delta;
        }
        if (cursor != batchEnd) {
            throw Corruption.at(origin, p, cursor, "record count " + count + " does not match the records present: "
                    + (batchEnd - cursor) + " bytes follow the last counted record");
        }
        if (count > 0 ? lastOffsetDelta != previousDelta : lastOffsetDelta < 0) {
            throw Corruption.at(origin, p, p + RecordBatch.LAST_OFFSET_DELTA_OFFSET, "last offset delta "
                    + lastOffsetDelta + (count > 0 ? " does not match the last record's " + previousDelta : " is negative"));
        }
    }
}
