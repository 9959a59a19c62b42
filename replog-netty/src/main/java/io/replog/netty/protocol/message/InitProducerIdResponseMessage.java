package io.replog.netty.protocol.message;

import io.netty.buffer.ByteBuf;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.Wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Kafka's InitProducerId response body (API key 22), versions 0-5, flexible from 2.
 *
 * <p>Generated from {@code src/main/schemas/InitProducerIdResponse.json} by {@code CodecGenerator} (test sources);
 * edit the schema and regenerate, never this file.
 *
 * <p>Guarantees: {@code read} consumes exactly one body of the given version or throws
 * {@link io.replog.netty.protocol.MalformedMessageException}; {@code write} writes exactly
 * {@code size(version)} bytes, or throws before writing when a value cannot be carried by the
 * version ({@link io.replog.netty.protocol.UnsupportedVersionException}) or is null where the
 * version allows none ({@link IllegalArgumentException}). Values are immutable records; lists are
 * not copied, and those produced by {@code read} are unmodifiable. Records and bytes fields are
 * slices of the buffer read from and stay valid only while it does. Unknown tagged fields are
 * skipped on read and not kept.
 */
public record InitProducerIdResponseMessage(
        int throttleTimeMs,
        short errorCode,
        long producerId,
        short producerEpoch) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 22;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 5;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 2;

    /** Every field at its default. */
    public static final InitProducerIdResponseMessage DEFAULT = new InitProducerIdResponseMessage(0, (short) 0, -1L, (short) 0);

    /** @return a copy with {@code throttleTimeMs} replaced */
    public InitProducerIdResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new InitProducerIdResponseMessage(throttleTimeMs, errorCode, producerId, producerEpoch);
    }

    /** @return a copy with {@code errorCode} replaced */
    public InitProducerIdResponseMessage withErrorCode(short errorCode) {
        return new InitProducerIdResponseMessage(throttleTimeMs, errorCode, producerId, producerEpoch);
    }

    /** @return a copy with {@code producerId} replaced */
    public InitProducerIdResponseMessage withProducerId(long producerId) {
        return new InitProducerIdResponseMessage(throttleTimeMs, errorCode, producerId, producerEpoch);
    }

    /** @return a copy with {@code producerEpoch} replaced */
    public InitProducerIdResponseMessage withProducerEpoch(short producerEpoch) {
        return new InitProducerIdResponseMessage(throttleTimeMs, errorCode, producerId, producerEpoch);
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }

    /**
     * Reads one body of {@code version} from {@code buf}'s reader index.
     *
     * @throws io.replog.netty.protocol.MalformedMessageException when the bytes are not such a body
     * @throws io.replog.netty.protocol.UnsupportedVersionException when the version is not supported
     */
    public static InitProducerIdResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("InitProducerIdResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 2;
        int v_throttleTimeMs = 0;
        short v_errorCode = (short) 0;
        long v_producerId = -1L;
        short v_producerEpoch = (short) 0;
        v_throttleTimeMs = Wire.readInt32(buf, "InitProducerIdResponseMessage.throttleTimeMs");
        v_errorCode = Wire.readInt16(buf, "InitProducerIdResponseMessage.errorCode");
        v_producerId = Wire.readInt64(buf, "InitProducerIdResponseMessage.producerId");
        v_producerEpoch = Wire.readInt16(buf, "InitProducerIdResponseMessage.producerEpoch");
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "InitProducerIdResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "InitProducerIdResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "InitProducerIdResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "InitProducerIdResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new InitProducerIdResponseMessage(v_throttleTimeMs, v_errorCode, v_producerId, v_producerEpoch);
    }

    void validate(short version) {
    }

    /**
     * Writes this body at {@code version} from {@code buf}'s writer index.
     *
     * @throws io.replog.netty.protocol.UnsupportedVersionException when the version is not supported
     *         or a field holds a value that the version cannot carry
     */
    @Override
    public void write(ByteBuf buf, short version) {
        Wire.checkVersion("InitProducerIdResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        buf.writeInt(throttleTimeMs);
        buf.writeShort(errorCode);
        buf.writeLong(producerId);
        buf.writeShort(producerEpoch);
        if (flexible) {
            Wire.writeUnsignedVarint(buf, 0); // no tagged fields
        }
    }

    /**
     * @return the exact number of bytes {@link #write} writes at {@code version}
     * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write} would
     */
    @Override
    public int size(short version) {
        Wire.checkVersion("InitProducerIdResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        int size = 0;
        size += 4;
        size += 2;
        size += 8;
        size += 2;
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }
}
