package io.replog.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * Turns each outbound {@link FileRegion} into a {@link ByteBuf} holding a copy of its remaining
 * bytes, for channels that cannot send files: Netty's in-VM {@code local} channel passes messages
 * as objects, and a region handed to the other side would be read by a pipeline that expects
 * buffers. The region is released once copied. Stateless, hence sharable.
 */
@ChannelHandler.Sharable
final class FileRegionCopier extends MessageToMessageEncoder<FileRegion> {
    static final FileRegionCopier INSTANCE = new FileRegionCopier();

    private FileRegionCopier() {
        super(FileRegion.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, FileRegion region, List<Object> out) throws IOException {
        long remaining = region.count() - region.transferred();
        if (remaining > Integer.MAX_VALUE) {
            throw new EncoderException("a file region of " + remaining + " bytes is too large to copy into a buffer");
        }
        ByteBuf copy = ctx.alloc().buffer((int) remaining);
        try {
            WritableByteChannel sink = new BufferSink(copy);
            while (region.transferred() < region.count()) {
                if (region.transferTo(sink, region.transferred()) <= 0) {
                    throw new EncoderException("file region " + region + " stopped after " + region.transferred()
                            + " of " + region.count() + " bytes");
                }
            }
        } catch (IOException | RuntimeException e) {
            copy.release();
            throw e;
        }
        out.add(copy);
    }

    /** Appends whatever is written to a buffer, which grows as needed. */
    private static final class BufferSink implements WritableByteChannel {
        private final ByteBuf target;

        BufferSink(ByteBuf target) {
            this.target = target;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            target.writeBytes(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // The buffer outlives the copy.
        }
    }
}
