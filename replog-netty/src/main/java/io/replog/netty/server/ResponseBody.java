package io.replog.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link RequestProcessor} answers: an encoded response body, or {@link #none()} for a
 * request that gets no response at all (a produce with acks=0).
 *
 * <p>A body is a {@link ByteBuf}, or for fetch responses an ordered list of buffers and
 * {@link FileRegion}s, so that log segment bytes reach a TCP socket by {@code sendfile} without
 * passing through the heap; on in-VM {@code local} channels the pipeline copies regions into
 * buffers, since there is no socket to send a file to. The body owns one reference of each part
 * and hands them to the connection, which writes them or, if it closed meanwhile, releases them.
 */
public final class ResponseBody {
    private static final ResponseBody NONE = new ResponseBody(List.of());

    private final List<Object> parts;

    private ResponseBody(List<Object> parts) {
        this.parts = parts;
    }

    /** No response: nothing is written, and later responses on the connection are not held back by it. */
    public static ResponseBody none() {
        return NONE;
    }

    /** A body of one buffer, readable from its first byte to its last. */
    public static ResponseBody of(ByteBuf body) {
        return new ResponseBody(List.of(Objects.requireNonNull(body, "body")));
    }

    /** A body of {@code parts} in order, each a {@link ByteBuf} or a {@link FileRegion}; at least one. */
    public static ResponseBody of(List<?> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a response body needs at least one part; use none() for no response");
        }
        for (Object part : parts) {
            if (!(part instanceof ByteBuf) && !(part instanceof FileRegion)) {
                throw new IllegalArgumentException("a response body part must be a ByteBuf or a FileRegion, was "
                        + (part == null ? "null" : part.getClass().getName()));
            }
        }
        return new ResponseBody(List.copyOf(parts));
    }

    /** Whether this is {@link #none()}. */
    public boolean isNone() {
        return parts.isEmpty();
    }

    /** The parts, in order; empty for {@link #none()}. */
    public List<Object> parts() {
        return parts;
    }

    /** Releases every part; for a body that will never be written. */
    public void release() {
        for (Object part : parts) {
            ReferenceCountUtil.safeRelease(part);
        }
    }

    @Override
    public String toString() {
        return isNone() ? "ResponseBody(none)" : "ResponseBody(" + parts.size() + " parts)";
    }
}
