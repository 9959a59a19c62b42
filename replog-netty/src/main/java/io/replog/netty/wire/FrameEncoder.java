package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Writes Kafka's int32 size prefix before each frame: an {@link OutboundFrame} (buffers and file
 * regions) or a plain {@link ByteBuf} payload. The payload is passed on as is, never copied; a
 * frame too large for an int32 prefix fails the write with an {@link EncoderException}. Either way
 * the message itself is released once encoded, as with every Netty encoder. Stateless, hence
 * sharable.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Object> {

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof OutboundFrame || msg instanceof ByteBuf;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof ByteBuf payload) {
            out.add(prefix(ctx, payload.readableBytes()));
            // MessageToMessageEncoder releases msg after encode; the payload travels on.
            out.add(payload.retain());
            return;
        }
        OutboundFrame frame = (OutboundFrame) msg;
        if (frame.size() > Integer.MAX_VALUE) {
            throw new EncoderException("a frame of " + frame.size() + " bytes does not fit an int32 size prefix");
        }
        out.add(prefix(ctx, (int) frame.size()));
        for (Object part : frame.parts()) {
            // The frame is released after encode; its parts travel on.
            out.add(ReferenceCountUtil.retain(part));
        }
    }

    private static ByteBuf prefix(ChannelHandlerContext ctx, int size) {
        return ctx.alloc().buffer(FrameDecoder.PREFIX_BYTES).writeInt(size);
    }
}
