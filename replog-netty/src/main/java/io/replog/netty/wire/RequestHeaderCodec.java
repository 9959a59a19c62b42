package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * Reads and writes {@link RequestHeader}s. The header version is not on the wire: it follows from
 * the API key and version (see {@link KnownApi#requestHeaderVersion}), which is why an unknown API
 * key makes the rest of the frame unreadable.
 *
 * <p>Guarantees of {@link #read}: it consumes exactly the header and leaves the reader index at the
 * body; it never reads past the buffer's readable bytes; anything it cannot parse fails with a
 * {@link MalformedHeaderException} (an {@link UnknownApiKeyException} for an unknown key) naming
 * the field, what was there and the part of the header already read.
 */
public final class RequestHeaderCodec {
    /** The smallest possible request header: v1 with a null or empty client id. */
    public static final int MIN_BYTES = 2 + 2 + 4 + 2;

    private RequestHeaderCodec() {
    }

    /** Reads the header at the start of {@code frame}, with header versions from {@code table}. */
    public static RequestHeader read(ByteBuf frame, ApiVersionsTable table) {
        int frameBytes = frame.readableBytes();
        if (frameBytes < 4) {
            throw new MalformedHeaderException("request of " + frameBytes
                    + " bytes is too short for api_key and api_version (4 bytes)");
        }
        short apiKey = frame.readShort();
        short apiVersion = frame.readShort();
        KnownApi api = table.find(apiKey).orElseThrow(() -> new UnknownApiKeyException(apiKey,
                "unknown API key " + apiKey + " (api_version " + apiVersion + "); known keys: "
                        + table.apis().stream().map(a -> Short.toString(a.key())).toList()));
        if (apiVersion < 0) {
            throw new MalformedHeaderException("request header of " + api + ": negative api_version " + apiVersion);
        }
        short headerVersion = api.requestHeaderVersion(apiVersion);
        String where = "request header v" + headerVersion + " of " + api + " v" + apiVersion;
        if (frame.readableBytes() < 4) {
            throw new MalformedHeaderException(where + ": " + frame.readableBytes()
                    + " bytes left, too few for correlation_id (4 bytes)");
        }
        int correlationId = frame.readInt();
        where += ", correlation_id " + correlationId;
        String clientId = readNullableString(frame, where);
        if (headerVersion >= 2) {
            TaggedFields.skip(frame, where);
        }
        return new RequestHeader(headerVersion, apiKey, apiVersion, correlationId, clientId);
    }

    /** Writes {@code header} in its own header version, with an empty tagged fields section in v2. */
    public static void write(RequestHeader header, ByteBuf out) {
        out.writeShort(header.apiKey());
        out.writeShort(header.apiVersion());
        out.writeInt(header.correlationId());
        writeNullableString(header.clientId(), out);
        if (header.headerVersion() >= 2) {
            TaggedFields.writeEmpty(out);
        }
    }

    private static String readNullableString(ByteBuf in, String where) {
        if (in.readableBytes() < 2) {
            throw new MalformedHeaderException(where + ": " + in.readableBytes()
                    + " bytes left, too few for the client_id length (2 bytes)");
        }
        short length = in.readShort();
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw new MalformedHeaderException(where + ": client_id length " + length
                    + " is negative and not -1 (null)");
        }
        if (length > in.readableBytes()) {
            throw new MalformedHeaderException(where + ": client_id length " + length + " exceeds the "
                    + in.readableBytes() + " bytes left in the frame");
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    private static void writeNullableString(String value, ByteBuf out) {
        if (value == null) {
            out.writeShort(-1);
            return;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("client_id of " + length + " UTF-8 bytes exceeds " + Short.MAX_VALUE);
        }
        out.writeShort(length);
        out.writeCharSequence(value, StandardCharsets.UTF_8);
    }
}
