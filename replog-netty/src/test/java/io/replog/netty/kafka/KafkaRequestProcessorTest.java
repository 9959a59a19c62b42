package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.netty.kafka.KafkaBytes.Frame;
import io.replog.netty.protocol.message.KafkaApi;
import io.replog.netty.server.ConnectionLimits;
import io.replog.netty.server.ResponseBody;
import io.replog.netty.server.ServerPipeline;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.RequestFrame;
import io.replog.netty.wire.RequestHeader;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.record.MemoryRecords;
import io.replog.testsupport.LogCapture;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KafkaRequestProcessor} behind the real {@link ServerPipeline} on an {@code EmbeddedChannel}:
 * requests written by Kafka's own {@code *Data} classes go in, responses come out and are read by
 * Kafka's classes; a test {@link RequestHandler} answers canned core responses.
 */
class KafkaRequestProcessorTest {
    static final io.replog.topic.TopicId TOPIC_ID = new io.replog.topic.TopicId(0x1234L, 0x5678L);
    static final BrokerRegistration B1 = new BrokerRegistration(1, "r1",
            List.of(new Endpoint("INTERNAL", "i1", 1), new Endpoint("CLIENT", "host1", 9092)), 0L);
    static final BrokerRegistration B2 = new BrokerRegistration(2, null,
            List.of(new Endpoint("CLIENT", "host2", 9093)), 0L);
    static final MetadataResponse METADATA = new MetadataResponse(List.of(B1, B2), 2, List.of(
            new MetadataResponse.TopicMetadata("t", TOPIC_ID, Errors.NONE, List.of(
                    new MetadataResponse.PartitionMetadata(0, Errors.NONE, 1, 5, List.of(1, 2), List.of(1, 2), List.of()),
                    new MetadataResponse.PartitionMetadata(1, Errors.LEADER_NOT_AVAILABLE, -1, 3, List.of(2, 1),
                            List.of(), List.of(2))))));

