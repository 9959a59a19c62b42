package io.replog.netty.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.replog.netty.kafka.KafkaRequestProcessor;
import io.replog.netty.protocol.message.FetchRequestMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.ProduceRequestMessage;
import io.replog.netty.protocol.message.ProduceResponseMessage;
import io.replog.netty.server.ConnectionLimits;
import io.replog.netty.server.NettyServer;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fuzz target until the running Broker exists: a real {@link NettyServer} on loopback TCP with
 * a {@link KafkaRequestProcessor} serving a {@link LogBackedHandler}. Requests to write and read
 * back go through the wire like any client's, so a target over a real broker differs only in
 * what it starts.
 */
final class InProcessTarget implements FuzzTarget {
    static final String LISTENER = "CLIENT";
    static final short PRODUCE_VERSION = 9;
    static final short FETCH_VERSION = 12;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final LogBackedHandler handler;
    private final NettyServer server;
    private final EventLoopGroup clientGroup;
    private final String topic;
    private final int partitions;
    private final AtomicInteger correlationIds = new AtomicInteger(1);

    InProcessTarget(Path dir, String topic, int partitions, ConnectionLimits limits, EventLoopGroup clientGroup) {
        this.topic = topic;
        this.partitions = partitions;
        this.clientGroup = clientGroup;
        this.handler = new LogBackedHandler(dir, topic, partitions, LISTENER);
        try {
            server = NettyServer.builder("PLAINTEXT://127.0.0.1:0",
                            new KafkaRequestProcessor(handler, "fuzz-cluster", LISTENER, "fuzz-listener"))
                    .ioThreads(2).limits(limits).start();
        } catch (RuntimeException e) {
            handler.close();
            throw e;
        }
        handler.advertise("127.0.0.1", bootstrap().getPort());
    }

    @Override
    public InetSocketAddress bootstrap() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    NettyServer server() {
        return server;
    }

    LogBackedHandler handler() {
        return handler;
    }

    @Override
    public long produceAndAck(int partition, List<byte[]> values) {
        ByteBuf records = Unpooled.wrappedBuffer(batch(values));
        ProduceRequestMessage request = produce(topic, partition, (short) 1, records);
        try (WireClient client = new WireClient(clientGroup, bootstrap())) {
            ByteBuf body = client.call((short) 0, PRODUCE_VERSION, correlationIds.getAndIncrement(), request, TIMEOUT);
            ProduceResponseMessage.PartitionProduceResponse p = ProduceResponseMessage.read(body, PRODUCE_VERSION)
                    .responses().get(0).partitionResponses().get(0);
            if (p.errorCode() != 0) {
                throw new AssertionError("produce to " + topic + "-" + partition + " not acknowledged: error "
                        + p.errorCode() + " " + p.errorMessage());
            }
            return p.baseOffset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public List<byte[]> readBack(int partition) {
        List<byte[]> values = new ArrayList<>();
        try (WireClient client = new WireClient(clientGroup, bootstrap())) {
            long offset = 0;
            while (true) {
                ByteBuf body = client.call((short) 1, FETCH_VERSION, correlationIds.getAndIncrement(),
                        fetch(topic, partition, offset), TIMEOUT);
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

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            handler.close();
        }
    }

    /** One uncompressed magic-2 batch of {@code values}, keyless. */
    static byte[] batch(List<byte[]> values) {
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

    static ProduceRequestMessage produce(String topic, int partition, short acks, ByteBuf records) {
        return ProduceRequestMessage.DEFAULT.withAcks(acks).withTimeoutMs(5000).withTopicData(List.of(
                ProduceRequestMessage.TopicProduceData.DEFAULT.withName(topic).withPartitionData(List.of(
                        ProduceRequestMessage.PartitionProduceData.DEFAULT.withIndex(partition).withRecords(records)))));
    }

    static FetchRequestMessage fetch(String topic, int partition, long offset) {
        return FetchRequestMessage.DEFAULT.withMaxWaitMs(0).withMinBytes(0).withMaxBytes(1 << 20).withTopics(List.of(
                FetchRequestMessage.FetchTopic.DEFAULT.withTopic(topic).withPartitions(List.of(
                        FetchRequestMessage.FetchPartition.DEFAULT.withPartition(partition).withFetchOffset(offset)
                                .withPartitionMaxBytes(1 << 20)))));
    }
}
