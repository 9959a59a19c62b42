package io.replog.netty.fuzz;

import io.netty.channel.EventLoopGroup;
import io.replog.netty.kafka.KafkaRequestProcessor;
import io.replog.netty.server.ConnectionLimits;
import io.replog.netty.server.NettyServer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fuzz target of replog-netty's own run: a real {@link NettyServer} on loopback TCP with a
 * {@link KafkaRequestProcessor} serving a {@link LogBackedHandler}. Requests to write and read
 * back go through the wire like any client's, so the target over running brokers (replog-testkit)
 * differs only in what it starts.
 */
final class InProcessTarget implements FuzzTarget {
    static final String LISTENER = "CLIENT";
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
        return WireClient.produceAndAck(clientGroup, bootstrap(), topic, partition, (short) 1, values,
                correlationIds.getAndIncrement(), TIMEOUT);
    }

    @Override
    public List<byte[]> readBack(int partition) {
        return WireClient.readBack(clientGroup, bootstrap(), topic, partition, correlationIds.getAndAdd(1000), TIMEOUT);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            handler.close();
        }
    }
}