    private final TestHandler handler = new TestHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ServerPipeline(
            new KafkaRequestProcessor(handler, "cluster-1", "CLIENT", "conn-1"), ApiVersionsTable.KAFKA,
            ConnectionLimits.DEFAULTS, false, null));

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void apiVersionsAnswersTheServedRangesAtEveryVersion(short v) {
        ApiVersionsRequestData request = new ApiVersionsRequestData();
        if (v >= 3) {
            request.setClientSoftwareName("apache-kafka-java").setClientSoftwareVersion("4.4.0");
        }
        channel.writeInbound(KafkaBytes.frame((short) 18, v, 7, KafkaBytes.kafka(request, v)));

        Frame frame = KafkaBytes.responses(channel, (short) 0).get(0);
        ApiVersionsResponseData response = new ApiVersionsResponseData(frame.accessor(), v);
        assertThat(frame.correlationId()).isEqualTo(7);
        assertThat(response.errorCode()).isZero();
        List<String> ranges = new ArrayList<>();
        response.apiKeys().forEach(k -> ranges.add(k.apiKey() + ":" + k.minVersion() + ".." + k.maxVersion()));
        assertThat(ranges).containsExactly("0:3..13", "1:4..18", "2:1..10", "3:0..13", "18:0..4", "19:2..7",
                "20:1..6", "22:0..5", "23:2..4", "32:1..4", "43:0..2", "60:0..2");
        assertThat(handler.requests).isEmpty();
    }

    @Test
    void apiVersionsOfAnUnknownVersionIsAnsweredAtVersionZeroWithError35WithoutReadingTheBody() {
        channel.writeInbound(KafkaBytes.frame((short) 18, (short) 99, 8, new byte[]{(byte) 0xFF, 1, 2}));

        Frame frame = KafkaBytes.responses(channel, (short) 0).get(0);
        ApiVersionsResponseData response = new ApiVersionsResponseData(frame.accessor(), (short) 0);
        assertThat(frame.correlationId()).isEqualTo(8);
        assertThat(response.errorCode()).isEqualTo((short) 35);
        assertThat(response.apiKeys().find((short) 18).maxVersion()).isEqualTo((short) 4);
        assertThat(response.apiKeys().find((short) 32).maxVersion()).as("DescribeConfigs is served").isEqualTo((short) 4);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void produceWithAcksZeroAnswersNothingAndTheNextResponseCarriesItsOwnCorrelationId() {
        handler.answer = r -> null;
        byte[] batch = batch("a", "b");
        channel.writeInbound(KafkaBytes.frame((short) 0, (short) 9, 1, KafkaBytes.kafka(produce((short) 0, batch), (short) 9)));
        handler.answer = r -> CompletableFuture.completedFuture(METADATA);
        channel.writeInbound(KafkaBytes.frame((short) 3, (short) 9, 2,
                KafkaBytes.kafka(new MetadataRequestData().setTopics(null), (short) 9)));

        List<Frame> frames = KafkaBytes.responses(channel, (short) 1, (short) 1);
        assertThat(frames).extracting(Frame::correlationId).containsExactly(2);
        ProduceRequest produce = (ProduceRequest) handler.requests.get(0);
        assertThat(produce.acks()).isZero();
        assertThat(bytes(produce.records().get(new TopicPartition("t", 0)))).isEqualTo(batch);
        assertThat(handler.sources.get(0)).isEqualTo(RequestSource.client("test-client", "conn-1"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void produceWithAcksZeroAndTwoBatchesInAPartitionClosesTheConnection() {
        byte[] two = concat(batch("a"), batch("b"));
        channel.writeInbound(KafkaBytes.frame((short) 0, (short) 9, 1, KafkaBytes.kafka(produce((short) 0, two), (short) 9)));
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(handler.requests).isEmpty();
    }

    @Test
    void produceWithAcksZeroThatCoreRefusesClosesTheConnectionAsThePeersFault() {
        // Found by the wire fuzzer: a flipped Produce (acks=0, corrupt batch) was closed as an unexpected ERROR.
        handler.answer = r -> CompletableFuture.completedFuture(new ProduceResponse(Map.of(new TopicPartition("t", 0),
                new ProduceResponse.PartitionResult(Errors.CORRUPT_MESSAGE, -1L, -1L, "CRC32C mismatch"))));
        try (LogCapture log = new LogCapture("io.replog.netty.server.ConnectionErrorHandler",
                ch.qos.logback.classic.Level.DEBUG)) {
            channel.writeInbound(KafkaBytes.frame((short) 0, (short) 9, 1,
                    KafkaBytes.kafka(produce((short) 0, batch("a")), (short) 9)));
            channel.runPendingTasks();

            assertThat(channel.isOpen()).isFalse();
            assertThat(handler.requests).hasSize(1);
            assertThat(log.lines(ch.qos.logback.classic.Level.ERROR)).isEmpty();
            assertThat(log.warnings()).singleElement().asString().contains("acks=0 produce refused")
                    .contains("CORRUPT_MESSAGE");
        }
    }

    @Test
    void produceWithAcksZeroWhoseHandlerFailsIsStillAnUnexpectedError() {
        handler.answer = r -> CompletableFuture.failedFuture(new IllegalStateException("disk on fire"));
        try (LogCapture log = new LogCapture("io.replog.netty.server.ConnectionErrorHandler",
                ch.qos.logback.classic.Level.DEBUG)) {
            channel.writeInbound(KafkaBytes.frame((short) 0, (short) 9, 1,
                    KafkaBytes.kafka(produce((short) 0, batch("a")), (short) 9)));
            channel.runPendingTasks();

            assertThat(channel.isOpen()).isFalse();
            assertThat(log.lines(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                    .contains("unexpected error");
        }
    }

    @Test
    void produceWithAcksOneAnswersCoreResultAndRefusesAPartitionThatIsNotOneMagic2Batch() {
        CompletableFuture<Response> pending = new CompletableFuture<>();
        handler.answer = r -> pending;
        byte[] batch = batch("x");
        ProduceRequestData request = produce((short) 1, batch);
        request.topicData().iterator().next().partitionData().add(
                new ProduceRequestData.PartitionProduceData().setIndex(1).setRecords(
                        org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(ByteBuffer.wrap(concat(batch, batch)))));
        channel.writeInbound(KafkaBytes.frame((short) 0, (short) 9, 3, KafkaBytes.kafka(request, (short) 9)));
        assertThat(KafkaBytes.responses(channel, (short) 1)).isEmpty();

        ProduceRequest core = (ProduceRequest) handler.requests.get(0);
        assertThat(core.records()).containsOnlyKeys(new TopicPartition("t", 0));
        assertThat(bytes(core.records().get(new TopicPartition("t", 0))))
                .as("the frame stays retained while core holds the view").isEqualTo(batch);
        pending.complete(new ProduceResponse(Map.of(new TopicPartition("t", 0),
                new ProduceResponse.PartitionResult(Errors.NONE, 41L, 7L, null))));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        ProduceResponseData response = new ProduceResponseData(frame.accessor(), (short) 9);
        assertThat(frame.correlationId()).isEqualTo(3);
        ProduceResponseData.TopicProduceResponse t = response.responses().find("t", org.apache.kafka.common.Uuid.ZERO_UUID);
        assertThat(t.partitionResponses()).extracting(p -> p.index() + ":" + p.errorCode() + ":" + p.baseOffset()
                + ":" + p.logStartOffset() + ":" + p.logAppendTimeMs()).containsExactly("0:0:41:7:-1", "1:87:-1:-1:-1");
    }

    @Test
    void produceFrameIsRetainedUntilCoreAnswersAndEveryBufferIsReleasedExactly() {
        ResourceLeakDetector.Level previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            CompletableFuture<Response> pending = new CompletableFuture<>();
            handler.answer = r -> pending;
            KafkaRequestProcessor processor = new KafkaRequestProcessor(handler, null, "CLIENT", "c");
            ByteBuf body = Unpooled.directBuffer().writeBytes(KafkaBytes.kafka(produce((short) -1, batch("z")), (short) 8));
            RequestFrame frame = new RequestFrame(new RequestHeader((short) 1, (short) 0, (short) 8, 5, "c"), (short) 0, body);

            CompletableFuture<ResponseBody> answer = processor.process(frame);
            frame.release(); // as the pipeline does when process returns
            assertThat(body.refCnt()).as("retained while core holds the records").isEqualTo(1);

            pending.complete(new ProduceResponse(Map.of(new TopicPartition("t", 0),
                    new ProduceResponse.PartitionResult(Errors.NONE, 0L, 0L, null))));
            assertThat(body.refCnt()).isZero();
            ResponseBody response = answer.join();
            ByteBuf out = (ByteBuf) response.parts().get(0);
            assertThat(out.refCnt()).isEqualTo(1);
            response.release();
            assertThat(out.refCnt()).isZero();
        } finally {
            ResourceLeakDetector.setLevel(previous);
        }
    }

    @Test
    void produceV2IsNotServedAndItsResponseHasNoErrorFieldForItSoTheConnectionCloses() {
        io.netty.buffer.ByteBuf v2 = KafkaBytes.replog(ProduceTranslator.toKafkaRequest(
                new ProduceRequest((short) 1, 1, Map.of(new TopicPartition("t", 0), ByteBuffer.wrap(batch("p")))),
                (short) 3), (short) 2);
        byte[] body = new byte[v2.readableBytes()];
        v2.readBytes(body);
        v2.release();
        channel.writeInbound(KafkaBytes.frame((short) 0, (short) 2, 5, body));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(handler.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(shorts = {19, 3})
    void aFetchVersionOutsideTheCodecsClosesTheConnection(short v) {
        channel.writeInbound(KafkaBytes.frame((short) 1, v, 4, new byte[0]));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void describeConfigsOfNoResourceIsAnsweredWithNoResultAndKeepsTheConnection() {
        handler.answer = r -> CompletableFuture.completedFuture(new DescribeConfigsResponse(List.of()));
        // v4: an empty compact array, include_synonyms=false, include_documentation=false, no tagged fields
        channel.writeInbound(KafkaBytes.frame((short) 32, (short) 4, 4, new byte[]{1, 0, 0, 0}));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        assertThat(new DescribeConfigsResponseData(frame.accessor(), (short) 4).results()).isEmpty();
        assertThat(((DescribeConfigsRequest) handler.requests.get(0)).resources()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void produceV13ResolvesTopicIdsThroughCoreMetadataAndAnswersUnknownIdsWithUnknownTopicId() {
        org.apache.kafka.common.Uuid known = new org.apache.kafka.common.Uuid(0x1234L, 0x5678L);
        org.apache.kafka.common.Uuid unknown = new org.apache.kafka.common.Uuid(3, 3);
        CompletableFuture<Response> pending = new CompletableFuture<>();
        handler.answer = r -> r instanceof MetadataRequest ? CompletableFuture.completedFuture(METADATA) : pending;
        byte[] batch = batch("by-id");
        ProduceRequestData request = produce((short) -1, batch);
        request.topicData().iterator().next().setTopicId(known);
        request.topicData().add(new ProduceRequestData.TopicProduceData().setTopicId(unknown).setPartitionData(
                new ArrayList<>(List.of(new ProduceRequestData.PartitionProduceData().setIndex(4).setRecords(
                        org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(ByteBuffer.wrap(batch)))))));
        channel.writeInbound(KafkaBytes.frame((short) 0, (short) 13, 40, KafkaBytes.kafka(request, (short) 13)));

        assertThat(handler.requests).hasSize(2);
        ProduceRequest core = (ProduceRequest) handler.requests.get(1);
        assertThat(core.records()).containsOnlyKeys(new TopicPartition("t", 0));
        assertThat(bytes(core.records().get(new TopicPartition("t", 0)))).isEqualTo(batch);
        pending.complete(new ProduceResponse(Map.of(new TopicPartition("t", 0),
                new ProduceResponse.PartitionResult(Errors.NONE, 100L, 0L, null))));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        ProduceResponseData response = new ProduceResponseData(frame.accessor(), (short) 13);
        assertThat(response.responses()).extracting(t -> t.topicId() + ":" + t.partitionResponses().get(0).index()
                + ":" + t.partitionResponses().get(0).errorCode() + ":" + t.partitionResponses().get(0).baseOffset())
                .containsExactlyInAnyOrder(known + ":0:0:100", unknown + ":4:100:-1");
    }

    @ParameterizedTest
    @ValueSource(shorts = {13, 15, 18})
    void fetchByTopicIdListsEveryRequestedPartitionInOrderWithUnknownIdsInPlace(short v) {
        org.apache.kafka.common.Uuid known = new org.apache.kafka.common.Uuid(0x1234L, 0x5678L);
        org.apache.kafka.common.Uuid unknown = new org.apache.kafka.common.Uuid(3, 3);
        handler.answer = r -> r instanceof MetadataRequest ? CompletableFuture.completedFuture(METADATA)
                : CompletableFuture.completedFuture(new FetchResponse(Errors.NONE, List.of(
                        new FetchResponse.PartitionData(new TopicPartition("t", 1), Errors.NONE, 8L, 2L,
                                io.replog.record.Records.EMPTY))));
        FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMaxBytes(1000).setSessionEpoch(-1);
        if (v >= 15) {
            request.setReplicaState(new FetchRequestData.ReplicaState().setReplicaId(3).setReplicaEpoch(1));
        } else {
            request.setReplicaId(3);
        }
        request.topics().add(new FetchRequestData.FetchTopic().setTopicId(unknown).setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0))));
        request.topics().add(new FetchRequestData.FetchTopic().setTopicId(known).setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(1).setFetchOffset(6))));
        channel.writeInbound(KafkaBytes.frame((short) 1, v, 41, KafkaBytes.kafka(request, v)));

        FetchRequest core = (FetchRequest) handler.requests.get(1);
        assertThat(core.replicaId()).isEqualTo(3);
        assertThat(core.partitions()).extracting(FetchRequest.PartitionFetch::partition)
                .containsExactly(new TopicPartition("t", 1));
        FetchResponseData response = new FetchResponseData(KafkaBytes.responses(channel, (short) 1).get(0).accessor(), v);
        assertThat(response.sessionId()).isZero();
        assertThat(response.responses()).extracting(t -> t.topicId() + ":" + t.partitions().get(0).partitionIndex()
                + ":" + t.partitions().get(0).errorCode() + ":" + t.partitions().get(0).highWatermark())
                .containsExactly(unknown + ":0:100:-1", known + ":1:0:8");
    }

    @Test
    void aMalformedBodyClosesTheConnectionWithALogLineNamingApiVersionAndCorrelationId() {
        try (LogCapture log = new LogCapture(KafkaRequestProcessor.class.getName())) {
            channel.writeInbound(KafkaBytes.frame((short) 3, (short) 9, 77, new byte[]{5, 'a'}));
            channel.runPendingTasks();

            assertThat(channel.isOpen()).isFalse();
            assertThat(handler.requests).isEmpty();
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line)
                    .contains("Metadata v9").contains("correlation id 77").contains("malformed"));
        }
    }

    @Test
    void aNegativePartitionIndexClosesTheConnectionWithAWarningInsteadOfEscapingAsAnError() {
        // Found by the wire fuzzer: core's TopicPartition threw IllegalArgumentException out of the processor.
        try (LogCapture pipeline = new LogCapture("io.replog.netty.server.ConnectionErrorHandler")) {
            ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
            request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                    new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(-3).setTimestamp(-1L))));
            channel.writeInbound(KafkaBytes.frame((short) 2, (short) 7, 9, KafkaBytes.kafka(request, (short) 7)));
            channel.runPendingTasks();

            assertThat(channel.isOpen()).isFalse();
            assertThat(handler.requests).isEmpty();
            assertThat(pipeline.lines(ch.qos.logback.classic.Level.ERROR)).isEmpty();
            assertThat(pipeline.warnings()).singleElement().asString().contains("correlationId 9")
                    .contains("partition -3 of topic t");
        }
    }

    @Test
    void refusingWhatThePeerSentIsAWarningOfThePipelineNotAnError() {
        // Found by the wire fuzzer: these closes were logged by the pipeline as unexpected errors with stack traces.
        try (LogCapture pipeline = new LogCapture("io.replog.netty.server.ConnectionErrorHandler")) {
            channel.writeInbound(KafkaBytes.frame((short) 3, (short) 9, 77, new byte[]{5, 'a'}));
            channel.runPendingTasks();
            EmbeddedChannel other = new EmbeddedChannel(new ServerPipeline(
                    new KafkaRequestProcessor(handler, "cluster-1", "CLIENT", "conn-2"), ApiVersionsTable.KAFKA,
                    ConnectionLimits.DEFAULTS, false, null));
            other.writeInbound(KafkaBytes.frame((short) 0, (short) 1, 78, new byte[0])); // Produce v1: not served, no error field
            other.runPendingTasks();

            assertThat(channel.isOpen()).isFalse();
            assertThat(other.isOpen()).isFalse();
            other.finishAndReleaseAll();
            assertThat(pipeline.lines(ch.qos.logback.classic.Level.ERROR)).isEmpty();
            assertThat(pipeline.warnings()).hasSize(2).anySatisfy(line -> assertThat(line).contains("correlationId 77")
                    .contains("malformed Metadata v9 body")).anySatisfy(line -> assertThat(line)
                    .contains("correlationId 78").contains("Produce v1 is not served"));
        }
    }

    @Test
    void aHandlerThatFailsGetsUnknownServerErrorForEveryPartitionItNamed() {
        handler.answer = r -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
        request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1L),
                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(2).setTimestamp(-2L))));
        channel.writeInbound(KafkaBytes.frame((short) 2, (short) 7, 9, KafkaBytes.kafka(request, (short) 7)));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        ListOffsetsResponseData response = new ListOffsetsResponseData(frame.accessor(), (short) 7);
        assertThat(response.topics().get(0).partitions()).extracting(p -> p.partitionIndex() + ":" + p.errorCode())
                .containsExactly("0:-1", "2:-1");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aHandlerThatFailsRetriablyGetsItsRetriableCodeSoTheClientAsksAgain() {
        handler.answer = r -> CompletableFuture.failedFuture(
                new io.replog.errors.NetworkException("cut off before processing"));
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
        request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1L))));
        channel.writeInbound(KafkaBytes.frame((short) 2, (short) 7, 9, KafkaBytes.kafka(request, (short) 7)));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        ListOffsetsResponseData response = new ListOffsetsResponseData(frame.accessor(), (short) 7);
        assertThat(response.topics().get(0).partitions()).extracting(p -> p.partitionIndex() + ":" + p.errorCode())
                .as("NETWORK_EXCEPTION (13), which Kafka's clients retry").containsExactly("0:13");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void metadataIsReadByKafkaWithTheControllerAmongTheBrokersAndTheClientListener() {
        handler.answer = r -> CompletableFuture.completedFuture(METADATA);
        channel.writeInbound(KafkaBytes.frame((short) 3, (short) 9, 11,
                KafkaBytes.kafka(new MetadataRequestData().setTopics(null), (short) 9)));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        MetadataResponseData response = new MetadataResponseData(frame.accessor(), (short) 9);
        assertThat(((MetadataRequest) handler.requests.get(0)).topics()).isNull();
        assertThat(response.controllerId()).isEqualTo(2);
        assertThat(response.clusterId()).isEqualTo("cluster-1");
        assertThat(response.brokers()).extracting(b -> b.nodeId() + "@" + b.host() + ":" + b.port() + "/" + b.rack())
                .containsExactly("1@host1:9092/r1", "2@host2:9093/null");
        MetadataResponseData.MetadataResponseTopic t = response.topics().find("t");
        assertThat(t.partitions()).extracting(p -> p.partitionIndex() + ":" + p.errorCode() + ":" + p.leaderId() + ":"
                + p.leaderEpoch() + ":" + p.replicaNodes() + ":" + p.isrNodes() + ":" + p.offlineReplicas())
                .containsExactly("0:0:1:5:[1, 2]:[1, 2]:[]", "1:5:-1:3:[2, 1]:[]:[2]");
    }

    @ParameterizedTest
    @ValueSource(shorts = {10, 12, 13})
    void metadataGivesEveryTopicWithoutErrorItsIdFromV10(short v) {
        handler.answer = r -> CompletableFuture.completedFuture(METADATA);
        channel.writeInbound(KafkaBytes.frame((short) 3, v, 31,
                KafkaBytes.kafka(new MetadataRequestData().setTopics(null), v)));

        MetadataResponseData response = new MetadataResponseData(
                KafkaBytes.responses(channel, (short) 1).get(0).accessor(), v);
        assertThat(response.topics().find("t").topicId()).isEqualTo(new org.apache.kafka.common.Uuid(0x1234L, 0x5678L));
        assertThat(response.controllerId()).isEqualTo(2);
    }

    @Test
    void metadataByTopicIdPicksTheNamedTopicsAndAnswersUnknownIdsWithUnknownTopicId() {
        MetadataResponse all = new MetadataResponse(List.of(B1, B2), 1, List.of(METADATA.topics().get(0),
                new MetadataResponse.TopicMetadata("other", new io.replog.topic.TopicId(9, 9), Errors.NONE, List.of())));
        handler.answer = r -> CompletableFuture.completedFuture(all);
        org.apache.kafka.common.Uuid unknown = new org.apache.kafka.common.Uuid(7, 7);
        MetadataRequestData request = new MetadataRequestData().setTopics(new ArrayList<>(List.of(
                new MetadataRequestData.MetadataRequestTopic().setTopicId(new org.apache.kafka.common.Uuid(0x1234L, 0x5678L)),
                new MetadataRequestData.MetadataRequestTopic().setTopicId(unknown))));
        channel.writeInbound(KafkaBytes.frame((short) 3, (short) 12, 32, KafkaBytes.kafka(request, (short) 12)));

        MetadataResponseData response = new MetadataResponseData(
                KafkaBytes.responses(channel, (short) 1).get(0).accessor(), (short) 12);
        assertThat(((MetadataRequest) handler.requests.get(0)).topics()).as("every topic, to pick from").isNull();
        assertThat(response.topics()).extracting(t -> t.name() + ":" + t.topicId() + ":" + t.errorCode())
                .containsExactly("t:" + new org.apache.kafka.common.Uuid(0x1234L, 0x5678L) + ":0",
                        "null:" + unknown + ":100");
    }

    @Test
    void metadataReportsNoControllerWhenCoreNamesOneThatIsNotALiveBroker() {
        handler.answer = r -> CompletableFuture.completedFuture(new MetadataResponse(List.of(B1), 2, List.of()));
        channel.writeInbound(KafkaBytes.frame((short) 3, (short) 1, 12,
                KafkaBytes.kafka(new MetadataRequestData().setTopics(null), (short) 1)));

        Frame frame = KafkaBytes.responses(channel, (short) 0).get(0);
        assertThat(new MetadataResponseData(frame.accessor(), (short) 1).controllerId()).isEqualTo(-1);
    }

    @Test
    void aFullFetchResponseListsExactlyTheRequestedPartitionsInOrderWithSessionZero() {
        byte[] batch = batch("r1", "r2");
        handler.answer = r -> CompletableFuture.completedFuture(new FetchResponse(Errors.NONE, List.of(
                new FetchResponse.PartitionData(new TopicPartition("b", 0), Errors.NONE, 10L, 0L,
                        new MemoryRecords(ByteBuffer.wrap(batch))),
                new FetchResponse.PartitionData(new TopicPartition("a", 3), Errors.NONE, 5L, 1L,
                        io.replog.record.Records.EMPTY))));
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(500).setMinBytes(1)
                .setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(-1);
        request.topics().add(new FetchRequestData.FetchTopic().setTopic("a").setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(3).setFetchOffset(5).setPartitionMaxBytes(100))));
        request.topics().add(new FetchRequestData.FetchTopic().setTopic("b").setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(100)
                        .setCurrentLeaderEpoch(4).setLastFetchedEpoch(3))));
        channel.writeInbound(KafkaBytes.frame((short) 1, (short) 12, 13, KafkaBytes.kafka(request, (short) 12)));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        FetchResponseData response = new FetchResponseData(frame.accessor(), (short) 12);
        FetchRequest core = (FetchRequest) handler.requests.get(0);
        assertThat(core.partitions()).containsExactly(
                new FetchRequest.PartitionFetch(new TopicPartition("a", 3), -1, 5L, -1, 100),
                new FetchRequest.PartitionFetch(new TopicPartition("b", 0), 4, 0L, 3, 100));
        assertThat(response.sessionId()).isZero();
        assertThat(response.errorCode()).isZero();
        assertThat(response.responses()).extracting(FetchResponseData.FetchableTopicResponse::topic).containsExactly("a", "b");
        FetchResponseData.PartitionData a3 = response.responses().get(0).partitions().get(0);
        FetchResponseData.PartitionData b0 = response.responses().get(1).partitions().get(0);
        assertThat(a3.partitionIndex()).isEqualTo(3);
        assertThat(a3.highWatermark()).isEqualTo(5L);
        assertThat(a3.records().sizeInBytes()).isZero();
        assertThat(b0.highWatermark()).isEqualTo(10L);
        assertThat(b0.lastStableOffset()).isEqualTo(10L);
        assertThat(b0.preferredReadReplica()).isEqualTo(-1);
        assertThat(bytes(((org.apache.kafka.common.record.internal.MemoryRecords) b0.records()).buffer())).isEqualTo(batch);
    }

    @Test
    void aFetchNamingASessionIsAnsweredSessionNotFoundWithoutAskingCore() {
        FetchRequestData request = new FetchRequestData().setSessionId(42).setSessionEpoch(3);
        channel.writeInbound(KafkaBytes.frame((short) 1, (short) 12, 14, KafkaBytes.kafka(request, (short) 12)));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        FetchResponseData response = new FetchResponseData(frame.accessor(), (short) 12);
        assertThat(response.errorCode()).isEqualTo((short) 70);
        assertThat(response.sessionId()).isZero();
        assertThat(handler.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 2, 5})
    void initProducerIdIsRefusedAsAKafkaBrokerRefusesAnUnauthorizedIdempotentProducer(short v) {
        channel.writeInbound(KafkaBytes.frame((short) 22, v, 15,
                KafkaBytes.kafka(new InitProducerIdRequestData().setTransactionalId(null), v)));

        short hv = v >= 2 ? (short) 1 : (short) 0;
        Frame frame = KafkaBytes.responses(channel, hv).get(0);
        InitProducerIdResponseData response = new InitProducerIdResponseData(frame.accessor(), v);
        assertThat(response.errorCode()).isEqualTo((short) 31);
        assertThat(response.producerId()).isEqualTo(-1L);
        assertThat(response.producerEpoch()).isEqualTo((short) -1);
    }

    @Test
    void describeClusterComesFromCoreMetadataOfNoTopics() {
        handler.answer = r -> CompletableFuture.completedFuture(METADATA);
        channel.writeInbound(KafkaBytes.frame((short) 60, (short) 1, 16,
                KafkaBytes.kafka(new DescribeClusterRequestData(), (short) 1)));

        Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        DescribeClusterResponseData response = new DescribeClusterResponseData(frame.accessor(), (short) 1);
        assertThat(((MetadataRequest) handler.requests.get(0)).topics()).isEmpty();
        assertThat(response.errorCode()).isZero();
        assertThat(response.controllerId()).isEqualTo(2);
        assertThat(response.clusterId()).isEqualTo("cluster-1");
        assertThat(response.brokers()).extracting(b -> b.brokerId() + "@" + b.host() + ":" + b.port())
                .containsExactly("1@host1:9092", "2@host2:9093");
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {1, 2, 3, 4})
    void describeConfigsIsTranslatedBothWaysAtEveryServedVersion(short v) {
        DescribeConfigsResponse.Entry entry = new DescribeConfigsResponse.Entry("retention.ms", "1000", false,
                DescribeConfigsResponse.SOURCE_TOPIC_CONFIG, false, List.of(
                new DescribeConfigsResponse.Synonym("retention.ms", "1000", DescribeConfigsResponse.SOURCE_TOPIC_CONFIG),
                new DescribeConfigsResponse.Synonym("log.retention.ms", "604800000",
                        DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG)), (byte) 5, "How long records are kept.");
        handler.answer = r -> CompletableFuture.completedFuture(new DescribeConfigsResponse(List.of(
                new DescribeConfigsResponse.Result(Errors.NONE, null, DescribeConfigsRequest.TOPIC, "t", List.of(entry)),
                DescribeConfigsResponse.Result.failed(Errors.INVALID_REQUEST, "replog serves topic configs only",
                        DescribeConfigsRequest.BROKER, "1"))));
        DescribeConfigsRequestData request = new DescribeConfigsRequestData().setIncludeSynonyms(true)
                .setIncludeDocumentation(v >= 3).setResources(List.of(
                        new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2)
                                .setResourceName("t").setConfigurationKeys(List.of("retention.ms")),
                        new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 4)
                                .setResourceName("1").setConfigurationKeys(null)));
        channel.writeInbound(KafkaBytes.frame((short) 32, v, 17, KafkaBytes.kafka(request, v)));

        Frame frame = KafkaBytes.responses(channel, (short) (v >= 4 ? 1 : 0)).get(0);
        DescribeConfigsResponseData response = new DescribeConfigsResponseData(frame.accessor(), v);
        DescribeConfigsRequest core = (DescribeConfigsRequest) handler.requests.get(0);
        assertThat(core.includeSynonyms()).isTrue();
        assertThat(core.includeDocumentation()).isEqualTo(v >= 3);
        assertThat(core.resources()).containsExactly(
                new DescribeConfigsRequest.Resource((byte) 2, "t", List.of("retention.ms")),
                new DescribeConfigsRequest.Resource((byte) 4, "1", null));
        assertThat(response.results()).hasSize(2);
        DescribeConfigsResponseData.DescribeConfigsResult topic = response.results().get(0);
        assertThat(topic.errorCode()).isZero();
        assertThat(topic.resourceName()).isEqualTo("t");
        DescribeConfigsResponseData.DescribeConfigsResourceResult c = topic.configs().get(0);
        assertThat(c.name() + "=" + c.value() + " source " + c.configSource()).isEqualTo("retention.ms=1000 source 1");
        assertThat(c.synonyms()).extracting(s -> s.name() + "=" + s.value() + "/" + s.source())
                .containsExactly("retention.ms=1000/1", "log.retention.ms=604800000/5");
        assertThat(c.documentation()).as("Kafka reads the absent field as its default")
                .isEqualTo(v >= 3 ? "How long records are kept." : "");
        assertThat(c.configType()).isEqualTo((byte) (v >= 3 ? 5 : 0));
        DescribeConfigsResponseData.DescribeConfigsResult broker = response.results().get(1);
        assertThat(broker.errorCode()).isEqualTo((short) 42);
        assertThat(broker.errorMessage()).contains("topic configs only");
        assertThat(broker.configs()).isEmpty();
    }

    @Test
    void responsesGoOutInRequestOrderWithTheirCorrelationIds() {
        List<CompletableFuture<Response>> pending = new ArrayList<>();
        handler.answer = r -> {
            CompletableFuture<Response> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
        for (int id = 21; id <= 23; id++) {
            channel.writeInbound(KafkaBytes.frame((short) 3, (short) 9, id,
                    KafkaBytes.kafka(new MetadataRequestData().setTopics(null), (short) 9)));
        }
        pending.get(2).complete(METADATA);
        pending.get(1).complete(METADATA);
        assertThat(KafkaBytes.responses(channel, (short) 1)).isEmpty();
        pending.get(0).complete(METADATA);

        assertThat(KafkaBytes.responses(channel, (short) 1, (short) 1, (short) 1))
                .extracting(Frame::correlationId).containsExactly(21, 22, 23);
    }

    @Test
    void everyServedRangeLiesWithinTheCodecs() {
        for (KafkaApi api : KafkaApi.values()) {
            if (ServedApis.lowest(api) >= 0) {
                assertThat(api.supports(ServedApis.lowest(api))).as(api.apiName()).isTrue();
                assertThat(api.supports(ServedApis.highest(api))).as(api.apiName()).isTrue();
            }
        }
    }

    // ---- helpers ----

    static byte[] batch(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return bytes(org.apache.kafka.common.record.internal.MemoryRecords.withRecords(Compression.NONE, records).buffer());
    }

    static ProduceRequestData produce(short acks, byte[] records) {
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(1000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName("t").setPartitionData(new ArrayList<>(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(ByteBuffer.wrap(records)))))));
        return data;
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Answers with {@link #answer}; remembers what it was asked and by whom. */
    static final class TestHandler implements RequestHandler {
        final List<Request> requests = new ArrayList<>();
        final List<RequestSource> sources = new ArrayList<>();
        Function<Request, CompletableFuture<Response>> answer = r -> CompletableFuture.failedFuture(
                new AssertionError("unexpected " + r));

        @Override
        public CompletableFuture<Response> handle(RequestSource source, Request request) {
            requests.add(request);
            sources.add(source);
            return answer.apply(request);
        }
    }
}
