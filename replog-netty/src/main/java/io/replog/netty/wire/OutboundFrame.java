package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The payload of one outbound frame, as an ordered list of {@link ByteBuf} and {@link FileRegion}
 * parts, so that log segment bytes can go to a socket with {@code sendfile} rather than through
 * the heap. {@link FrameEncoder} writes the size prefix and then the parts in order.
 *
 * <p>Guarantees: the parts are exactly those given, in order; {@link #size()} is the sum of the
 * ByteBufs' readable bytes and the regions' remaining bytes when the frame was made. The frame owns
 * one reference of each part and is reference counted itself: when its count drops to zero it
 * releases its parts, so a frame Netty drops (a closed channel, a failed write) leaks nothing, and
 * the encoder retains the parts it passes on before the frame is released.
 */
public final class OutboundFrame extends AbstractReferenceCounted {
    private final List<Object> parts;
    private final long size;

    private OutboundFrame(List<Object> parts, long size) {
        this.parts = parts;
        this.size = size;
    }

    /** A frame of one buffer. */
    public static OutboundFrame of(ByteBuf payload) {
        return of(List.of(payload));
    }

    /** A frame of {@code parts}, each a {@link ByteBuf} or a {@link FileRegion}. */
    public static OutboundFrame of(List<?> parts) {
        long size = 0;
        List<Object> copy = new ArrayList<>(parts.size());
        for (Object part : parts) {
            Objects.requireNonNull(part, "part");
            size += partSize(part);
            copy.add(part);
        }
        return new OutboundFrame(List.copyOf(copy), size);
    }

    /** The bytes every part carries, which the size prefix announces. */
    public long size() {
        return size;
    }

    /** The parts, in order. */
    public List<Object> parts() {
        return parts;
    }

    @Override
    protected void deallocate() {
        for (Object part : parts) {
            ReferenceCountUtil.safeRelease(part);
        }
    }

    @Override
    public OutboundFrame touch(Object hint) {
        for (Object part : parts) {
            ReferenceCountUtil.touch(part, hint);
        }
        return this;
    }

    static long partSize(Object part) {
        if (part instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (part instanceof FileRegion region) {
            return region.count() - region.transferred();
        }
        String type = part.getClass().getName();
        if (part instanceof ReferenceCounted counted) {
            ReferenceCountUtil.safeRelease(counted);
        }
        throw new IllegalArgumentException("a frame part must be a ByteBuf or a FileRegion, was " + type);
    }

    @Override
    public String toString() {
        return "OutboundFrame(" + size + " bytes in " + parts.size() + " parts)";
    }
}
