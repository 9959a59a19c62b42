package io.replog.record;

import java.nio.ByteBuffer;

/**
 * Parses the fields of one record with every length checked against the record and batch bounds,
 * and remembers where they are. One mutable instance is reused for all records of a validation or
 * an iteration, so walking a batch allocates nothing per record.
 *
 * <p>Every loop is bounded by bytes consumed (each header costs at least two bytes), so hostile
 * counts or lengths can neither run long nor allocate.
 *
 * <p>This is the hot loop of both the append path (validation) and the read path (iteration), so
 * it reads each byte once: a varint is decoded in the same pass that finds its end, one- and
 * two-byte varints (nearly every field of a real record) are decoded inline, and field names are
 * small ints that become words only when a message is built for a failure. Tests hold it to the
 * exact results and messages of the straightforward parser it replaced.
 */
final class RecordParser {

    // Field codes: what a failure message calls the field. Header fields add the header number.
    private static final int LENGTH = 0;
    private static final int TIMESTAMP_DELTA = 1;
    private static final int OFFSET_DELTA = 2;
    private static final int KEY = 3;
    private static final int VALUE = 4;
    private static final int HEADER_COUNT = 5;
    private static final int HEADER_KEY = 6;
    private static final int HEADER_VALUE = 7;
    private static final int HEADER_SHIFT = 3;

    private final int origin;
    private int batchStart;
    private int recordIndex;
    private int pos;

    int start;
    int end;
    byte attributes;
    long timestampDelta;
    int offsetDelta;
    int keyPosition;
    int keySize;
    int valuePosition;
    int valueSize;
    int headersPosition;
    int headerCount;

    /** @param origin the buffer index that error messages report as byte 0 */
    RecordParser(int origin) {
        this.origin = origin;
    }

    void batchStart(int batchStart) {
        this.batchStart = batchStart;
    }

    /**
     * Parses record number {@code index} at {@code position}, which must end by {@code batchEnd}.
     *
     * @return the index just after the record
     * @throws io.replog.errors.CorruptRecordException naming the field and byte that are wrong
     */
    int parse(ByteBuffer buffer, int position, int batchEnd, int index) {
        recordIndex = index;
        start = position;
        // Each varint's one- and two-byte encodings (nearly every field of a real record) are decoded
        // right here; longer encodings and every failure go through varint()/varlong(), which start
        // over at the same byte. Kept in one method on purpose: small helpers get compiled on their
        // own first and then are too big to inline, which costs a call per field.
        int p = position;
        int b0 = p < batchEnd ? buffer.get(p) : -1;
        int length;
        if (b0 >= 0) {
            length = zigzag(b0);
            p += 1;
        } else {
            int b1 = p + 1 < batchEnd ? buffer.get(p + 1) : -1;
            if (b1 >= 0) {
                length = zigzag(b0 & 0x7F | b1 << 7);
                p += 2;
            } else {
                pos = p;
                length = varint(buffer, batchEnd, LENGTH);
                p = pos;
            }
        }
        if (length < 0) {
            throw fail("negative length " + length, start);
        }
        if (length > batchEnd - p) {
            throw fail("length " + length + " runs past the end of the batch (" + (batchEnd - p) + " bytes left)", start);
        }
        int recordEnd = p + length;
        end = recordEnd;
        if (p >= recordEnd) {
            throw fail("no room for the attributes within length " + length, p);
        }
        attributes = buffer.get(p++);

        b0 = p < recordEnd ? buffer.get(p) : -1;
        if (b0 >= 0) {
            timestampDelta = zigzag(b0);
            p += 1;
        } else {
            pos = p;
            timestampDelta = varlong(buffer, recordEnd);
            p = pos;
        }

        b0 = p < recordEnd ? buffer.get(p) : -1;
        if (b0 >= 0) {
            offsetDelta = zigzag(b0);
            p += 1;
        } else {
            int b1 = p + 1 < recordEnd ? buffer.get(p + 1) : -1;
            if (b1 >= 0) {
                offsetDelta = zigzag(b0 & 0x7F | b1 << 7);
                p += 2;
            } else {
                pos = p;
                offsetDelta = varint(buffer, recordEnd, OFFSET_DELTA);
                p = pos;
            }
        }

        int at = p;
        int size;
        b0 = p < recordEnd ? buffer.get(p) : -1;
        if (b0 >= 0) {
            size = zigzag(b0);
            p += 1;
        } else {
            int b1 = p + 1 < recordEnd ? buffer.get(p + 1) : -1;
            if (b1 >= 0) {
                size = zigzag(b0 & 0x7F | b1 << 7);
                p += 2;
            } else {
                pos = p;
                size = varint(buffer, recordEnd, KEY);
                p = pos;
            }
        }
        if (size < -1 || size > recordEnd - p) {
            throw sizeFailure(KEY, true, size, at, recordEnd - p);
        }
        keySize = size;
        keyPosition = p;
        p += Math.max(size, 0);

        at = p;
        b0 = p < recordEnd ? buffer.get(p) : -1;
        if (b0 >= 0) {
            size = zigzag(b0);
            p += 1;
        } else {
            int b1 = p + 1 < recordEnd ? buffer.get(p + 1) : -1;
            if (b1 >= 0) {
                size = zigzag(b0 & 0x7F | b1 << 7);
                p += 2;
            } else {
                pos = p;
                size = varint(buffer, recordEnd, VALUE);
                p = pos;
            }
        }
        if (size < -1 || size > recordEnd - p) {
            throw sizeFailure(VALUE, true, size, at, recordEnd - p);
        }
        valueSize = size;
        valuePosition = p;
        p += Math.max(size, 0);

        at = p;
        int count;
        b0 = p < recordEnd ? buffer.get(p) : -1;
        if (b0 >= 0) {
            count = zigzag(b0);
            p += 1;
        } else {
            pos = p;
            count = varint(buffer, recordEnd, HEADER_COUNT);
            p = pos;
        }
        if (count < 0) {
            throw fail("negative header count " + count, at);
        }
        headerCount = count;
        headersPosition = p;
        pos = p;
        if (count > 0) {
            skipHeaders(buffer, recordEnd, count);
            p = pos;
        }
        if (p != recordEnd) {
            throw fail("declared length " + length + " but its fields end " + (recordEnd - p) + " bytes earlier", p);
        }
        return recordEnd;
    }

