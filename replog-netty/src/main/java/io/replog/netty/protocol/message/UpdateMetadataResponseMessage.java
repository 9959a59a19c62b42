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
 * Kafka's UpdateMetadata response body (API key 6), version 8, inter-broker only, flexible from 6.
 *
 * <p>Generated from {@code src/main/schemas/UpdateMetadataResponse.json} by {@code CodecGenerator} (test sources);
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
public record UpdateMetadataResponseMessage(
        short errorCode) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 6;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 8;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 8;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 6;

    /** Every field at its default. */
    public static final UpdateMetadataResponseMessage DEFAULT = new UpdateMetadataResponseMessage((short) 0);

    /** @return a copy with {@code errorCode} replaced */
    public UpdateMetadataResponseMessage withErrorCode(short errorCode) {
        return new UpdateMetadataResponseMessage(errorCode);
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
    public static UpdateMetadataResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("UpdateMetadataResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 6;
        short v_errorCode = (short) 0;
        v_errorCode = Wire.readInt16(buf, "UpdateMetadataResponseMessage.errorCode");
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "UpdateMetadataResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "UpdateMetadataResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "UpdateMetadataResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "UpdateMetadataResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new UpdateMetadataResponseMessage(v_errorCode);
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
        Wire.checkVersion("UpdateMetadataResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        buf.writeShort(errorCode);
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
        Wire.checkVersion("UpdateMetadataResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        int size = 0;
        size += 2;
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }
}
