package io.replog.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A zero-copy view of one Kafka v2 ("magic 2") record batch inside a {@link ByteBuffer}.
 *
 * <p>Layout (big-endian), with the byte offset of each field:
 * <pre>
 *  0 baseOffset int64        12 partitionLeaderEpoch int32   16 magic int8   17 crc uint32
 * 21 attributes int16        23 lastOffsetDelta int32        27 baseTimestamp int64
 * 35 maxTimestamp int64      43 producerId int64             51 producerEpoch int16
 * 53 baseSequence int32      57 recordCount int32            61 records...
 *  8 batchLength int32 = bytes after the length field = sizeInBytes - 12
 * </pre>
 * The CRC32C covers bytes 21 to the end, so the base offset and the partition leader epoch can be
 * assigned in place ({@link #setBaseOffset}, {@link #setPartitionLeaderEpoch}) without recomputing it.
 *
 * <p>Guarantees: {@link #wrap} neither copies nor validates, and no accessor moves the buffer's
 * position or limit (all reads are absolute), so many views may read one buffer concurrently. Reading
 * a field of an unvalidated batch returns whatever bytes are there; use {@link BatchValidator} first
 * for untrusted input. The record iterator checks bounds and throws
 * {@link io.replog.errors.CorruptRecordException} instead of reading outside the batch.
 */
public final class RecordBatch implements Iterable<Record> {

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    /** Bytes before the part counted by batchLength: base offset and the length itself. */
    public static final int LOG_OVERHEAD = 12;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int HEADER_SIZE = 61;
    /** The smallest legal batchLength: a header with no records. */
    public static final int MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD;

    public static final byte MAGIC = 2;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final long NO_TIMESTAMP = -1L;

    public static final int COMPRESSION_CODEC_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    public static final int CONTROL_FLAG_MASK = 0x20;
    public static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    private final ByteBuffer buffer;
    private final int position;

    private RecordBatch(ByteBuffer buffer, int position) {
        this.buffer = buffer;
        this.position = position;
    }

    /**
     * A view of the batch starting at absolute index {@code position} of {@code buffer}. Nothing is
     * copied or checked. A buffer set to little-endian order is read through a big-endian duplicate.
     */
    public static RecordBatch wrap(ByteBuffer buffer, int position) {
        return new RecordBatch(bigEndian(buffer), position);
    }

    static ByteBuffer bigEndian(ByteBuffer buffer) {
        // duplicate() shares the content and always starts in big-endian order.
        return buffer.order() == ByteOrder.BIG_ENDIAN ? buffer : buffer.duplicate();
    }

    /** The wrapped buffer (big-endian), for package code that parses in place. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the batch's first byte in the wrapped buffer. */
    public int position() {
        return position;
    }

    /** Total bytes of the batch: {@link #LOG_OVERHEAD} + batchLength. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    /** The batchLength field: bytes after it. */
    public int batchLength() {
        return buffer.getInt(position + LENGTH_OFFSET);
    }

    public long baseOffset() {
        return buffer.getLong(position + BASE_OFFSET_OFFSET);
    }

    /** Offset of the last record (or last record the batch once held, for a compacted batch). */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public int lastOffsetDelta() {
        return buffer.getInt(position + LAST_OFFSET_DELTA_OFFSET);
    }

    /** The offset just after this batch. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(position + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(position + MAGIC_OFFSET);
    }

    /** The stored CRC32C, unsigned. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(position + CRC_OFFSET));
    }

    /** The CRC32C of the bytes from the attributes to the end of the batch, unsigned. */
    public long computeChecksum() {
        return Checksums.crc32c(buffer, position + ATTRIBUTES_OFFSET, position + sizeInBytes());
    }

    /** Whether the stored checksum matches the bytes; does not check anything else. */
    public boolean isChecksumValid() {
        return checksum() == computeChecksum();
    }

    public short attributes() {
        return buffer.getShort(position + ATTRIBUTES_OFFSET);
    }

    /**
     * The declared codec.
     *
     * @throws io.replog.errors.UnsupportedCompressionException for codec ids 5–7, which no codec uses
     */
    public Compression compression() {
        return Compression.fromId(attributes() & COMPRESSION_CODEC_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    /** Whether the base timestamp holds a delete horizon (set by log compaction), not a record time. */
    public boolean hasDeleteHorizonMs() {
        return (attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
    }

    public long baseTimestamp() {
        return buffer.getLong(position + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(position + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(position + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(position + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(position + BASE_SEQUENCE_OFFSET);
    }

    /** The declared record count. */
    public int recordCount() {
        return buffer.getInt(position + RECORDS_COUNT_OFFSET);
    }

    /** Writes the base offset in place. It lies outside the CRC, so the batch stays valid. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(position + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Writes the partition leader epoch in place. It lies outside the CRC, so the batch stays valid. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(position + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Marks the batch as log-append time with {@code timestampMs} as its max timestamp, in place,
     * and recomputes the CRC, which covers both.
     */
    public void setLogAppendTime(long timestampMs) {
        buffer.putShort(position + ATTRIBUTES_OFFSET, (short) (attributes() | TIMESTAMP_TYPE_MASK));
        buffer.putLong(position + MAX_TIMESTAMP_OFFSET, timestampMs);
        buffer.putInt(position + CRC_OFFSET, (int) computeChecksum());
    }

    /**
     * Exactly this batch's bytes as a new buffer (position 0, limit {@link #sizeInBytes()}) sharing
     * content with the wrapped one: writes through either are visible in both.
     */
    public ByteBuffer slice() {
        return buffer.duplicate().limit(position + sizeInBytes()).position(position).slice();
    }

    /**
     * The records in offset order. Each {@link Record} is a view whose key and value are slices of
     * this buffer. Records are parsed with bounds checks as the iterator advances; a malformed record
     * throws {@link io.replog.errors.CorruptRecordException} (byte positions are buffer indexes).
     * Timestamps follow the batch's {@link #timestampType()}: under log-append time every record
     * reports the batch's max timestamp, as Kafka's readers do.
     */
    @Override
    public Iterator<Record> iterator() {
        return new RecordIterator();
    }

    /**
     * A reusable cursor over the records, positioned before the first: the same records as
     * {@link #iterator()} without an object per record. See {@link RecordCursor}; to walk many
     * batches without allocating, keep one cursor and {@link RecordCursor#reset} it per batch.
     */
    public RecordCursor cursor() {
        return new RecordCursor().reset(this);
    }

    @Override
    public String toString() {
        return "RecordBatch(position=" + position + ", size=" + sizeInBytes() + ", offsets=" + baseOffset() + ".."
                + lastOffset() + ", records=" + recordCount() + ", epoch=" + partitionLeaderEpoch() + ")";
    }

    private final class RecordIterator implements Iterator<Record> {
        private final RecordCursor cursor = new RecordCursor().reset(RecordBatch.this);

        @Override
        public boolean hasNext() {
            return cursor.hasNext();
        }

        @Override
        public Record next() {
            if (!cursor.next()) {
                throw new NoSuchElementException("batch at byte " + position + " has " + recordCount() + " records");
            }
            return cursor.toRecord();
        }
    }
}
