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
import io.replog.netty.protocol.message.FetchRequestMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.ProduceRequestMessage;
import io.replog.netty.protocol.message.ProduceResponseMessage;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.KnownApi;
import io.replog.netty.wire.RequestHeader;
import io.replog.netty.wire.RequestHeaderCodec;
import io.replog.netty.wire.ResponseHeaderCodec;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One blocking client connection for the fuzzer, on an event loop group the test owns (threads
 * named {@code fuzz-client-...}, never {@code replog-}): raw bytes out, whole response frames in
 * (copied to the heap, prefix removed), and {@link #CLOSED} once the server has closed it. Public
 * (with its request helpers) so that a {@link FuzzTarget} over a running broker, in another module,
 * writes and reads back through the same code.
 */
public final class WireClient implements AutoCloseable {
    /** Queued after the last response once the connection is closed. */
    static final byte[] CLOSED = new byte[0];
    /** The Produce and Fetch versions the fuzzer and the targets speak (the newest naming topics by name: v9 flexible). */
    public static final short PRODUCE_VERSION = 9;
    public static final short FETCH_VERSION = 12;

    private final Channel channel;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private volatile boolean closedByUs;

    public WireClient(EventLoopGroup group, InetSocketAddress server) {
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
    public ByteBuf call(short apiKey, short version, int correlationId, MessageBody body, Duration timeout)
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

    /**
     * Produces {@code values} to {@code topic}-{@code partition} with {@code acks} (1 or -1) as one
     * batch on a connection of its own, and returns the acknowledged base offset; throws if the
     * partition's answer is an error.
     */
    public static long produceAndAck(EventLoopGroup group, InetSocketAddress server, String topic, int partition,
                                     short acks, List<byte[]> values, int correlationId, Duration timeout) {
        ProduceRequestMessage request = produce(topic, partition, acks, Unpooled.wrappedBuffer(batch(values)));
        try (WireClient client = new WireClient(group, server)) {
            ByteBuf body = client.call((short) 0, PRODUCE_VERSION, correlationId, request, timeout);
            ProduceResponseMessage.PartitionProduceResponse p = ProduceResponseMessage.read(body, PRODUCE_VERSION)
                    .responses().get(0).partitionResponses().get(0);
            if (p.errorCode() != 0) {
                throw new AssertionError("produce to " + topic + "-" + partition + " (acks " + acks
                        + ") not acknowledged: error " + p.errorCode() + " " + p.errorMessage());
            }
            return p.baseOffset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Every record value of {@code topic}-{@code partition} from offset 0 to the high watermark,
     * fetched on a connection of its own; throws on an error, a gap in the offsets or no progress.
     */
    public static List<byte[]> readBack(EventLoopGroup group, InetSocketAddress server, String topic, int partition,
                                        int correlationId, Duration timeout) {
        List<byte[]> values = new ArrayList<>();
        try (WireClient client = new WireClient(group, server)) {
            long offset = 0;
            while (true) {
                ByteBuf body = client.call((short) 1, FETCH_VERSION, correlationId++, fetch(topic, partition, offset),
                        timeout);
                FetchResponseMessage.PartitionData p = FetchResponseMessage.read(body, FETCH_VERSION)
                        .responses().get(0).partitions().get(0);
                if (p.errorCode() != 0) {
                    throw new AssertionError("fetch of " + topic + "-" + partition + " at " + offset + ": error "
                            + p.errorCode());
                }
                if (offset >= p.highWatermark()) {
                    return values;
                }
                ByteBuffer batches = p.records().nioBuffer();
                long before = offset;
                for (RecordBatch batch : RecordBatches.in(batches)) {
                    for (Record record : batch) {
                        if (record.offset() >= offset) {
                            if (record.offset() != values.size()) {
                                throw new AssertionError("offset " + record.offset() + " read after "
                                        + values.size() + " records");
                            }
                            byte[] value = new byte[record.valueSize() < 0 ? 0 : record.valueSize()];
                            record.value().duplicate().get(value);
                            values.add(value);
                        }
                    }
                    offset = batch.nextOffset();
                }
                if (offset == before) {
                    throw new AssertionError("fetch of " + topic + "-" + partition + " at " + offset
                            + " below the high watermark " + p.highWatermark() + " returned no batch");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One uncompressed magic-2 batch of {@code values}, keyless. */
    public static byte[] batch(List<byte[]> values) {
        RecordBatchBuilder builder = new RecordBatchBuilder(256).reset(0L);
        long now = System.currentTimeMillis();
        for (byte[] v : values) {
            builder.append(now, null, v);
        }
        ByteBuffer b = builder.buildCopy();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    public static ProduceRequestMessage produce(String topic, int partition, short acks, ByteBuf records) {
        return ProduceRequestMessage.DEFAULT.withAcks(acks).withTimeoutMs(5000).withTopicData(List.of(
                ProduceRequestMessage.TopicProduceData.DEFAULT.withName(topic).withPartitionData(List.of(
                        ProduceRequestMessage.PartitionProduceData.DEFAULT.withIndex(partition).withRecords(records)))));
    }

    public static FetchRequestMessage fetch(String topic, int partition, long offset) {
        return FetchRequestMessage.DEFAULT.withMaxWaitMs(0).withMinBytes(0).withMaxBytes(1 << 20).withTopics(List.of(
                FetchRequestMessage.FetchTopic.DEFAULT.withTopic(topic).withPartitions(List.of(
                        FetchRequestMessage.FetchPartition.DEFAULT.withPartition(partition).withFetchOffset(offset)
                                .withPartitionMaxBytes(1 << 20)))));
    }

    boolean closedByUs() {
        return closedByUs;
    }

    /** A size-prefixed request frame: header by Kafka's rule for the key and version, then {@code body}. */
    public static byte[] request(short apiKey, short version, int correlationId, MessageBody body) {
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
