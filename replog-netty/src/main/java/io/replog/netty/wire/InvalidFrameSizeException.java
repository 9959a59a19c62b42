package io.replog.netty.wire;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A size prefix that no valid frame can have: negative, smaller than the smallest message, or
 * larger than the configured limit. Its message names the length, the limits and the remote
 * address, so the log line that closes the connection says all an operator needs. The connection
 * cannot be resynchronised after it (the next frame's start is unknown), so it is always closed.
 */
public final class InvalidFrameSizeException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    private final long length;

    /** A frame of {@code length} bytes (as the peer claimed it) refused for {@code reason}. */
    public InvalidFrameSizeException(long length, String reason) {
        super(reason);
        this.length = length;
    }

    /** The length the peer claimed, as read from the prefix. */
    public long length() {
        return length;
    }
}
