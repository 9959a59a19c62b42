package io.replog.netty.protocol;

import io.netty.buffer.ByteBuf;
import io.replog.netty.protocol.message.ApiVersionsResponseMessage;
import io.replog.netty.protocol.message.ApiVersionsResponseMessage.ApiVersion;

import java.util.List;

/**
 * The answer to an ApiVersions request of a version this server does not support.
 *
 * <p>A client opens with its newest ApiVersions version before it knows what the server speaks. The
 * protocol's way out: the server does not parse that request's body, and answers with a version 0
 * body carrying error 35 (UNSUPPORTED_VERSION) and the server's API ranges; version 0 is the layout
 * every client can read, and the client retries with a version from the list.
 *
 * <p>Guarantees: {@link #write} writes exactly that version 0 body, and nothing else (the response
 * header, always version 0 for ApiVersions, belongs to the caller).
 */
public final class ApiVersionsFallback {
    /** Kafka's UNSUPPORTED_VERSION error code. */
    public static final short UNSUPPORTED_VERSION = 35;

    /** The body version of the fallback answer. */
    public static final short RESPONSE_VERSION = 0;

    private ApiVersionsFallback() {
    }

    /** @return the fallback body: error 35 and {@code supported}, to be written at version 0 */
    public static ApiVersionsResponseMessage unsupportedVersion(List<ApiVersion> supported) {
        return ApiVersionsResponseMessage.DEFAULT.withErrorCode(UNSUPPORTED_VERSION).withApiKeys(supported);
    }

    /** Writes the fallback body at version 0. */
    public static void write(ByteBuf buf, List<ApiVersion> supported) {
        unsupportedVersion(supported).write(buf, RESPONSE_VERSION);
    }

    /** @return the bytes {@link #write} writes */
    public static int size(List<ApiVersion> supported) {
        return unsupportedVersion(supported).size(RESPONSE_VERSION);
    }
}
