package io.replog.record;

import io.replog.errors.CorruptRecordException;
import java.nio.ByteBuffer;

/**
 * Zigzag variable-length integers as protobuf's {@code sint32}/{@code sint64} encode them and
 * Kafka's record format uses them: the zigzag value is written seven bits at a time, least
 * significant group first, with the high bit of each byte set when more bytes follow.
 *
 * <p>An int takes 1 to {@value #MAX_VARINT_BYTES} bytes and a long 1 to {@value #MAX_VARLONG_BYTES}.
 * Readers reject an encoding longer than that, or one cut off by the buffer's limit, with a
 * {@link CorruptRecordException} naming the byte index, so malformed input never loops or overflows.
 * Relative methods move the buffer's position; absolute ones (taking an index) leave it alone.
 * Stateless and thread-safe.
 */
public final class Varint {

    /** The longest encoding of an int. */
    public static final int MAX_VARINT_BYTES = 5;
    /** The longest encoding of a long. */
    public static final int MAX_VARLONG_BYTES = 10;

    /** {@link #encodedLength} result: the limit came before the last byte. */
    static final int TRUNCATED = -1;
    /** {@link #encodedLength} result: more continuation bytes than the type allows. */
    static final int TOO_LONG = -2;

    private Varint() {
    }

    /** Bytes that {@code value} takes as a zigzag varint. */
    public static int sizeOfVarint(int value) {
        int bits = 32 - Integer.numberOfLeadingZeros((value << 1) ^ (value >> 31));
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    /** Bytes that {@code value} takes as a zigzag varlong. */
    public static int sizeOfVarlong(long value) {
        int bits = 64 - Long.numberOfLeadingZeros((value << 1) ^ (value >> 63));
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    /** Writes {@code value} at the buffer's position and advances it. */
    public static void writeVarint(int value, ByteBuffer out) {
        out.position(out.position() + writeVarint(value, out, out.position()));
    }

    /** Writes {@code value} at {@code index}; returns the number of bytes written. */
    public static int writeVarint(int value, ByteBuffer out, int index) {
        int z = (value << 1) ^ (value >> 31);
        int i = index;
        while ((z & ~0x7F) != 0) {
            out.put(i++, (byte) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.put(i++, (byte) z);
        return i - index;
    }

    /** Writes {@code value} at the buffer's position and advances it. */
    public static void writeVarlong(long value, ByteBuffer out) {
        out.position(out.position() + writeVarlong(value, out, out.position()));
    }

    /** Writes {@code value} at {@code index}; returns the number of bytes written. */
    public static int writeVarlong(long value, ByteBuffer out, int index) {
        long z = (value << 1) ^ (value >> 63);
        int i = index;
        while ((z & ~0x7FL) != 0) {
            out.put(i++, (byte) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.put(i++, (byte) z);
        return i - index;
    }

    /** Reads a varint at the buffer's position and advances past it. */
    public static int readVarint(ByteBuffer in) {
        int index = in.position();
        int length = checkedLength(in, index, MAX_VARINT_BYTES, "varint");
        int value = decodeVarint(in, index, length);
        in.position(index + length);
        return value;
    }

    /** Reads the varint at {@code index}; its size is {@link #sizeOfVarint} of the result when canonical. */
    public static int readVarint(ByteBuffer in, int index) {
        return decodeVarint(in, index, checkedLength(in, index, MAX_VARINT_BYTES, "varint"));
    }

    /** Reads a varlong at the buffer's position and advances past it. */
    public static long readVarlong(ByteBuffer in) {
        int index = in.position();
        int length = checkedLength(in, index, MAX_VARLONG_BYTES, "varlong");
        long value = decodeVarlong(in, index, length);
        in.position(index + length);
        return value;
    }

    /** Reads the varlong at {@code index}. */
    public static long readVarlong(ByteBuffer in, int index) {
        return decodeVarlong(in, index, checkedLength(in, index, MAX_VARLONG_BYTES, "varlong"));
    }

    /**
     * The number of bytes of the varint starting at {@code index}, or {@link #TRUNCATED} /
     * {@link #TOO_LONG}. Kept separate from decoding so that callers with their own error context
     * (the validator) can word the failure themselves without catching exceptions.
     */
    static int encodedLength(ByteBuffer in, int index, int limit, int maxBytes) {
        for (int n = 0; n < maxBytes; n++) {
            if (index + n >= limit) {
                return TRUNCATED;
            }
            if ((in.get(index + n) & 0x80) == 0) {
                return n + 1;
            }
        }
        return TOO_LONG;
    }

    /** Decodes a varint whose length {@link #encodedLength} has already established. */
    static int decodeVarint(ByteBuffer in, int index, int length) {
        int z = 0;
        for (int n = 0; n < length; n++) {
            z |= (in.get(index + n) & 0x7F) << (7 * n);
        }
        return (z >>> 1) ^ -(z & 1);
    }

    /** Decodes a varlong whose length {@link #encodedLength} has already established. */
    static long decodeVarlong(ByteBuffer in, int index, int length) {
        long z = 0;
        for (int n = 0; n < length; n++) {
            z |= (long) (in.get(index + n) & 0x7F) << (7 * n);
        }
        return (z >>> 1) ^ -(z & 1);
    }

    private static int checkedLength(ByteBuffer in, int index, int maxBytes, String what) {
        int length = encodedLength(in, index, in.limit(), maxBytes);
        if (length == TRUNCATED) {
            throw new CorruptRecordException("truncated " + what + " at byte " + index);
        }
        if (length == TOO_LONG) {
            throw new CorruptRecordException("malformed " + what + " at byte " + index + ": longer than " + maxBytes + " bytes");
        }
        return length;
    }
}
