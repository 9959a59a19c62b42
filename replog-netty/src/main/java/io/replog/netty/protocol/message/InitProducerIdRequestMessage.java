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
 * Kafka's InitProducerId request body (API key 22), versions 0-5, flexible from 2.
 *
 * <p>Generated from {@code src/main/schemas/InitProducerIdRequest.json} by {@code CodecGenerator} (test sources);
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
public record InitProducerIdRequestMessage(
        String transactionalId,
        int transactionTimeoutMs,
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
    public static final InitProducerIdRequestMessage DEFAULT = new InitProducerIdRequestMessage("", 0, -1L, (short) -1);

    /** @return a copy with {@code transactionalId} replaced */
    public InitProducerIdRequestMessage withTransactionalId(String transactionalId) {
        return new InitProducerIdRequestMessage(transactionalId, transactionTimeoutMs, producerId, producerEpoch);
    }

    /** @return a copy with {@code transactionTimeoutMs} replaced */
    public InitProducerIdRequestMessage withTransactionTimeoutMs(int transactionTimeoutMs) {
        return new InitProducerIdRequestMessage(transactionalId, transactionTimeoutMs, producerId, producerEpoch);
    }

    /** @return a copy with {@code producerId} replaced */
    public InitProducerIdRequestMessage withProducerId(long producerId) {
        return new InitProducerIdRequestMessage(transactionalId, transactionTimeoutMs, producerId, producerEpoch);
    }

    /** @return a copy with {@code producerEpoch} replaced */
    public InitProducerIdRequestMessage withProducerEpoch(short producerEpoch) {
        return new InitProducerIdRequestMessage(transactionalId, transactionTimeoutMs, producerId, producerEpoch);
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
    public static InitProducerIdRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("InitProducerIdRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 2;
        String v_transactionalId = "";
        int v_transactionTimeoutMs = 0;
        long v_producerId = -1L;
        short v_producerEpoch = (short) -1;
        v_transactionalId = Wire.readString(buf, "InitProducerIdRequestMessage.transactionalId", flexible, true, version);
        v_transactionTimeoutMs = Wire.readInt32(buf, "InitProducerIdRequestMessage.transactionTimeoutMs");
        if (version >= 3) {
            v_producerId = Wire.readInt64(buf, "InitProducerIdRequestMessage.producerId");
        }
        if (version >= 3) {
            v_producerEpoch = Wire.readInt16(buf, "InitProducerIdRequestMessage.producerEpoch");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "InitProducerIdRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "InitProducerIdRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "InitProducerIdRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "InitProducerIdRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new InitProducerIdRequestMessage(v_transactionalId, v_transactionTimeoutMs, v_producerId, v_producerEpoch);
    }

    void validate(short version) {
        if (!(version >= 3) && producerId != -1L) {
            throw Wire.fieldNotInVersion("InitProducerIdRequestMessage.producerId", version, producerId);
        }
        if (!(version >= 3) && producerEpoch != (short) -1) {
            throw Wire.fieldNotInVersion("InitProducerIdRequestMessage.producerEpoch", version, producerEpoch);
        }
    }

    /**
     * Writes this body at {@code version} from {@code buf}'s writer index.
     *
     * @throws io.replog.netty.protocol.UnsupportedVersionException when the version is not supported
     *         or a field holds a value that the version cannot carry
     */
    @Override
    public void write(ByteBuf buf, short version) {
        Wire.checkVersion("InitProducerIdRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        Wire.writeString(buf, transactionalId, flexible, "InitProducerIdRequestMessage.transactionalId");
        buf.writeInt(transactionTimeoutMs);
        if (version >= 3) {
            buf.writeLong(producerId);
        }
        if (version >= 3) {
            buf.writeShort(producerEpoch);
        }
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
        Wire.checkVersion("InitProducerIdRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        int size = 0;
        size += Wire.sizeOfString(transactionalId, flexible);
        size += 4;
        if (version >= 3) {
            size += 8;
        }
        if (version >= 3) {
            size += 2;
        }
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }
}
