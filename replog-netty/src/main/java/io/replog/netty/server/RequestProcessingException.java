package io.replog.netty.server;

import io.replog.netty.wire.RequestHeader;

/**
 * A request its processor failed on: thrown from {@link RequestProcessor#process}, a future
 * completed exceptionally or with null. Names the request, so the log line that closes the
 * connection says which one.
 */
final class RequestProcessingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RequestProcessingException(RequestHeader header, String what, Throwable cause) {
        super("processing " + header + " failed: " + what, cause);
    }
}
