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
 * it reads each byte once: a varint is decoded in the same pass that finds its end, one-byte varints
 * (most fields of a typical record) take a single comparison, and field names are small ints that
 * become words only when a message is built for a failure.
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
        pos = position;
        int length = varint(buffer, batchEnd, LENGTH);
        if (length < 0) {
            throw fail("negative length " + length, start);
        }
        int p = pos;
        if (length > batchEnd - p) {
            throw fail("length " + length + " runs past the end of the batch (" + (batchEnd - p) + " bytes left)", start);
        }
        int recordEnd = p + length;
        end = recordEnd;
        if (p >= recordEnd) {
            throw fail("no room for the attributes within length " + length, p);
        }
        attributes = buffer.get(p);
        pos = p + 1;
        timestampDelta = varlong(buffer, recordEnd);
        offsetDelta = varint(buffer, recordEnd, OFFSET_DELTA);
        int size = sizedField(buffer, recordEnd, KEY, true);
        keySize = size;
        keyPosition = pos - Math.max(size, 0);
        size = sizedField(buffer, recordEnd, VALUE, true);
        valueSize = size;
        valuePosition = pos - Math.max(size, 0);
        int countAt = pos;
        int count = varint(buffer, recordEnd, HEADER_COUNT);
        if (count < 0) {
            throw fail("negative header count " + count, countAt);
        }
        headerCount = count;
        headersPosition = pos;
        for (int h = 0; h < count; h++) {
            sizedField(buffer, recordEnd, HEADER_KEY | h << HEADER_SHIFT, false);
            sizedField(buffer, recordEnd, HEADER_VALUE | h << HEADER_SHIFT, true);
        }
        if (pos != recordEnd) {
            throw fail("declared length " + length + " but its fields end " + (recordEnd - pos) + " bytes earlier", pos);
        }
        return recordEnd;
    }

    /** A length-prefixed byte field: returns its length (-1 for null) and moves past it. */
    private int sizedField(ByteBuffer buffer, int recordEnd, int field, boolean nullable) {
        int at = pos;
        int size = varint(buffer, recordEnd, field);
        int left = recordEnd - pos;
        if (size >= 0 && size <= left) {
            pos += size;
            return size;
        }
        if (size == -1 && nullable) {
            return size;
        }
        if (size < (nullable ? -1 : 0)) {
            throw fail("invalid " + name(field) + " " + size, at);
        }
        throw fail(name(field) + " " + size + " exceeds the " + left + " bytes left in the record", at);
    }

    /** A zigzag varint ending by {@code limit}, decoded in the same pass that finds its end. */
    private int varint(ByteBuffer buffer, int limit, int field) {
        int p = pos;
        if (p < limit) {
            int b = buffer.get(p);
            if (b >= 0) {
                pos = p + 1;
                return (b >>> 1) ^ -(b & 1);
            }
            if (p + 1 < limit) {
                int b1 = buffer.get(p + 1);
                if (b1 >= 0) {
                    pos = p + 2;
                    int z = (b & 0x7F) | b1 << 7;
                    return (z >>> 1) ^ -(z & 1);
                }
            }
        }
        return longVarint(buffer, limit, field);
    }

    private int longVarint(ByteBuffer buffer, int limit, int field) {
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
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw fail(name(field) + " varint is malformed (too many bytes)", p);
    }

    /** The timestamp delta: a zigzag varlong ending by {@code limit}. */
    private long varlong(ByteBuffer buffer, int limit) {
        int p = pos;
        if (p < limit) {
            int b = buffer.get(p);
            if (b >= 0) {
                pos = p + 1;
                return (b >>> 1) ^ -(b & 1);
            }
        }
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
