package io.replog.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A view of one record inside a {@link RecordBatch}, produced by the batch's iterator (or by
 * {@link RecordCursor#toRecord()}).
 *
 * <p>Guarantees: the record's structure was bounds-checked when the iterator produced it;
 * {@link #key()} and {@link #value()} are read-only slices of the batch's buffer, never copies, and
 * stay valid as long as that buffer's content does. Headers are small and returned as copies. The
 * object is immutable and holds only indexes, so it is cheap to create and safe to keep.
 */
public final class Record {

    private final ByteBuffer buffer;
    private final long offset;
    private final long timestamp;
    private final int position;
    private final int sizeInBytes;
    private final byte attributes;
    private final int offsetDelta;
    private final int keyPosition;
    private final int keySize;
    private final int valuePosition;
    private final int valueSize;
    private final int headersPosition;
    private final int headerCount;

    Record(ByteBuffer buffer, RecordParser parsed, long offset, long timestamp) {
        this.buffer = buffer;
        this.offset = offset;
        this.timestamp = timestamp;
        this.position = parsed.start;
        this.sizeInBytes = parsed.end - parsed.start;
        this.attributes = parsed.attributes;
        this.offsetDelta = parsed.offsetDelta;
        this.keyPosition = parsed.keyPosition;
        this.keySize = parsed.keySize;
        this.valuePosition = parsed.valuePosition;
        this.valueSize = parsed.valueSize;
        this.headersPosition = parsed.headersPosition;
        this.headerCount = parsed.headerCount;
    }

    /** The batch's base offset (as it was when iteration began) plus this record's offset delta. */
    public long offset() {
        return offset;
    }

    public int offsetDelta() {
        return offsetDelta;
    }

    /** Base timestamp plus delta, or the batch's max timestamp under log-append time. */
    public long timestamp() {
        return timestamp;
    }

    /** Absolute index of the record's first byte (its length varint) in the buffer. */
    public int position() {
        return position;
    }

    /** Bytes of the record including its length varint. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** The record's attributes byte (unused by the format; 0 when written by replog). */
    public byte attributes() {
        return attributes;
    }

    public boolean hasKey() {
        return keySize >= 0;
    }

    /** Key length in bytes, or -1 for a null key. */
    public int keySize() {
        return keySize;
    }

    /** The key as a read-only slice (position 0), or {@code null} for a null key. */
    public ByteBuffer key() {
        return view(keyPosition, keySize);
    }

    public boolean hasValue() {
        return valueSize >= 0;
    }

    /** Value length in bytes, or -1 for a null value (a tombstone). */
    public int valueSize() {
        return valueSize;
    }

    /** The value as a read-only slice (position 0), or {@code null} for a null value. */
    public ByteBuffer value() {
        return view(valuePosition, valueSize);
    }

    public int headerCount() {
        return headerCount;
    }

    /** The headers in order, decoded into copies (an empty list when there are none). */
    public List<Header> headers() {
        return decodeHeaders(buffer, headersPosition, position + sizeInBytes, headerCount);
    }

    /** Decodes {@code count} headers starting at {@code pos}, which the parser has already checked. */
    static List<Header> decodeHeaders(ByteBuffer buffer, int pos, int end, int count) {
        if (count == 0) {
            return Collections.emptyList();
        }
        List<Header> headers = new ArrayList<>(count);
        for (int h = 0; h < count; h++) {
            // Lengths were checked by the parser; read them back with the same encoded-length logic.
            int n = Varint.encodedLength(buffer, pos, end, Varint.MAX_VARINT_BYTES);
            int keyLength = Varint.decodeVarint(buffer, pos, n);
            pos += n;
            String key = new String(copy(buffer, pos, keyLength), StandardCharsets.UTF_8);
            pos += keyLength;
            n = Varint.encodedLength(buffer, pos, end, Varint.MAX_VARINT_BYTES);
            int valueLength = Varint.decodeVarint(buffer, pos, n);
            pos += n;
            byte[] value = valueLength < 0 ? null : copy(buffer, pos, valueLength);
            pos += Math.max(valueLength, 0);
            headers.add(new Header(key, value));
        }
        return headers;
    }

    private ByteBuffer view(int at, int size) {
        return view(buffer, at, size);
    }

    /** A read-only slice of {@code size} bytes at {@code at}, or null for size -1. */
    static ByteBuffer view(ByteBuffer buffer, int at, int size) {
        if (size < 0) {
            return null;
        }
        return buffer.asReadOnlyBuffer().limit(at + size).position(at).slice();
    }

    private static byte[] copy(ByteBuffer buffer, int at, int size) {
        byte[] bytes = new byte[size];
        buffer.get(at, bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keySize + " bytes, value="
                + valueSize + " bytes, headers=" + headerCount + ")";
    }
}