    private static int zigzag(int z) {
        return (z >>> 1) ^ -(z & 1);
    }

    private void skipHeaders(ByteBuffer buffer, int recordEnd, int count) {
        for (int h = 0; h < count; h++) {
            sizedField(buffer, recordEnd, HEADER_KEY | h << HEADER_SHIFT, false);
            sizedField(buffer, recordEnd, HEADER_VALUE | h << HEADER_SHIFT, true);
        }
    }

    /** A length-prefixed byte field at {@link #pos}: returns its length (-1 for null) and moves past it. */
    private int sizedField(ByteBuffer buffer, int recordEnd, int field, boolean nullable) {
        int at = pos;
        int size = varint(buffer, recordEnd, field);
        int left = recordEnd - pos;
        if (size < (nullable ? -1 : 0) || size > left) {
            throw sizeFailure(field, nullable, size, at, left);
        }
        pos += Math.max(size, 0);
        return size;
    }

    private RuntimeException sizeFailure(int field, boolean nullable, int size, int at, int left) {
        if (size < (nullable ? -1 : 0)) {
            return fail("invalid " + name(field) + " " + size, at);
        }
        return fail(name(field) + " " + size + " exceeds the " + left + " bytes left in the record", at);
    }

    /** The zigzag varint at {@link #pos}, which must end by {@code limit}; moves past it. */
    private int varint(ByteBuffer buffer, int limit, int field) {
        int p = pos;
        int z = 0;
        for (int n = 0; n < Varint.MAX_VARINT_BYTES; n++) {
            if (p + n >= limit) {
                throw fail(name(field) + " varint is cut off by the end of the " + scope(field), p);
            }
            int b = buffer.get(p + n);
            z |= (b & 0x7F) << (7 * n);
            if (b >= 0) {
                pos = p + n + 1;
                return zigzag(z);
            }
        }
        throw fail(name(field) + " varint is malformed (too many bytes)", p);
    }

    /** The timestamp delta: the zigzag varlong at {@link #pos}, which must end by {@code limit}. */
    private long varlong(ByteBuffer buffer, int limit) {
        int p = pos;
        long z = 0;
        for (int n = 0; n < Varint.MAX_VARLONG_BYTES; n++) {
            if (p + n >= limit) {
                throw fail(name(TIMESTAMP_DELTA) + " varint is cut off by the end of the record", p);
            }
            int b = buffer.get(p + n);
            z |= (long) (b & 0x7F) << (7 * n);
            if (b >= 0) {
                pos = p + n + 1;
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw fail(name(TIMESTAMP_DELTA) + " varint is malformed (too many bytes)", p);
    }

    private static String scope(int field) {
        return field == LENGTH ? "batch" : "record";
    }

    /** What messages call the field. */
    private static String name(int field) {
        int header = field >>> HEADER_SHIFT;
        return switch (field & ((1 << HEADER_SHIFT) - 1)) {
            case LENGTH -> "length";
            case TIMESTAMP_DELTA -> "timestamp delta";
            case OFFSET_DELTA -> "offset delta";
            case KEY -> "key length";
            case VALUE -> "value length";
            case HEADER_COUNT -> "header count";
            case HEADER_KEY -> "header " + header + " key length";
            default -> "header " + header + " value length";
        };
    }

    private RuntimeException fail(String what, int index) {
        return Corruption.at(origin, batchStart, index, "record " + recordIndex + " (at byte " + (start - origin) + "): " + what);
    }
}
