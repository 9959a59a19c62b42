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
 * Kafka's ControlledShutdown request body (API key 7), version 3, inter-broker only, flexible from 3.
 *
 * <p>Generated from {@code src/main/schemas/ControlledShutdownRequest.json} by {@code CodecGenerator} (test sources);
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
public record ControlledShutdownRequestMessage(
        int brokerId,
        long brokerEpoch) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 7;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 3;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 3;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 3;

    /** Every field at its default. */
    public static final ControlledShutdownRequestMessage DEFAULT = new ControlledShutdownRequestMessage(0, -1L);

    /** @return a copy with {@code brokerId} replaced */
    public ControlledShutdownRequestMessage withBrokerId(int brokerId) {
        return new ControlledShutdownRequestMessage(brokerId, brokerEpoch);
    }

    /** @return a copy with {@code brokerEpoch} replaced */
    public ControlledShutdownRequestMessage withBrokerEpoch(long brokerEpoch) {
        return new ControlledShutdownRequestMessage(brokerId, brokerEpoch);
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
    public static ControlledShutdownRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ControlledShutdownRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 3;
        int v_brokerId = 0;
        long v_brokerEpoch = -1L;
        v_brokerId = Wire.readInt32(buf, "ControlledShutdownRequestMessage.brokerId");
        v_brokerEpoch = Wire.readInt64(buf, "ControlledShutdownRequestMessage.brokerEpoch");
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ControlledShutdownRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ControlledShutdownRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ControlledShutdownRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ControlledShutdownRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ControlledShutdownRequestMessage(v_brokerId, v_brokerEpoch);
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
        Wire.checkVersion("ControlledShutdownRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        buf.writeInt(brokerId);
        buf.writeLong(brokerEpoch);
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
        Wire.checkVersion("ControlledShutdownRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        int size = 0;
        size += 4;
        size += 8;
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }
}
