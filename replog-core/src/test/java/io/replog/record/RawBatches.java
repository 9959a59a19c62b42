package io.replog.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Writes batches and records field by field, without the builder, so tests can make exactly the
 * malformed input they need (wrong counts, deltas, lengths) with a correct CRC on top.
 */
final class RawBatches {

    private RawBatches() {
    }

    /** A batch with the given header fields around {@code records}, CRC computed. */
    static ByteBuffer batch(long baseOffset, short attributes, int lastOffsetDelta, int count, byte[] records) {
        ByteBuffer b = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + records.length);
        b.putLong(baseOffset).putInt(b.capacity() - RecordBatch.LOG_OVERHEAD).putInt(-1).put(RecordBatch.MAGIC).putInt(0)
                .putShort(attributes).putInt(lastOffsetDelta).putLong(0L).putLong(0L).putLong(-1L).putShort((short) -1)
                .putInt(-1).putInt(count).put(records);
        b.flip();
        return fixCrc(b, 0);
    }

    /** Recomputes the CRC of the batch at {@code position} after a test edited covered bytes. */
    static ByteBuffer fixCrc(ByteBuffer b, int position) {
        int size = RecordBatch.LOG_OVERHEAD + b.getInt(position + RecordBatch.LENGTH_OFFSET);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), position + RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        b.putInt(position + RecordBatch.CRC_OFFSET, (int) crc.getValue());
        return b;
    }

    /** One record with a null key and the given value, fields written as the format says. */
    static byte[] record(int offsetDelta, byte[] value) {
        ByteBuffer body = ByteBuffer.allocate(64 + value.length);
        body.put((byte) 0);
        Varint.writeVarlong(0L, body);
        Varint.writeVarint(offsetDelta, body);
        Varint.writeVarint(-1, body);
        Varint.writeVarint(value.length, body);
        body.put(value);
        Varint.writeVarint(0, body);
        body.flip();
        return withLength(body.remaining(), body);
    }

    /** Prefixes {@code body} with {@code declaredLength} as a varint (which may lie). */
    static byte[] withLength(int declaredLength, ByteBuffer body) {
        ByteBuffer out = ByteBuffer.allocate(5 + body.remaining());
        Varint.writeVarint(declaredLength, out);
        out.put(body).flip();
        return RecordBatchLayoutTest.bytes(out);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    static ByteBuffer concat(ByteBuffer... batches) {
        int n = 0;
        for (ByteBuffer b : batches) {
            n += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip();
    }
}
