package io.replog.netty.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.FrameEncoder;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare Kafka-framing client for the tests: plain Netty, its own event loop (threads named
 * {@code test-client-...}, so they never count as replog's), frames in and out, nothing else.
 */
final class RawClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final BlockingQueue<ByteBuf> frames = new LinkedBlockingQueue<>();

    RawClient(SocketAddress server, boolean local) {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-client", true),
                local ? LocalIoHandler.newFactory() : NioIoHandler.newFactory());
        channel = new Bootstrap().group(group)
                .channel(local ? LocalChannel.class : NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new FrameDecoder(4, FrameDecoder.DEFAULT_MAX_FRAME_BYTES),
                                new FrameEncoder(),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        frames.add(Unpooled.copiedBuffer(frame));
                                    }
                                });
                    }
                })
                .connect(server).syncUninterruptibly().channel();
    }

    /** Writes already size-prefixed bytes, as they are. */
    void sendRaw(ByteBuf bytes) {
        // Past the frame encoder: these bytes carry their own prefix.
        channel.pipeline().firstContext().writeAndFlush(bytes).syncUninterruptibly();
    }

    /** The next response frame (without its prefix), waiting at most {@code timeout}; null if none came. */
    ByteBuf nextFrame(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
