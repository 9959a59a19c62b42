package io.replog.record;

import java.nio.ByteBuffer;

/**
 * The record parser as it was before the hot path was tuned (two passes per varint, field names
 * built as strings), kept as the reference that {@link RecordParser} must match exactly: same
 * fields for a good record, same exception message for a bad one.
 *
 * <p>Original description: parses the fields of one record with every length checked against the
 * record and batch bounds, and remembers where they are. One mutable instance is reused for all records of a validation or
 * an iteration, so walking a batch allocates nothing per record.
 *
 * <p>Every loop is bounded by bytes consumed (each header costs at least two bytes), so hostile
 * counts or lengths can neither run long nor allocate.
 */
final class ReferenceRecordParser {

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
    ReferenceRecordParser(int origin) {
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
        int length = varint(buffer, batchEnd, "length", "batch");
        if (length < 0) {
            throw fail("negative length " + length, start);
        }
        if (length > batchEnd - pos) {
            throw fail("length " + length + " runs past the end of the batch (" + (batchEnd - pos) + " bytes left)", start);
        }
        end = pos + length;
        if (pos >= end) {
            throw fail("no room for the attributes within length " + length, pos);
        }
        attributes = buffer.get(pos++);
        timestampDelta = varlong(buffer, end, "timestamp delta", "record");
        offsetDelta = varint(buffer, end, "offset delta", "record");
        keySize = sizedField(buffer, "key", true);
        keyPosition = pos - Math.max(keySize, 0);
        valueSize = sizedField(buffer, "value", true);
        valuePosition = pos - Math.max(valueSize, 0);
        int countAt = pos;
        headerCount = varint(buffer, end, "header count", "record");
        if (headerCount < 0) {
            throw fail("negative header count " + headerCount, countAt);
        }
        headersPosition = pos;
        for (int h = 0; h < headerCount; h++) {
            sizedField(buffer, "header " + h + " key", false);
            sizedField(buffer, "header " + h + " value", true);
        }
        if (pos != end) {
            throw fail("declared length " + length + " but its fields end " + (end - pos) + " bytes earlier", pos);
        }
        return end;
    }

    /** A length-prefixed byte field: returns its length (-1 for null) and moves past it. */
    private int sizedField(ByteBuffer buffer, String name, boolean nullable) {
        int at = pos;
        int size = varint(buffer, end, name + " length", "record");
        if (size < (nullable ? -1 : 0)) {
            throw fail("invalid " + name + " length " + size, at);
        }
        if (size > end - pos) {
            throw fail(name + " length " + size + " exceeds the " + (end - pos) + " bytes left in the record", at);
        }
        pos += Math.max(size, 0);
        return size;
    }

    private int varint(ByteBuffer buffer, int limit, String field, String scope) {
        int n = Varint.encodedLength(buffer, pos, limit, Varint.MAX_VARINT_BYTES);
        checkVarint(n, field, scope);
        int value = Varint.decodeVarint(buffer, pos, n);
        pos += n;
        return value;
    }

    private long varlong(ByteBuffer buffer, int limit, String field, String scope) {
        int n = Varint.encodedLength(buffer, pos, limit, Varint.MAX_VARLONG_BYTES);
        checkVarint(n, field, scope);
        long value = Varint.decodeVarlong(buffer, pos, n);
        pos += n;
        return value;
    }

    private void checkVarint(int n, String field, String scope) {
        if (n == Varint.TRUNCATED) {
            throw fail(field + " varint is cut off by the end of the " + scope, pos);
        }
        if (n == Varint.TOO_LONG) {
            throw fail(field + " varint is malformed (too many bytes)", pos);
        }
    }

    private RuntimeException fail(String what, int index) {
        return Corruption.at(origin, batchStart, index, "record " + recordIndex + " (at byte " + (start - origin) + "): " + what);
    }
}
