package io.replog.netty.kafka;

import ch.qos.logback.classic.Level;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.replog.netty.protocol.message.ControlledShutdownRequestMessage;
import io.replog.netty.protocol.message.ControlledShutdownResponseMessage;
import io.replog.netty.protocol.message.StopReplicaResponseMessage;
import io.replog.netty.server.ConnectionLimits;
import io.replog.netty.server.ServerPipeline;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.testsupport.LogCapture;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestSource;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BrokerRequestProcessor} through the real {@link ServerPipeline}: the inter-broker APIs
 * reach core as broker requests and come back encoded; other versions and malformed bodies close;
 * the client APIs are {@link KafkaRequestProcessor}'s, whose ApiVersions does not advertise them;
 * and the client-facing processor alone refuses them.
 */
class BrokerRequestProcessorTest {
    private final KafkaRequestProcessorTest.TestHandler handler = new KafkaRequestProcessorTest.TestHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ServerPipeline(
            new BrokerRequestProcessor(handler, "cluster-1", "PLAINTEXT", "conn-1"), ApiVersionsTable.KAFKA,
            ConnectionLimits.DEFAULTS, false, null));

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void interBrokerRequestsReachCoreFromTheSendingBroker() {
        TopicPartition tp = new TopicPartition("t", 1);
        handler.answer = r -> CompletableFuture.completedFuture(r instanceof StopReplicaRequest
                ? new StopReplicaResponse(Errors.NONE, Map.of(tp, Errors.KAFKA_STORAGE_ERROR))
                : new ControlledShutdownResponse(Errors.NONE, Set.of(tp)));
        StopReplicaRequest stop = new StopReplicaRequest(3, 9, 44L, true, List.of(tp));
        channel.writeInbound(KafkaBytes.frame((short) 5, (short) 4, 11, bytes(
                InterBrokerTranslator.toKafkaRequest(stop, (short) 4), (short) 4)));
        channel.writeInbound(KafkaBytes.frame((short) 7, (short) 3, 12, bytes(
                new ControlledShutdownRequestMessage(2, 55L), (short) 3)));

        List<KafkaBytes.Frame> frames = KafkaBytes.responses(channel, (short) 1, (short) 1);
        assertThat(handler.requests).containsExactly(stop, new ControlledShutdownRequest(2, 55L));
        assertThat(handler.sources).containsExactly(RequestSource.broker(3), RequestSource.broker(2));
        assertThat(frames).extracting(KafkaBytes.Frame::correlationId).containsExactly(11, 12);
        assertThat(StopReplicaResponseMessage.read(io.netty.buffer.Unpooled.wrappedBuffer(frames.get(0).body()),
                (short) 4)).isEqualTo(new StopReplicaResponseMessage((short) 0, List.of(
                new StopReplicaResponseMessage.StopReplicaPartitionError("t", 1, Errors.KAFKA_STORAGE_ERROR.code()))));
        assertThat(ControlledShutdownResponseMessage.read(io.netty.buffer.Unpooled.wrappedBuffer(frames.get(1).body()),
                (short) 3).remainingPartitions()).containsExactly(
                new ControlledShutdownResponseMessage.RemainingPartition("t", 1));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aHandlerRefusalARetryCanCureTravelsAsARetriableCodeAndAnyOtherFailureAsUnknownServerError() {
        TopicPartition tp = new TopicPartition("t", 1);
        handler.answer = r -> CompletableFuture.failedFuture(((StopReplicaRequest) r).controllerEpoch() == 9
                ? new io.replog.errors.RetriableException("broker 1 is not registered yet")
                : new IllegalStateException("broken"));
        StopReplicaRequest notYet = new StopReplicaRequest(3, 9, 44L, true, List.of(tp));
        StopReplicaRequest broken = new StopReplicaRequest(3, 10, 44L, true, List.of(tp));
        channel.writeInbound(KafkaBytes.frame((short) 5, (short) 4, 11, bytes(
                InterBrokerTranslator.toKafkaRequest(notYet, (short) 4), (short) 4)));
        channel.writeInbound(KafkaBytes.frame((short) 5, (short) 4, 12, bytes(
                InterBrokerTranslator.toKafkaRequest(broken, (short) 4), (short) 4)));

        List<KafkaBytes.Frame> frames = KafkaBytes.responses(channel, (short) 1, (short) 1);
        StopReplicaResponse retriable = InterBrokerTranslator.toCoreResponse(StopReplicaResponseMessage.read(
                io.netty.buffer.Unpooled.wrappedBuffer(frames.get(0).body()), (short) 4), (short) 4);
        StopReplicaResponse failed = InterBrokerTranslator.toCoreResponse(StopReplicaResponseMessage.read(
                io.netty.buffer.Unpooled.wrappedBuffer(frames.get(1).body()), (short) 4), (short) 4);
        assertThat(retriable.error()).as("what the controller's channel resends").isEqualTo(Errors.NETWORK_EXCEPTION)
                .matches(Errors::isRetriable);
        assertThat(failed.error()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anotherInterBrokerVersionClosesTheConnectionAsThePeersFault() {
        // Found by fuzzing a running broker: ControlledShutdown v4 was closed as an unexpected ERROR.
        try (LogCapture log = new LogCapture("io.replog.netty.server.ConnectionErrorHandler", Level.DEBUG)) {
            channel.writeInbound(KafkaBytes.frame((short) 4, (short) 6, 1, new byte[0]));
            channel.runPendingTasks();
            assertThat(channel.isOpen()).isFalse();
            assertThat(handler.requests).isEmpty();
            assertThat(log.lines(Level.ERROR)).isEmpty();
            assertThat(log.warnings()).singleElement().asString().contains("LeaderAndIsr v6 is not served");
        }
    }

    @Test
    void aMalformedInterBrokerBodyClosesTheConnectionAsThePeersFault() {
        try (LogCapture log = new LogCapture("io.replog.netty.server.ConnectionErrorHandler", Level.DEBUG)) {
            channel.writeInbound(KafkaBytes.frame((short) 6, (short) 8, 1, new byte[]{0, 0, 0}));
            channel.runPendingTasks();
            assertThat(channel.isOpen()).isFalse();
            assertThat(handler.requests).isEmpty();
            assertThat(log.lines(Level.ERROR)).isEmpty();
            assertThat(log.warnings()).singleElement().asString().contains("malformed UpdateMetadata v8 body");
        }
    }

    @Test
    void apiVersionsDoesNotAdvertiseTheInterBrokerApis() {
        channel.writeInbound(KafkaBytes.frame((short) 18, (short) 3, 7, KafkaBytes.kafka(new ApiVersionsRequestData()
                .setClientSoftwareName("x").setClientSoftwareVersion("1"), (short) 3)));
        ApiVersionsResponseData response = new ApiVersionsResponseData(
                KafkaBytes.responses(channel, (short) 0).get(0).accessor(), (short) 3);
        assertThat(response.apiKeys()).extracting(ApiVersionsResponseData.ApiVersion::apiKey)
                .contains((short) 0, (short) 1).doesNotContain((short) 4, (short) 5, (short) 6, (short) 7);
    }

    @Test
    void theClientFacingProcessorRefusesInterBrokerApis() {
        EmbeddedChannel clients = new EmbeddedChannel(new ServerPipeline(
                new KafkaRequestProcessor(handler, "cluster-1", "CLIENT", "conn-2"), ApiVersionsTable.KAFKA,
                ConnectionLimits.DEFAULTS, false, null));
        try {
            clients.writeInbound(KafkaBytes.frame((short) 5, (short) 4, 1, bytes(InterBrokerTranslator.toKafkaRequest(
                    new StopReplicaRequest(0, 1, 2L, false, List.of()), (short) 4), (short) 4)));
            clients.runPendingTasks();
            assertThat(clients.isOpen()).isFalse();
            assertThat(handler.requests).isEmpty();
        } finally {
            clients.finishAndReleaseAll();
        }
    }

    private static byte[] bytes(io.replog.netty.protocol.MessageBody body, short v) {
        ByteBuf buf = KafkaBytes.replog(body, v);
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }
}
