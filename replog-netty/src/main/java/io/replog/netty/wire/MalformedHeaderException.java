package io.replog.netty.wire;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A request or response header that cannot be parsed: too short for a field, a string or tag
 * longer than the frame, an invalid varint, a negative API version. The message names the field,
 * what was found and what was expected, and as much of the header as was read before it.
 */
public class MalformedHeaderException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    /** A header refused for {@code reason}. */
    public MalformedHeaderException(String reason) {
        super(reason);
    }
}
