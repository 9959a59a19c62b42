package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

import java.util.Objects;

/**
 * One request as it came off a connection: its parsed header, the version of the header its
 * response must carry, and its body, still encoded.
 *
 * <p>Reference counting is the body's: the frame counts as one reference of it, so that a frame
 * Netty drops at the end of a pipeline is released like any buffer. Whoever holds the frame
 * releases it once (or retains it to keep the body longer).
 */
public final class RequestFrame implements ReferenceCounted {
    private final RequestHeader header;
    private final short responseHeaderVersion;
    private final ByteBuf body;

    /** A frame owning one reference of {@code body}. */
    public RequestFrame(RequestHeader header, short responseHeaderVersion, ByteBuf body) {
        this.header = Objects.requireNonNull(header, "header");
        this.responseHeaderVersion = responseHeaderVersion;
        this.body = Objects.requireNonNull(body, "body");
    }

    public RequestHeader header() {
        return header;
    }

    /** 0 or 1: what the response to this request starts with. */
    public short responseHeaderVersion() {
        return responseHeaderVersion;
    }

    /** The encoded request body: readable from its first byte to its last. */
    public ByteBuf body() {
        return body;
    }

    @Override
    public int refCnt() {
        return body.refCnt();
    }

    @Override
    public RequestFrame retain() {
        body.retain();
        return this;
    }

    @Override
    public RequestFrame retain(int increment) {
        body.retain(increment);
        return this;
    }

    @Override
    public RequestFrame touch() {
        body.touch(this);
        return this;
    }

    @Override
    public RequestFrame touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return body.release();
    }

    @Override
    public boolean release(int decrement) {
        return body.release(decrement);
    }

    @Override
    public String toString() {
        return "RequestFrame(" + header + ", " + body.readableBytes() + " body bytes)";
    }
}
