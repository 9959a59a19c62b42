package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;

/**
 * Kafka's unsigned varint (LEB128, at most 5 bytes for 32 bits), the integer of the tagged fields
 * section. Reading never goes past the buffer's readable bytes.
 */
final class UnsignedVarint {
    private static final int MAX_BYTES = 5;

    private UnsignedVarint() {
    }

    /**
     * Reads one varint; values above {@link Integer#MAX_VALUE} come back negative, for the caller
     * to refuse with its own context. Truncated or over-long varints fail naming {@code what}.
     */
    static int read(ByteBuf in, String what) {
        int value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.isReadable()) {
                throw new MalformedHeaderException(what + ": unsigned varint truncated after " + i + " bytes");
            }
            byte b = in.readByte();
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedHeaderException(what + ": unsigned varint longer than " + MAX_BYTES + " bytes");
    }

    /** Writes {@code value} as an unsigned varint. */
    static void write(int value, ByteBuf out) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }
}
