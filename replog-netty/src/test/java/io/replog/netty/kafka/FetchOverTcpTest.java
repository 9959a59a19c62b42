package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.replog.config.LogConfig;
import io.replog.log.PartitionLog;
import io.replog.netty.server.NettyServer;
import io.replog.netty.wire.ResponseHeaderCodec;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fetch responses with segment regions over a real TCP connection (epoll or NIO, whichever the
 * server picks): the client reads the segment's bytes in a well-formed frame, and when the segment
 * is cut or closed between the read and the write, the connection closes before the frame is
 * complete instead of carrying wrong bytes.
 */
class FetchOverTcpTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    @TempDir
    Path dir;
    private PartitionLog log;
    private NettyServer server;
    private Socket socket;
    /** Each fetch's answer, completed by the test once it has done what it means to do meanwhile. */
    private final LinkedBlockingQueue<Pending> fetches = new LinkedBlockingQueue<>();

    private record Pending(FetchResponse response, CompletableFuture<Response> answer) {
    }

    @BeforeEach
    void setUp() throws IOException {
        log = PartitionLog.open(dir, T0, LogConfig.builder().segmentBytes(1 << 20).build(), Clock.system());
        log.appendAsLeader(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("a", "b")), 0);
        log.appendAsLeader(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("c".repeat(5000))), 0);
        server = NettyServer.builder("PLAINTEXT://127.0.0.1:0", new KafkaRequestProcessor(
                (source, request) -> answerLater(request), "cluster-1", "CLIENT", "conn-1")).ioThreads(1).start();
        socket = new Socket();
        socket.setSoTimeout(30_000);
        socket.connect(server.localAddress());
    }

    @AfterEach
    void tearDown() throws Exception {
        socket.close();
        server.close();
        log.close();
    }

    private CompletableFuture<Response> answerLater(Request request) {
        if (request instanceof MetadataRequest) {
            return CompletableFuture.completedFuture(KafkaRequestProcessorTest.METADATA);
        }
        FetchRequest.PartitionFetch p = ((FetchRequest) request).partitions().get(0);
        FetchResponse response = new FetchResponse(Errors.NONE, List.of(new FetchResponse.PartitionData(T0,
                Errors.NONE, log.logEndOffset(), 0L, log.read(p.fetchOffset(), 1 << 20, log.logEndOffset(), true))));
        CompletableFuture<Response> answer = new CompletableFuture<>();
        fetches.add(new Pending(response, answer));
        return answer;
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 11, 12, 18})
    void theClientReadsTheSegmentBytesInAWellFormedFrame(short v) throws Exception {
        ByteBuffer expected = log.read(0, 1 << 20, log.logEndOffset(), true).readFully();
        send(v);
        Pending pending = fetches.poll(30, TimeUnit.SECONDS);
        pending.answer().complete(pending.response());

        ByteBuffer frame = ByteBuffer.wrap(readFrame(new DataInputStream(socket.getInputStream())));
        ByteBuf header = io.netty.buffer.Unpooled.wrappedBuffer(frame);
        assertThat(ResponseHeaderCodec.read(header, (short) (v >= 12 ? 1 : 0))).isEqualTo(9);
        FetchResponseData response = new FetchResponseData(new ByteBufferAccessor(header.nioBuffer()), v);
        FetchResponseData.PartitionData p = response.responses().get(0).partitions().get(0);
        assertThat(p.errorCode()).isZero();
        assertThat(((MemoryRecords) p.records()).buffer()).isEqualTo(expected);
    }

    @Test
    void aSegmentCutAfterTheReadClosesTheConnectionBeforeTheFrameIsComplete() throws Exception {
        send((short) 11);
        Pending pending = fetches.poll(30, TimeUnit.SECONDS);
        // The slice covers offsets 0..2; cut the second batch and write another of the same size
        // there, so the file is as long as before but its bytes are no longer the slice's.
        log.truncateTo(2);
        log.appendAsLeader(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("d".repeat(5000))), 0);
        pending.answer().complete(pending.response());

        DataInputStream in = new DataInputStream(socket.getInputStream());
        assertThatThrownBy(() -> readFrame(in)).isInstanceOfAny(EOFException.class, SocketException.class);
    }

    @Test
    void aSegmentClosedBeforeTheWriteClosesTheConnection() throws Exception {
        send((short) 12);
        Pending pending = fetches.poll(30, TimeUnit.SECONDS);
        log.close();
        pending.answer().complete(pending.response());

        DataInputStream in = new DataInputStream(socket.getInputStream());
        assertThatThrownBy(() -> readFrame(in)).isInstanceOfAny(EOFException.class, SocketException.class);
    }

    private void send(short v) throws IOException {
        FetchRequestData request = FetchResponseEncoderTest.fetchRequest(v);
        request.topics().get(0).setPartitions(List.of(request.topics().get(0).partitions().get(0)));
        ByteBuf frame = KafkaBytes.frame((short) 1, v, 9, KafkaBytes.kafka(request, v));
        try {
            socket.getOutputStream().write(ByteBufUtil.getBytes(frame));
            socket.getOutputStream().flush();
        } finally {
            frame.release();
        }
    }

    /** One size-prefixed frame's payload; EOF (or a reset) if the connection ends first. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return payload;
    }
}
