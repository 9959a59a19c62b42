package io.replog.record;

import io.replog.errors.RecordTooLargeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes one uncompressed v2 record batch into a growable heap buffer that is reused from batch to
 * batch: {@link #reset} starts a batch, {@code append} adds records, {@link #build} fills in the
 * header and CRC.
 *
 * <p>Guarantees: the built bytes are Kafka's v2 layout exactly, with the CRC computed, offsets
 * deltas 0, 1, 2, ... (or those given to {@link #appendWithOffset}), and the base timestamp equal
 * to the first record's timestamp unless one was given to {@link #reset(long, long)}. Keys and
 * values are copied into the batch at append time, so callers may reuse their arrays. Not
 * thread-safe; one builder per producer thread.
 */
public final class RecordBatchBuilder {

    private static final Header[] NO_HEADERS = new Header[0];
    /** Leaves headroom below Integer.MAX_VALUE that some JVMs reserve for array headers. */
    private static final int MAX_BUFFER_SIZE = Integer.MAX_VALUE - 16;

    private ByteBuffer buffer;
    private byte[][] headerKeys = new byte[4][];

    private long baseOffset;
    private long baseTimestamp;
    private boolean baseTimestampFixed;
    private int partitionLeaderEpoch;
    private long producerId;
    private short producerEpoch;
    private int baseSequence;
    private TimestampType timestampType;
    private boolean transactional;
    private boolean control;

    private int size;
    private int recordCount;
    private int lastOffsetDelta;
    private long maxTimestamp;

    /** A builder whose buffer starts at {@code initialCapacity} bytes (at least a header) and grows as needed. */
    public RecordBatchBuilder(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
        }
        buffer = ByteBuffer.allocate(Math.max(initialCapacity, RecordBatch.HEADER_SIZE));
        reset(0L);
    }

    /**
     * Starts a new batch at {@code baseOffset} whose base timestamp will be the first record's
     * timestamp, with every other header field back at its default (no producer id, epoch or
     * sequence, no partition leader epoch, create time, not transactional, not control).
     */
    public RecordBatchBuilder reset(long baseOffset) {
        this.baseOffset = baseOffset;
        this.baseTimestamp = RecordBatch.NO_TIMESTAMP;
        this.baseTimestampFixed = false;
        this.partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
        this.producerId = RecordBatch.NO_PRODUCER_ID;
        this.producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        this.baseSequence = RecordBatch.NO_SEQUENCE;
        this.timestampType = TimestampType.CREATE_TIME;
        this.transactional = false;
        this.control = false;
        this.size = RecordBatch.HEADER_SIZE;
        this.recordCount = 0;
        this.lastOffsetDelta = -1;
        this.maxTimestamp = RecordBatch.NO_TIMESTAMP;
        return this;
    }

    /** Like {@link #reset(long)}, with record timestamps encoded relative to {@code baseTimestamp}. */
    public RecordBatchBuilder reset(long baseOffset, long baseTimestamp) {
        reset(baseOffset);
        this.baseTimestamp = baseTimestamp;
        this.baseTimestampFixed = true;
        return this;
    }

    /** Sets the idempotent-producer fields of the batch header. */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    public RecordBatchBuilder timestampType(TimestampType type) {
        this.timestampType = Objects.requireNonNull(type, "timestampType");
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch as a control batch; the caller supplies control records' keys and values. */
    public RecordBatchBuilder control(boolean control) {
        this.control = control;
        return this;
    }

    /** Appends a record at the next offset. Null key or value is written as length -1. */
    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, Header... headers) {
        return append(timestamp, wrapOrNull(key), wrapOrNull(value), headers);
    }

    /**
     * Appends a record at the next offset, copying the remaining bytes of {@code key} and
     * {@code value} without moving their positions.
     */
    public RecordBatchBuilder append(long timestamp, ByteBuffer key, ByteBuffer value, Header... headers) {
        return appendWithOffsetDelta(lastOffsetDelta + 1, timestamp, key, value, headers);
    }

    /**
     * Appends a record at an explicit offset, which must be above the previous record's and within
     * {@code Integer.MAX_VALUE} of the base offset. Gaps are legal in a batch (log compaction makes
     * them) but a leader only accepts gap-free batches.
     */
    public RecordBatchBuilder appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value,
                                               Header... headers) {
        long delta = offset - baseOffset;
        if (delta <= lastOffsetDelta || delta > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " must be above " + (baseOffset + lastOffsetDelta)
                    + " and at most " + (baseOffset + Integer.MAX_VALUE));
        }
        return appendWithOffsetDelta((int) delta, timestamp, key, value, headers);
    }

    /**
     * The batch size in bytes if this record were appended next, so a producer can keep batches
     * under {@code batch.size}. On an empty builder it is the size of a one-record batch.
     */
    public int sizeInBytesAfterAppend(long timestamp, ByteBuffer key, ByteBuffer value, Header... headers) {
        long body = bodySize(lastOffsetDelta + 1, timestamp, sizeOf(key), sizeOf(value), orEmpty(headers), false);
        long after = size + body + Varint.sizeOfVarint((int) Math.min(body, Integer.MAX_VALUE));
        return (int) Math.min(Integer.MAX_VALUE, after);
    }

    /** {@link #sizeInBytesAfterAppend(long, ByteBuffer, ByteBuffer, Header...)} for arrays. */
    public int sizeInBytesAfterAppend(long timestamp, byte[] key, byte[] value, Header... headers) {
        return sizeInBytesAfterAppend(timestamp, wrapOrNull(key), wrapOrNull(value), headers);
    }

    /** Bytes of the batch so far, header included. */
    public int sizeInBytes() {
        return size;
    }

    public int recordCount() {
        return recordCount;
    }

    public boolean isEmpty() {
        return recordCount == 0;
    }

    public long baseOffset() {
        return baseOffset;
    }

    /**
     * Finishes the batch: writes the header fields and the CRC and returns the batch as a buffer at
     * position 0 with limit {@link #sizeInBytes()}. The returned buffer shares the builder's memory,
     * so it is valid only until the next {@code reset} or {@code append}; use {@link #buildCopy()}
     * to keep it longer. Calling it again after more appends rebuilds the header.
     *
     * @throws IllegalStateException if no record was appended (producers never send empty batches)
     */
    public ByteBuffer build() {
        if (recordCount == 0) {
            throw new IllegalStateException("cannot build a record batch with no records");
        }
        ByteBuffer b = buffer;
        b.putLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        b.putInt(RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        b.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        b.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        b.putShort(RecordBatch.ATTRIBUTES_OFFSET, attributes());
        b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, lastOffsetDelta);
        b.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, baseTimestamp);
        b.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp);
        b.putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        b.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        b.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        b.putInt(RecordBatch.RECORDS_COUNT_OFFSET, recordCount);
        b.putInt(RecordBatch.CRC_OFFSET, (int) Checksums.crc32c(b, RecordBatch.ATTRIBUTES_OFFSET, size));
        return b.duplicate().limit(size).position(0);
    }

    /** {@link #build()} into a new buffer the builder never touches again. */
    public ByteBuffer buildCopy() {
        ByteBuffer built = build();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built).flip();
        return copy;
    }

    private short attributes() {
        int attributes = Compression.NONE.id();
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= RecordBatch.TIMESTAMP_TYPE_MASK;
        }
        if (transactional) {
            attributes |= RecordBatch.TRANSACTIONAL_FLAG_MASK;
        }
        if (control) {
            attributes |= RecordBatch.CONTROL_FLAG_MASK;
        }
        return (short) attributes;
    }

    private RecordBatchBuilder appendWithOffsetDelta(int offsetDelta, long timestamp, ByteBuffer key, ByteBuffer value,
                                                     Header[] headers) {
        if (recordCount == Integer.MAX_VALUE || offsetDelta < 0) {
            throw new RecordTooLargeException("record batch at base offset " + baseOffset + " cannot hold more records");
        }
        Header[] hs = orEmpty(headers);
        int keySize = sizeOf(key);
        int valueSize = sizeOf(value);
        if (!baseTimestampFixed && recordCount == 0) {
            baseTimestamp = timestamp;
        }
        // Sizing pass first, because the length varint precedes the body; it also caches header keys as UTF-8.
        long body = bodySize(offsetDelta, timestamp, keySize, valueSize, hs, true);
        if (body > Integer.MAX_VALUE) {
            throw new RecordTooLargeException("record of " + body + " bytes is larger than a record batch can hold");
        }
        int bodySize = (int) body;
        ensureCapacity((long) size + Varint.sizeOfVarint(bodySize) + bodySize);

        ByteBuffer b = buffer;
        int pos = size;
        pos += Varint.writeVarint(bodySize, b, pos);
        b.put(pos++, (byte) 0);
        pos += Varint.writeVarlong(timestamp - baseTimestamp, b, pos);
        pos += Varint.writeVarint(offsetDelta, b, pos);
        pos = writeSized(b, pos, key, keySize);
        pos = writeSized(b, pos, value, valueSize);
        pos += Varint.writeVarint(hs.length, b, pos);
        for (int h = 0; h < hs.length; h++) {
            byte[] k = headerKeys[h];
            pos += Varint.writeVarint(k.length, b, pos);
            b.put(pos, k);
            pos += k.length;
            byte[] v = hs[h].value();
            pos += Varint.writeVarint(v == null ? -1 : v.length, b, pos);
            if (v != null) {
                b.put(pos, v);
                pos += v.length;
            }
        }
        size = pos;
        recordCount++;
        lastOffsetDelta = offsetDelta;
        maxTimestamp = recordCount == 1 ? timestamp : Math.max(maxTimestamp, timestamp);
        return this;
    }

    /** The record's size after its length varint, as a long so oversize input cannot wrap. */
    private long bodySize(int offsetDelta, long timestamp, int keySize, int valueSize, Header[] headers,
                          boolean cacheHeaderKeys) {
        long base = baseTimestampFixed || recordCount > 0 ? baseTimestamp : timestamp;
        long body = 1 + Varint.sizeOfVarlong(timestamp - base) + Varint.sizeOfVarint(offsetDelta)
                + Varint.sizeOfVarint(keySize) + Math.max(keySize, 0)
                + Varint.sizeOfVarint(valueSize) + Math.max(valueSize, 0)
                + Varint.sizeOfVarint(headers.length);
        if (cacheHeaderKeys && headerKeys.length < headers.length) {
            headerKeys = new byte[headers.length][];
        }
        for (int h = 0; h < headers.length; h++) {
            Header header = Objects.requireNonNull(headers[h], "header");
            byte[] k = header.key().getBytes(StandardCharsets.UTF_8);
            if (cacheHeaderKeys) {
                headerKeys[h] = k;
            }
            byte[] v = header.value();
            body += Varint.sizeOfVarint(k.length) + k.length + Varint.sizeOfVarint(v == null ? -1 : v.length)
                    + (v == null ? 0 : v.length);
        }
        return body;
    }

    private void ensureCapacity(long required) {
        if (required > MAX_BUFFER_SIZE) {
            throw new RecordTooLargeException("record batch would be " + required + " bytes, more than the "
                    + MAX_BUFFER_SIZE + " a batch can hold");
        }
        if (required <= buffer.capacity()) {
            return;
        }
        long grown = Math.max(required, Math.min((long) buffer.capacity() * 2, MAX_BUFFER_SIZE));
        ByteBuffer bigger = ByteBuffer.allocate((int) grown);
        bigger.put(0, buffer, 0, size);
        buffer = bigger;
    }

    private static int writeSized(ByteBuffer b, int pos, ByteBuffer bytes, int length) {
        pos += Varint.writeVarint(length, b, pos);
        if (bytes != null) {
            b.put(pos, bytes, bytes.position(), length);
            pos += length;
        }
        return pos;
    }

    private static int sizeOf(ByteBuffer bytes) {
        return bytes == null ? -1 : bytes.remaining();
    }

    private static ByteBuffer wrapOrNull(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    private static Header[] orEmpty(Header[] headers) {
        return headers == null ? NO_HEADERS : headers;
    }
}
