package io.replog.netty.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The primitive encodings of Kafka's wire protocol over Netty {@link ByteBuf}s, used by the
 * generated message codecs.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every {@code read*} method checks that the bytes it needs are readable before it moves the
 *       reader index, and fails with a {@link MalformedMessageException} naming the field, the offset
 *       and what was expected; no {@link IndexOutOfBoundsException} escapes.</li>
 *   <li>Lengths read from the wire are checked against the readable bytes before anything is
 *       allocated, so a hostile length cannot make the reader allocate more than the frame holds.</li>
 *   <li>Bytes and records fields are returned as slices of the input buffer (no copy, no retain):
 *       they stay valid while the input buffer does.</li>
 *   <li>Each {@code write*} method has a {@code sizeOf*} counterpart giving the exact number of
 *       bytes it writes, so a frame length can be written before the body.</li>
 * </ul>
 *
 * <p>Compact encodings (strings, bytes, arrays) are those of flexible versions: an unsigned varint
 * holding length + 1, where 0 means null. Non-compact ones use an int16 (strings) or int32 (bytes,
 * arrays) length where -1 means null.
 *
 * <p>Tagged fields: a reader that meets a tag it does not know (or a known tag in a version that
 * lacks it) skips its bytes and drops it. Nothing replog serves needs to pass unknown tags through,
 * and dropping them keeps every decoded message a plain value; re-encoding such a message therefore
 * yields the body without the unknown tags.
 */
