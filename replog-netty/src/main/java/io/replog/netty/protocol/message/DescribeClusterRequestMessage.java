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
 * Kafka's DescribeCluster request body (API key 60), versions 0-2, flexible from 0.
 *
 * <p>Generated from {@code src/main/schemas/DescribeClusterRequest.json} by {@code CodecGenerator} (test sources);
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
public record DescribeClusterRequestMessage(
        boolean includeClusterAuthorizedOperations,
        byte endpointType,
        boolean includeFencedBrokers) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 60;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 2;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 0;

    /** Every field at its default. */
    public static final DescribeClusterRequestMessage DEFAULT = new DescribeClusterRequestMessage(false, (byte) 1, false);

    /** @return a copy with {@code includeClusterAuthorizedOperations} replaced */
    public DescribeClusterRequestMessage withIncludeClusterAuthorizedOperations(boolean includeClusterAuthorizedOperations) {
        return new DescribeClusterRequestMessage(includeClusterAuthorizedOperations, endpointType, includeFencedBrokers);
    }

    /** @return a copy with {@code endpointType} replaced */
    public DescribeClusterRequestMessage withEndpointType(byte endpointType) {
        return new DescribeClusterRequestMessage(includeClusterAuthorizedOperations, endpointType, includeFencedBrokers);
    }

    /** @return a copy with {@code includeFencedBrokers} replaced */
    public DescribeClusterRequestMessage withIncludeFencedBrokers(boolean includeFencedBrokers) {
        return new DescribeClusterRequestMessage(includeClusterAuthorizedOperations, endpointType, includeFencedBrokers);
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
    public static DescribeClusterRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("DescribeClusterRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 0;
        boolean v_includeClusterAuthorizedOperations = false;
        byte v_endpointType = (byte) 1;
        boolean v_includeFencedBrokers = false;
        v_includeClusterAuthorizedOperations = Wire.readBool(buf, "DescribeClusterRequestMessage.includeClusterAuthorizedOperations");
        if (version >= 1) {
            v_endpointType = Wire.readInt8(buf, "DescribeClusterRequestMessage.endpointType");
        }
        if (version >= 2) {
            v_includeFencedBrokers = Wire.readBool(buf, "DescribeClusterRequestMessage.includeFencedBrokers");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "DescribeClusterRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "DescribeClusterRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "DescribeClusterRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "DescribeClusterRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new DescribeClusterRequestMessage(v_includeClusterAuthorizedOperations, v_endpointType, v_includeFencedBrokers);
    }

    void validate(short version) {
        if (!(version >= 1) && endpointType != (byte) 1) {
            throw Wire.fieldNotInVersion("DescribeClusterRequestMessage.endpointType", version, endpointType);
        }
        if (!(version >= 2) && includeFencedBrokers != false) {
            throw Wire.fieldNotInVersion("DescribeClusterRequestMessage.includeFencedBrokers", version, includeFencedBrokers);
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
        Wire.checkVersion("DescribeClusterRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 0;
        Wire.writeBool(buf, includeClusterAuthorizedOperations);
        if (version >= 1) {
            buf.writeByte(endpointType);
        }
        if (version >= 2) {
            Wire.writeBool(buf, includeFencedBrokers);
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
        Wire.checkVersion("DescribeClusterRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 0;
        int size = 0;
        size += 1;
        if (version >= 1) {
            size += 1;
        }
        if (version >= 2) {
            size += 1;
        }
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }
}
