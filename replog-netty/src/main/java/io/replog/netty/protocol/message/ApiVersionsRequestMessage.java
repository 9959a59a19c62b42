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
 * Kafka's ApiVersions request body (API key 18), versions 0-4, flexible from 3.
 *
 * <p>Generated from {@code src/main/schemas/ApiVersionsRequest.json} by {@code CodecGenerator} (test sources);
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
public record ApiVersionsRequestMessage(
        String clientSoftwareName,
        String clientSoftwareVersion) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 18;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 3;

    /** Every field at its default. */
    public static final ApiVersionsRequestMessage DEFAULT = new ApiVersionsRequestMessage("", "");

    /** @return a copy with {@code clientSoftwareName} replaced */
    public ApiVersionsRequestMessage withClientSoftwareName(String clientSoftwareName) {
        return new ApiVersionsRequestMessage(clientSoftwareName, clientSoftwareVersion);
    }

    /** @return a copy with {@code clientSoftwareVersion} replaced */
    public ApiVersionsRequestMessage withClientSoftwareVersion(String clientSoftwareVersion) {
        return new ApiVersionsRequestMessage(clientSoftwareName, clientSoftwareVersion);
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
    public static ApiVersionsRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ApiVersionsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 3;
        String v_clientSoftwareName = "";
        String v_clientSoftwareVersion = "";
        if (version >= 3) {
            v_clientSoftwareName = Wire.readString(buf, "ApiVersionsRequestMessage.clientSoftwareName", flexible, false, version);
        }
        if (version >= 3) {
            v_clientSoftwareVersion = Wire.readString(buf, "ApiVersionsRequestMessage.clientSoftwareVersion", flexible, false, version);
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ApiVersionsRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ApiVersionsRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ApiVersionsRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ApiVersionsRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ApiVersionsRequestMessage(v_clientSoftwareName, v_clientSoftwareVersion);
    }

    void validate(short version) {
        if ((version >= 3) && clientSoftwareName == null) {
            throw Wire.nullNotAllowed("ApiVersionsRequestMessage.clientSoftwareName", version);
        }
        if ((version >= 3) && clientSoftwareVersion == null) {
            throw Wire.nullNotAllowed("ApiVersionsRequestMessage.clientSoftwareVersion", version);
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
        Wire.checkVersion("ApiVersionsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        if (version >= 3) {
            Wire.writeString(buf, clientSoftwareName, flexible, "ApiVersionsRequestMessage.clientSoftwareName");
        }
        if (version >= 3) {
            Wire.writeString(buf, clientSoftwareVersion, flexible, "ApiVersionsRequestMessage.clientSoftwareVersion");
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
        Wire.checkVersion("ApiVersionsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        int size = 0;
        if (version >= 3) {
            size += Wire.sizeOfString(clientSoftwareName, flexible);
        }
        if (version >= 3) {
            size += Wire.sizeOfString(clientSoftwareVersion, flexible);
        }
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }
}
