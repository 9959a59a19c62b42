package io.replog.record;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A reusable, mutable view of the records of one {@link RecordBatch}: the allocation-free way to
 * walk records, for hot read paths. Where {@link RecordBatch#iterator()} hands out one immutable
 * {@link Record} per record, a cursor is positioned on one record at a time and its accessors
 * describe that record until the next call to {@link #next()} or {@link #reset}.
 *
 * <pre>{@code
 * RecordCursor cursor = new RecordCursor();          // one per thread, reused
 * for (RecordBatch batch : RecordBatches.in(buffer)) {
 *     cursor.reset(batch);
 *     while (cursor.next()) {
 *         handle(cursor.offset(), cursor.buffer(), cursor.valuePosition(), cursor.valueSize());
 *     }
 * }
 * }</pre>
 *
 * <p>Guarantees: it yields exactly the records the batch's iterator yields, in the same order, with
 * the same fields, and checks them the same way: a malformed record makes {@link #next()} throw the
 * same {@link io.replog.errors.CorruptRecordException}, never a read outside the batch.
 * {@link #next()}, {@link #reset} and the scalar accessors allocate nothing; {@link #key()},
 * {@link #value()}, {@link #headers()} and {@link #toRecord()} allocate as their {@link Record}
 * counterparts do. {@link #buffer()} is one read-only view per {@link #reset}, made on first use.
 * Accessors are meaningful only after {@link #next()} returned true. Not thread-safe.
 */
public final class RecordCursor {

    private final RecordParser parser = new RecordParser(0);
    private ByteBuffer buffer;
    private ByteBuffer readOnly;
    private int batchPosition;
    private int end;
    private int count;
    private int next;
    private int position;
    private long baseOffset;
    private long baseTimestamp;
    private long logAppendTime;
    private long offset;
    private long timestamp;

    /** A cursor on no batch: {@link #next()} returns false until {@link #reset} gives it one. */
    public RecordCursor() {
    }

    /**
     * Moves the cursor before the first record of {@code batch}. The batch's header fields (count,
     * base offset, timestamps, timestamp type) are read now, as an iterator reads them when it is
     * created.
     *
     * @return this cursor
     */
    public RecordCursor reset(RecordBatch batch) {
        buffer = batch.buffer();
        readOnly = null;
        batchPosition = batch.position();
        end = batchPosition + batch.sizeInBytes();
        count = batch.recordCount();
        baseOffset = batch.baseOffset();
        baseTimestamp = batch.baseTimestamp();
        logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp()
                : RecordBatch.NO_TIMESTAMP;
        next = 0;
        position = batchPosition + RecordBatch.HEADER_SIZE;
        parser.batchStart(batchPosition);
        return this;
    }

    /** Whether another record follows (the batch's declared count is not yet reached). */
    public boolean hasNext() {
        return next < count;
    }

    /**
     * Moves to the next record.
     *
     * @return false when every declared record has been visited
     * @throws io.replog.errors.CorruptRecordException if the next record is malformed
     */
    public boolean next() {
        if (next >= count) {
            return false;
        }
        position = parser.parse(buffer, position, Math.min(end, buffer.limit()), next++);
        offset = baseOffset + parser.offsetDelta;
        timestamp = logAppendTime != RecordBatch.NO_TIMESTAMP ? logAppendTime : baseTimestamp + parser.timestampDelta;
        return true;
    }

    /** The batch's base offset (as it was at {@link #reset}) plus this record's offset delta. */
    public long offset() {
        return offset;
    }

    public int offsetDelta() {
        return parser.offsetDelta;
    }

    /** Base timestamp plus delta, or the batch's max timestamp under log-append time. */
    public long timestamp() {
        return timestamp;
    }

    /** Absolute index of the record's first byte (its length varint) in {@link #buffer()}. */
    public int position() {
        return parser.start;
    }

    /** Bytes of the record including its length varint. */
    public int sizeInBytes() {
        return parser.end - parser.start;
    }

    /** The record's attributes byte. */
    public byte attributes() {
        return parser.attributes;
    }

    public boolean hasKey() {
        return parser.keySize >= 0;
    }

    /** Key length in bytes, or -1 for a null key. */
    public int keySize() {
        return parser.keySize;
    }

    /** Absolute index of the key's first byte in {@link #buffer()} (meaningless for a null key). */
    public int keyPosition() {
        return parser.keyPosition;
    }

    /** The key as a read-only slice (position 0), or {@code null} for a null key. Allocates. */
    public ByteBuffer key() {
        return Record.view(buffer, parser.keyPosition, parser.keySize);
    }

    public boolean hasValue() {
        return parser.valueSize >= 0;
    }

    /** Value length in bytes, or -1 for a null value (a tombstone). */
    public int valueSize() {
        return parser.valueSize;
    }

    /** Absolute index of the value's first byte in {@link #buffer()} (meaningless for a null value). */
    public int valuePosition() {
        return parser.valuePosition;
    }

    /** The value as a read-only slice (position 0), or {@code null} for a null value. Allocates. */
    public ByteBuffer value() {
        return Record.view(buffer, parser.valuePosition, parser.valueSize);
    }

    public int headerCount() {
        return parser.headerCount;
    }

    /** The headers in order, decoded into copies (an empty list when there are none). */
    public List<Header> headers() {
        return Record.decodeHeaders(buffer, parser.headersPosition, parser.end, parser.headerCount);
    }

    /**
     * A read-only, big-endian view of the whole buffer the batch lives in, for absolute reads at
     * {@link #keyPosition()} and {@link #valuePosition()} without a slice per record. Made once per
     * {@link #reset}.
     */
    public ByteBuffer buffer() {
        ByteBuffer view = readOnly;
        if (view == null) {
            view = buffer.asReadOnlyBuffer();
            readOnly = view;
        }
        return view;
    }

    /**
     * The current record as an immutable {@link Record}, equal in every field to what the batch's
     * iterator returns for it.
     *
     * @throws NoSuchElementException if the cursor is not on a record
     */
    public Record toRecord() {
        if (next == 0) {
            throw new NoSuchElementException("the cursor is not on a record: call next() first");
        }
        return new Record(buffer, parser, offset, timestamp);
    }

    @Override
    public String toString() {
        return next == 0 ? "RecordCursor(before the first record)"
                : "RecordCursor(record " + (next - 1) + " of " + count + ", offset=" + offset + ")";
    }
}
