package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits a byte stream into Kafka's size-prefixed frames: a big-endian int32 length, then that many
 * bytes. Emits each frame's payload (without the prefix) as a retained slice the next handler owns.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A length below {@code minFrameBytes} (so any negative one) or above {@code maxFrameBytes}
 *       fails with an {@link InvalidFrameSizeException} naming the length, the limits and the
 *       remote address, as soon as the four prefix bytes have arrived: the claimed size is never
 *       allocated nor waited for. Everything the peer sends afterwards is discarded unread.</li>
 *   <li>A frame is emitted only once all its bytes are there; a truncated frame is held (at most
 *       {@code maxFrameBytes} of it) until the rest arrives or the connection closes, and then
 *       released with the connection.</li>
 * </ul>
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** The int32 size prefix. */
    public static final int PREFIX_BYTES = 4;

    /** Kafka's default {@code socket.request.max.bytes}: 100 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 104_857_600;

    private final int minFrameBytes;
    private final int maxFrameBytes;
    private boolean rejected;

    /** Frames of {@code minFrameBytes} to {@code maxFrameBytes} bytes, both inclusive. */
    public FrameDecoder(int minFrameBytes, int maxFrameBytes) {
        if (minFrameBytes < 0 || maxFrameBytes < minFrameBytes) {
            throw new IllegalArgumentException("frame size bounds must satisfy 0 <= min <= max, were min "
                    + minFrameBytes + ", max " + maxFrameBytes);
        }
        this.minFrameBytes = minFrameBytes;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            // The stream lost its framing: nothing after a bad prefix can be trusted, and the
            // connection is already being closed.
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < PREFIX_BYTES) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < minFrameBytes || length > maxFrameBytes) {
            rejected = true;
            in.skipBytes(in.readableBytes());
            throw new InvalidFrameSizeException(length, describe(ctx, length));
        }
        if (in.readableBytes() - PREFIX_BYTES < length) {
            return;
        }
        in.skipBytes(PREFIX_BYTES);
        out.add(in.readRetainedSlice(length));
    }

    private String describe(ChannelHandlerContext ctx, int length) {
        String problem;
        if (length < 0) {
            problem = "negative frame length " + length;
        } else if (length < minFrameBytes) {
            problem = "frame length " + length + " below the smallest valid frame of " + minFrameBytes + " bytes";
        } else {
            problem = "frame length " + length + " above the limit of " + maxFrameBytes
                    + " bytes (socket.request.max.bytes)";
        }
        return problem + " from " + ctx.channel().remoteAddress() + "; frames must be " + minFrameBytes
                + ".." + maxFrameBytes + " bytes";
    }
}
