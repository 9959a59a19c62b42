package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;

/**
 * Reads and writes response headers: v0 is the {@code correlation_id}, v1 adds a tagged fields
 * section, written empty and skipped on reading. Which version a response uses is the caller's to
 * know ({@link KnownApi#responseHeaderVersion}): it is not on the wire.
 */
public final class ResponseHeaderCodec {
    private ResponseHeaderCodec() {
    }

    /** The bytes {@link #write} produces for {@code headerVersion}. */
    public static int size(short headerVersion) {
        return headerVersion == 0 ? 4 : 5;
    }

    /** Writes a v{@code headerVersion} header (0 or 1) carrying {@code correlationId}. */
    public static void write(int correlationId, short headerVersion, ByteBuf out) {
        checkVersion(headerVersion);
        out.writeInt(correlationId);
        if (headerVersion >= 1) {
            TaggedFields.writeEmpty(out);
        }
    }

    /** Reads a v{@code headerVersion} header; returns its correlation id and leaves the reader at the body. */
    public static int read(ByteBuf in, short headerVersion) {
        checkVersion(headerVersion);
        if (in.readableBytes() < 4) {
            throw new MalformedHeaderException("response of " + in.readableBytes()
                    + " bytes is too short for correlation_id (4 bytes)");
        }
        int correlationId = in.readInt();
        if (headerVersion >= 1) {
            TaggedFields.skip(in, "response header v1, correlation_id " + correlationId);
        }
        return correlationId;
    }

    private static void checkVersion(short headerVersion) {
        if (headerVersion != 0 && headerVersion != 1) {
            throw new IllegalArgumentException("response header version must be 0 or 1, was " + headerVersion);
        }
    }
}
