package io.replog.netty.fuzz;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.KnownApi;
import io.replog.netty.wire.RequestHeader;
import io.replog.netty.wire.RequestHeaderCodec;
import io.replog.netty.wire.ResponseHeaderCodec;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One blocking client connection for the fuzzer, on an event loop group the test owns (threads
 * named {@code fuzz-client-...}, never {@code replog-}): raw bytes out, whole response frames in
 * (copied to the heap, prefix removed), and {@link #CLOSED} once the server has closed it.
 */
final class WireClient implements AutoCloseable {
    /** Queued after the last response once the connection is closed. */
    static final byte[] CLOSED = new byte[0];

    private final Channel channel;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private volatile boolean closedByUs;

    WireClient(EventLoopGroup group, InetSocketAddress server) {
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new FrameDecoder(4, FrameDecoder.DEFAULT_MAX_FRAME_BYTES),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        byte[] copy = new byte[frame.readableBytes()];
                                        frame.readBytes(copy);
                                        frames.add(copy);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        frames.add(CLOSED);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close(); // a reset by the server: the connection is closed either way
                                    }
                                });
                    }
                })
                .connect(server).syncUninterruptibly().channel();
    }

    /** Writes {@code bytes} as they are (they carry their own size prefixes, true or not). */
    void send(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    /** The next response frame, {@link #CLOSED}, or null if neither came within {@code timeout}. */
    byte[] next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one request and waits for its response; throws if the connection closes or it times out. */
    ByteBuf call(short apiKey, short version, int correlationId, MessageBody body, Duration timeout)
            throws InterruptedException {
        send(request(apiKey, version, correlationId, body));
        byte[] frame = next(timeout);
        if (frame == null || frame == CLOSED) {
            throw new AssertionError((frame == null ? "no response within " + timeout : "connection closed")
                    + " to api " + apiKey + " v" + version + " correlation id " + correlationId);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        int id = ResponseHeaderCodec.read(buf, responseHeaderVersion(apiKey, version));
        if (id != correlationId) {
            throw new AssertionError("response to correlation id " + id + ", expected " + correlationId);
        }
        return buf;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        closedByUs = true;
        channel.close().syncUninterruptibly();
    }

    boolean closedByUs() {
        return closedByUs;
    }

    /** A size-prefixed request frame: header by Kafka's rule for the key and version, then {@code body}. */
    static byte[] request(short apiKey, short version, int correlationId, MessageBody body) {
        ByteBuf payload = Unpooled.buffer();
        RequestHeaderCodec.write(new RequestHeader(requestHeaderVersion(apiKey, version), apiKey, version,
                correlationId, "fuzz"), payload);
        body.write(payload, version);
        byte[] out = new byte[4 + payload.readableBytes()];
        Unpooled.wrappedBuffer(out).setInt(0, payload.readableBytes()).setBytes(4, payload, payload.readableBytes());
        return out;
    }

    /** A frame with a valid header of {@code apiKey} v{@code version} (known or not) and {@code body} as given. */
    static byte[] request(short apiKey, short version, int correlationId, byte[] body) {
        return request(apiKey, version, correlationId, new MessageBody() {
            @Override
            public short apiKey() {
                return apiKey;
            }

            @Override
            public void write(ByteBuf buf, short v) {
                buf.writeBytes(body);
            }

            @Override
            public int size(short v) {
                return body.length;
            }
        });
    }

    static short requestHeaderVersion(short apiKey, short version) {
        return ApiVersionsTable.KAFKA.find(apiKey).map(api -> api.requestHeaderVersion(version)).orElse((short) 1);
    }

    static short responseHeaderVersion(short apiKey, short version) {
        return ApiVersionsTable.KAFKA.find(apiKey).map(api -> api.responseHeaderVersion(version)).orElse((short) 0);
    }

    static KnownApi api(short key) {
        return ApiVersionsTable.KAFKA.find(key).orElseThrow();
    }
}
