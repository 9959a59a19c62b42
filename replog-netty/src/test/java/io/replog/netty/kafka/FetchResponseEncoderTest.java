package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.replog.config.LogConfig;
import io.replog.log.LogSlice;
import io.replog.log.PartitionLog;
import io.replog.netty.server.ConnectionLimits;
import io.replog.netty.server.ResponseBody;
import io.replog.netty.server.ServerPipeline;
import io.replog.netty.wire.ApiVersionsTable;
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
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetch responses with records from real {@link PartitionLog} segments: the multi-part body
 * ({@link FetchResponseEncoder}) carries each non-empty segment run as a {@link FileRegion} and is
 * byte for byte the copying encoding at every served version, which Kafka's own
 * {@code FetchResponseData} reads back with the segment's bytes; through the server pipeline a
 * socket channel gets the regions themselves and an in-VM channel the same bytes copied.
 */
class FetchResponseEncoderTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    @TempDir
    Path dir;
    private PartitionLog log0;
    private PartitionLog log1;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    static IntStream servedVersions() {
        return IntStream.rangeClosed(FetchTranslator.LOWEST, FetchTranslator.HIGHEST);
    }

    @BeforeEach
    void setUp() {
        LogConfig config = LogConfig.builder().segmentBytes(1 << 20).build();
        log0 = PartitionLog.open(dir, T0, config, Clock.system());
        log1 = PartitionLog.open(dir, T1, config, Clock.system());
        log0.appendAsLeader(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("a", "b")), 0);
        log0.appendAsLeader(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("c")), 0);
        log1.appendAsLeader(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("x".repeat(300))), 0);
    }

    @AfterEach
    void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        log0.close();
        log1.close();
    }

    /** t-0 from offset 0 and t-1 from 0 read from the logs, plus t-2 answered with in-memory records. */
    private FetchResponse coreResponse() {
        LogSlice s0 = log0.read(0, 1 << 20, log0.logEndOffset(), true);
        LogSlice s1 = log1.read(0, 1 << 20, log1.logEndOffset(), true);
        return new FetchResponse(Errors.NONE, List.of(
                new FetchResponse.PartitionData(T0, Errors.NONE, log0.logEndOffset(), 0L, s0),
                new FetchResponse.PartitionData(T1, Errors.NONE, log1.logEndOffset(), 0L, s1),
                new FetchResponse.PartitionData(new TopicPartition("t", 2), Errors.NONE, 1L, 0L,
                        new io.replog.record.MemoryRecords(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("m")))),
                new FetchResponse.PartitionData(new TopicPartition("u", 0), Errors.NONE, 0L, 0L,
                        log0.read(log0.logEndOffset(), 1 << 20, log0.logEndOffset(), true))));
    }

    private static FetchTranslator.Decoded asked(FetchResponse response) {
        List<FetchRequest.PartitionFetch> fetches = new ArrayList<>();
        response.partitions().forEach(p -> fetches.add(new FetchRequest.PartitionFetch(p.partition(), -1, 0L, -1,
                1 << 20)));
        UUID t = UUID.randomUUID();
        UUID u = UUID.randomUUID();
        return new FetchTranslator.Decoded(new FetchRequest(-1, 0, 1, 1 << 20, fetches), (short) 0, List.of(
                new FetchTranslator.AskedTopic("t", t, List.of(0, 1, 2)),
                new FetchTranslator.AskedTopic("u", u, List.of(0))), TopicIds.NONE);
    }

    @ParameterizedTest
    @MethodSource("servedVersions")
    void segmentRunsAreRegionsAndTheBytesAreTheCopyingEncodingsAtEveryVersion(int version) throws IOException {
        short v = (short) version;
        FetchResponse response = coreResponse();
        FetchTranslator.Decoded asked = asked(response);

        ResponseBody body = FetchResponseEncoder.encode(asked, response, v, ByteBufAllocator.DEFAULT);
        byte[] zeroCopy;
        try {
            assertThat(body.parts()).filteredOn(p -> p instanceof FileRegion)
                    .as("one region per non-empty segment run, none for in-memory or empty runs")
                    .hasSize(2).allSatisfy(p -> assertThat(p).isInstanceOf(LogSliceRegion.class));
            assertThat(body.parts().get(0)).isInstanceOf(ByteBuf.class);
            zeroCopy = concatenate(body.parts());
        } finally {
            body.release();
        }
        ByteBuf copied = KafkaBytes.replog(FetchTranslator.toKafka(asked, response, v), v);
        try {
            assertThat(zeroCopy).isEqualTo(ByteBufUtil.getBytes(copied));
        } finally {
            copied.release();
        }

        FetchResponseData kafka = new FetchResponseData(new ByteBufferAccessor(ByteBuffer.wrap(zeroCopy)), v);
        List<FetchResponseData.PartitionData> t = kafka.responses().get(0).partitions();
        assertThat(bytes(t.get(0).records())).isEqualTo(log0.read(0, 1 << 20, log0.logEndOffset(), true).readFully());
        assertThat(bytes(t.get(1).records())).isEqualTo(log1.read(0, 1 << 20, log1.logEndOffset(), true).readFully());
        assertThat(bytes(t.get(2).records())).isEqualTo(ByteBuffer.wrap(KafkaRequestProcessorTest.batch("m")));
        assertThat(bytes(kafka.responses().get(1).partitions().get(0).records()).remaining()).isZero();
        assertThat(KafkaBytes.kafka(kafka, v)).as("Kafka writes what it read from these bytes identically")
                .isEqualTo(zeroCopy);
    }

    @ParameterizedTest
    @MethodSource("servedVersions")
    void aSocketChannelGetsRegionsAndAnInVmChannelTheSameBytesCopied(int version) throws IOException {
        short v = (short) version;
        EmbeddedChannel socket = serving(false);
        EmbeddedChannel inVm = serving(true);
        byte[] request = KafkaBytes.kafka(fetchRequest(v), v);
        socket.writeInbound(KafkaBytes.frame((short) 1, v, 5, request));
        inVm.writeInbound(KafkaBytes.frame((short) 1, v, 5, request));
        socket.runPendingTasks();
        inVm.runPendingTasks();

        List<Object> socketOut = drain(socket);
        List<Object> inVmOut = drain(inVm);
        byte[] socketBytes;
        byte[] inVmBytes;
        try {
            assertThat(socketOut).filteredOn(m -> m instanceof FileRegion).hasSize(2);
            assertThat(inVmOut).allSatisfy(m -> assertThat(m).isInstanceOf(ByteBuf.class));
            socketBytes = concatenate(socketOut);
            inVmBytes = concatenate(inVmOut);
        } finally {
            socketOut.forEach(ReferenceCountUtil::release);
            inVmOut.forEach(ReferenceCountUtil::release);
        }
        assertThat(socketBytes).isEqualTo(inVmBytes);

        ByteBuf frame = Unpooled.wrappedBuffer(socketBytes);
        assertThat(frame.readInt()).isEqualTo(socketBytes.length - 4);
        short headerVersion = (short) (v >= 12 ? 1 : 0);
        assertThat(ResponseHeaderCodec.read(frame, headerVersion)).isEqualTo(5);
        FetchResponseData kafka = new FetchResponseData(new ByteBufferAccessor(frame.nioBuffer()), v);
        List<FetchResponseData.PartitionData> t = kafka.responses().get(0).partitions();
        assertThat(kafka.responses().get(0).topic()).isEqualTo(v >= 13 ? "" : "t");
        assertThat(t).extracting(FetchResponseData.PartitionData::errorCode).containsOnly((short) 0);
        assertThat(bytes(t.get(0).records())).isEqualTo(log0.read(0, 1 << 20, log0.logEndOffset(), true).readFully());
        assertThat(bytes(t.get(1).records())).isEqualTo(log1.read(0, 1 << 20, log1.logEndOffset(), true).readFully());
    }

    private EmbeddedChannel serving(boolean inVm) {
        KafkaRequestProcessor processor = new KafkaRequestProcessor((source, request) -> answer(request),
                "cluster-1", "CLIENT", "conn-1");
        EmbeddedChannel channel = new EmbeddedChannel(new ServerPipeline(processor, ApiVersionsTable.KAFKA,
                ConnectionLimits.DEFAULTS, inVm, null));
        channels.add(channel);
        return channel;
    }

    private CompletableFuture<Response> answer(Request request) {
        if (request instanceof MetadataRequest) {
            return CompletableFuture.completedFuture(KafkaRequestProcessorTest.METADATA);
        }
        FetchRequest fetch = (FetchRequest) request;
        List<FetchResponse.PartitionData> parts = new ArrayList<>();
        for (FetchRequest.PartitionFetch p : fetch.partitions()) {
            PartitionLog log = p.partition().equals(T0) ? log0 : log1;
            parts.add(new FetchResponse.PartitionData(p.partition(), Errors.NONE, log.logEndOffset(), 0L,
                    log.read(p.fetchOffset(), p.partitionMaxBytes(), log.logEndOffset(), true)));
        }
        return CompletableFuture.completedFuture(new FetchResponse(Errors.NONE, parts));
    }

    /** A fetch of t-0 and t-1 from offset 0 ("t" is {@link KafkaRequestProcessorTest#METADATA}'s topic). */
    static FetchRequestData fetchRequest(short v) {
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(-1);
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20),
                new FetchRequestData.FetchPartition().setPartition(1).setFetchOffset(0).setPartitionMaxBytes(1 << 20)));
        if (v >= 13) {
            topic.setTopicId(new org.apache.kafka.common.Uuid(KafkaRequestProcessorTest.TOPIC_ID.mostSignificantBits(),
                    KafkaRequestProcessorTest.TOPIC_ID.leastSignificantBits()));
        } else {
            topic.setTopic("t");
        }
        request.topics().add(topic);
        return request;
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            out.add(msg);
        }
        return out;
    }

    /** The bytes of {@code parts} in order, regions transferred as a socket would take them. */
    static byte[] concatenate(List<Object> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(out);
        for (Object part : parts) {
            if (part instanceof ByteBuf buf) {
                out.write(ByteBufUtil.getBytes(buf));
            } else {
                FileRegion region = (FileRegion) part;
                while (region.transferred() < region.count()) {
                    assertThat(region.transferTo(sink, region.transferred())).isPositive();
                }
            }
        }
        return out.toByteArray();
    }

    private static ByteBuffer bytes(BaseRecords records) {
        return records == null ? ByteBuffer.allocate(0) : ((MemoryRecords) records).buffer();
    }
}