public final class Wire {
    /** The all-zero UUID: the default of uuid fields, which Kafka treats as "no id". */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);

    /** An empty, read-only buffer: the default of non-nullable bytes fields. */
    public static final ByteBuf EMPTY_BYTES = Unpooled.EMPTY_BUFFER;

    private static final int MAX_STRING_BYTES = Short.MAX_VALUE;

    private Wire() {
    }

    // ---- checks ----------------------------------------------------------------------------------

    /**
     * Fails unless {@code n} bytes are readable.
     *
     * @throws MalformedMessageException naming {@code field} and {@code what} when fewer are left
     */
    public static void need(ByteBuf buf, int n, String field, String what) {
        if (buf.readableBytes() < n) {
            throw new MalformedMessageException(field, buf.readerIndex(),
                    "expected " + n + " bytes for " + what + " but only " + buf.readableBytes() + " remain");
        }
    }

    /** @return a {@link MalformedMessageException} for a null where the version allows none */
    public static MalformedMessageException unexpectedNull(String field, int offset, short version) {
        return new MalformedMessageException(field, offset, "null, but the field is not nullable in version " + version);
    }

    /** @return the exception for a null value written to a field that the version cannot carry as null */
    public static IllegalArgumentException nullNotAllowed(String field, short version) {
        return new IllegalArgumentException(field + " is null, but it is not nullable in version " + version);
    }

    /** @return the exception for a non-default value in a field that the version lacks */
    public static UnsupportedVersionException fieldNotInVersion(String field, short version, Object value) {
        return new UnsupportedVersionException(field + " = " + value + " cannot be written: version " + version
                + " has no such field");
    }

    /** @throws UnsupportedVersionException unless {@code lowest <= version <= highest} */
    public static void checkVersion(String message, short version, short lowest, short highest) {
        if (version < lowest || version > highest) {
            throw new UnsupportedVersionException(message + " version " + version + " is outside " + lowest + "-"
                    + highest);
        }
    }

    /**
     * Fails unless a tagged field's value ended exactly where its declared size said.
     *
     * @throws MalformedMessageException when the value was shorter or longer than declared
     */
    public static void checkTaggedEnd(ByteBuf buf, int start, int size, String field) {
        int read = buf.readerIndex() - start;
        if (read != size) {
            throw new MalformedMessageException(field, start, "tagged field declared " + size + " bytes but its value took "
                    + read);
        }
    }

    // ---- fixed-width ----------------------------------------------------------------------------

    /** Reads an int8. */
    public static byte readInt8(ByteBuf buf, String field) {
        need(buf, 1, field, "int8");
        return buf.readByte();
    }

    /** Reads a boolean: any non-zero byte is true, as Kafka reads it. */
    public static boolean readBool(ByteBuf buf, String field) {
        need(buf, 1, field, "bool");
        return buf.readByte() != 0;
    }

    /** Reads an int16. */
    public static short readInt16(ByteBuf buf, String field) {
        need(buf, 2, field, "int16");
        return buf.readShort();
    }

    /** Reads a uint16 into an int in 0..65535. */
    public static int readUint16(ByteBuf buf, String field) {
        need(buf, 2, field, "uint16");
        return buf.readUnsignedShort();
    }

    /** Reads an int32. */
    public static int readInt32(ByteBuf buf, String field) {
        need(buf, 4, field, "int32");
        return buf.readInt();
    }

    /** Reads an int64. */
    public static long readInt64(ByteBuf buf, String field) {
        need(buf, 8, field, "int64");
        return buf.readLong();
    }

    /** Reads an IEEE 754 float64. */
    public static double readFloat64(ByteBuf buf, String field) {
        need(buf, 8, field, "float64");
        return buf.readDouble();
    }

    /** Reads a UUID: 16 bytes, most significant first. */
    public static UUID readUuid(ByteBuf buf, String field) {
        need(buf, 16, field, "uuid");
        return new UUID(buf.readLong(), buf.readLong());
    }

    /** Writes a boolean as 1 or 0. */
    public static void writeBool(ByteBuf buf, boolean value) {
        buf.writeByte(value ? 1 : 0);
    }

    /** Writes a uint16. @throws IllegalArgumentException outside 0..65535 */
    public static void writeUint16(ByteBuf buf, int value, String field) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " = " + value + " does not fit a uint16");
        }
        buf.writeShort(value);
    }

    /** Writes a UUID: 16 bytes, most significant first. */
    public static void writeUuid(ByteBuf buf, UUID value) {
        buf.writeLong(value.getMostSignificantBits());
        buf.writeLong(value.getLeastSignificantBits());
    }

    // ---- varints --------------------------------------------------------------------------------

    /** Reads an unsigned varint of at most 5 bytes (32 bits). */
    public static int readUnsignedVarint(ByteBuf buf, String field) {
        int start = buf.readerIndex();
        int value = 0;
        for (int i = 0; i < 5; i++) {
            if (!buf.isReadable()) {
                throw new MalformedMessageException(field, start, "unsigned varint ends after " + i + " bytes");
            }
            int b = buf.readByte();
            if (i == 4 && (b & 0xF0) != 0) {
                throw new MalformedMessageException(field, start, "unsigned varint exceeds 32 bits");
            }
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException(field, start, "unsigned varint longer than 5 bytes");
    }

    /** Reads a zigzag-encoded signed varint (32 bits). */
    public static int readVarint(ByteBuf buf, String field) {
        int raw = readUnsignedVarint(buf, field);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads a zigzag-encoded signed varlong (64 bits, at most 10 bytes). */
    public static long readVarlong(ByteBuf buf, String field) {
        int start = buf.readerIndex();
        long raw = 0;
        for (int i = 0; i < 10; i++) {
            if (!buf.isReadable()) {
                throw new MalformedMessageException(field, start, "varlong ends after " + i + " bytes");
            }
            int b = buf.readByte();
            if (i == 9 && (b & 0xFE) != 0) {
                throw new MalformedMessageException(field, start, "varlong exceeds 64 bits");
            }
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedMessageException(field, start, "varlong longer than 10 bytes");
    }

    /** Writes an unsigned varint (the int's 32 bits taken as unsigned). */
    public static void writeUnsignedVarint(ByteBuf buf, int value) {
        while ((value & ~0x7F) != 0) {
            buf.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf.writeByte(value);
    }

    /** Writes a zigzag-encoded signed varint. */
    public static void writeVarint(ByteBuf buf, int value) {
        writeUnsignedVarint(buf, (value << 1) ^ (value >> 31));
    }

    /** Writes a zigzag-encoded signed varlong. */
    public static void writeVarlong(ByteBuf buf, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            buf.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.writeByte((int) v);
    }

    /** @return the bytes {@link #writeUnsignedVarint} writes for {@code value} */
    public static int sizeOfUnsignedVarint(int value) {
        int leadingZeros = Integer.numberOfLeadingZeros(value);
        // 32 - leadingZeros significant bits, 7 per byte, and 0 still takes one byte.
        return Math.max(1, (32 - leadingZeros + 6) / 7);
    }

    /** @return the bytes {@link #writeVarint} writes for {@code value} */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /** @return the bytes {@link #writeVarlong} writes for {@code value} */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    // ---- strings --------------------------------------------------------------------------------

    /**
     * Reads a string, int16-length-prefixed or (when {@code compact}) unsigned-varint-prefixed.
     *
     * @param nullable whether the version allows null; a null where it does not is malformed
     * @return the string, or null when {@code nullable} and the length says null
     */
    public static String readString(ByteBuf buf, String field, boolean compact, boolean nullable, short version) {
        int start = buf.readerIndex();
        int length;
        if (compact) {
            length = readUnsignedVarint(buf, field) - 1;
        } else {
            length = readInt16(buf, field);
        }
        if (length < 0) {
            if (length == -1 && nullable) {
                return null;
            }
            if (length == -1) {
                throw unexpectedNull(field, start, version);
            }
            throw new MalformedMessageException(field, start, "negative string length " + length);
        }
        if (length > MAX_STRING_BYTES) {
            throw new MalformedMessageException(field, start, "string length " + length + " exceeds " + MAX_STRING_BYTES);
        }
        need(buf, length, field, "the string's UTF-8 bytes");
        String value = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return value;
    }

    /** @return the UTF-8 length of {@code value} (0 for null) */
    public static int utf8Length(String value) {
        return value == null ? 0 : ByteBufUtil.utf8Bytes(value);
    }

    /**
     * Writes a string; null (if the caller allowed it) as the null length.
     *
     * @throws IllegalArgumentException when its UTF-8 form exceeds 32767 bytes
     */
    public static void writeString(ByteBuf buf, String value, boolean compact, String field) {
        if (value == null) {
            if (compact) {
                buf.writeByte(0);
            } else {
                buf.writeShort(-1);
            }
            return;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(field + " is " + length + " UTF-8 bytes; at most " + MAX_STRING_BYTES
                    + " fit");
        }
        if (compact) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeShort(length);
        }
        ByteBufUtil.reserveAndWriteUtf8(buf, value, length);
    }

    /** @return the bytes {@link #writeString} writes for {@code value} */
    public static int sizeOfString(String value, boolean compact) {
        if (value == null) {
            return compact ? 1 : 2;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        return (compact ? sizeOfUnsignedVarint(length + 1) : 2) + length;
    }

    // ---- bytes and records ----------------------------------------------------------------------

    /**
     * Reads a bytes (or records) field, int32-length-prefixed or (when {@code compact})
     * unsigned-varint-prefixed, as a slice of {@code buf} that shares its memory and lifetime.
     *
     * @return the slice, or null when {@code nullable} and the length says null
     */
    public static ByteBuf readBytes(ByteBuf buf, String field, boolean compact, boolean nullable, short version) {
        int start = buf.readerIndex();
        int length = compact ? readUnsignedVarint(buf, field) - 1 : readInt32(buf, field);
        if (length < 0) {
            if (length == -1 && nullable) {
                return null;
            }
            if (length == -1) {
                throw unexpectedNull(field, start, version);
            }
            throw new MalformedMessageException(field, start, "negative bytes length " + length);
        }
        need(buf, length, field, "the field's bytes");
        return buf.readSlice(length);
    }

    /** Writes a bytes (or records) field from the readable bytes of {@code value}, leaving its indexes untouched. */
    public static void writeBytes(ByteBuf buf, ByteBuf value, boolean compact) {
        if (value == null) {
            if (compact) {
                buf.writeByte(0);
            } else {
                buf.writeInt(-1);
            }
            return;
        }
        int length = value.readableBytes();
        if (compact) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeInt(length);
        }
        buf.writeBytes(value, value.readerIndex(), length);
    }

    /** @return the bytes {@link #writeBytes} writes for {@code value} */
    public static int sizeOfBytes(ByteBuf value, boolean compact) {
        if (value == null) {
            return compact ? 1 : 4;
        }
        int length = value.readableBytes();
        return (compact ? sizeOfUnsignedVarint(length + 1) : 4) + length;
    }

    // ---- arrays ---------------------------------------------------------------------------------

    /**
     * Reads an array's element count, int32 or (when {@code compact}) unsigned varint of count + 1.
     * A count larger than the readable bytes is refused, since every element takes at least one
     * byte in the versions that carry these arrays; that bounds what a reader allocates.
     *
     * @return the count, or -1 when {@code nullable} and the count says null
     */
    public static int readArrayLength(ByteBuf buf, String field, boolean compact, boolean nullable, short version) {
        int start = buf.readerIndex();
        int length = compact ? readUnsignedVarint(buf, field) - 1 : readInt32(buf, field);
        if (length < 0) {
            if (length == -1 && nullable) {
                return -1;
            }
            if (length == -1) {
                throw unexpectedNull(field, start, version);
            }
            throw new MalformedMessageException(field, start, "negative array length " + length);
        }
        if (length > buf.readableBytes()) {
            throw new MalformedMessageException(field, start, "array of " + length + " elements, but only "
                    + buf.readableBytes() + " bytes remain");
        }
        return length;
    }

    /** Writes an array's element count (null as the null count). */
    public static void writeArrayLength(ByteBuf buf, List<?> value, boolean compact) {
        int length = value == null ? -1 : value.size();
        if (compact) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeInt(length);
        }
    }

    /** @return the bytes {@link #writeArrayLength} writes for {@code value} */
    public static int sizeOfArrayLength(List<?> value, boolean compact) {
        return compact ? sizeOfUnsignedVarint(value == null ? 0 : value.size() + 1) : 4;
    }

    // ---- tagged fields --------------------------------------------------------------------------

    /**
     * Fails unless a tagged field's declared size is non-negative and that many bytes remain.
     *
     * @throws MalformedMessageException naming the tag otherwise
     */
    public static void checkTaggedSize(ByteBuf buf, int tag, int size, String field) {
        if (size < 0 || buf.readableBytes() < size) {
            throw new MalformedMessageException(field, buf.readerIndex(), "tagged field " + tag + " declares "
                    + Integer.toUnsignedString(size) + " bytes but only " + buf.readableBytes() + " remain");
        }
    }

    /**
     * Skips the value of a tagged field this reader does not use, after its tag and size were read.
     *
     * @throws MalformedMessageException when fewer than {@code size} bytes remain
     */
    public static void skipTaggedField(ByteBuf buf, int tag, int size, String field) {
        checkTaggedSize(buf, tag, size, field);
        buf.skipBytes(size);
    }
}
