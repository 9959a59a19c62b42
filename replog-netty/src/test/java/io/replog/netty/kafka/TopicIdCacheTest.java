package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.replog.netty.server.ConnectionLimits;
import io.replog.netty.server.ServerPipeline;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.record.Records;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetch v13+ topic ids through a broker listener's {@link TopicIdCache}: resolved without a
 * metadata query per request, and after an UpdateMetadata (a topic deleted and created again
 * under a new id) the new id resolves while the old one is answered UNKNOWN_TOPIC_ID.
 */
class TopicIdCacheTest {
    private static final short V = 13;
    private static final TopicId OLD = new TopicId(0x1111L, 0x2222L);
    private static final TopicId NEW = new TopicId(0x3333L, 0x4444L);

    private final KafkaRequestProcessorTest.TestHandler handler = new KafkaRequestProcessorTest.TestHandler();
    private final TopicIdCache cache = new TopicIdCache();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ServerPipeline(
            new BrokerRequestProcessor(handler, "cluster-1", "PLAINTEXT", "conn-1", cache), ApiVersionsTable.KAFKA,
            ConnectionLimits.DEFAULTS, false, null));
    private final AtomicInteger metadataQueries = new AtomicInteger();
    /** What core's metadata cache holds: the id of topic "t". */
    private volatile TopicId current = OLD;

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aRecreatedTopicsNewIdResolvesAfterUpdateMetadataAndTheOldOneIsUnknown() {
        handler.answer = r -> {
            if (r instanceof MetadataRequest) {
                metadataQueries.incrementAndGet();
                return CompletableFuture.completedFuture(new MetadataResponse(List.of(), 1, List.of(
                        new MetadataResponse.TopicMetadata("t", current, Errors.NONE, List.of(
                                new MetadataResponse.PartitionMetadata(0, Errors.NONE, 1, 1, List.of(1), List.of(1),
                                        List.of()))))));
            }
            if (r instanceof UpdateMetadataRequest u) {
                // Core applies the update before it answers: the topic now has its new id.
                current = u.partitions().get(0).topicId();
                return CompletableFuture.completedFuture(new UpdateMetadataResponse(Errors.NONE));
            }
            FetchRequest f = (FetchRequest) r;
            return CompletableFuture.completedFuture(new FetchResponse(Errors.NONE, f.partitions().stream()
                    .map(p -> new FetchResponse.PartitionData(p.partition(), Errors.NONE, 5L, 0L, Records.EMPTY))
                    .toList()));
        };

        assertThat(fetch(OLD, 1)).isEqualTo("0:5");
        assertThat(fetch(OLD, 2)).isEqualTo("0:5");
        assertThat(metadataQueries).as("the second fetch used the cached ids").hasValue(1);

        long before = cache.generation();
        updateMetadata(NEW, 3);
        assertThat(cache.generation()).as("the UpdateMetadata invalidated the cache").isGreaterThan(before);

        assertThat(fetch(OLD, 4)).as("the deleted topic's id").isEqualTo(KafkaCodes.UNKNOWN_TOPIC_ID + ":-1");
        assertThat(fetch(NEW, 5)).as("the recreated topic's id").isEqualTo("0:5");
        assertThat(metadataQueries).as("one query after the change, then cached again").hasValue(2);
        assertThat(handler.requests).filteredOn(FetchRequest.class::isInstance)
                .as("core was asked for the topic by name each time it resolved").hasSize(3);
    }

    @Test
    void idsThatCouldNotBeHadAreNotKept() {
        handler.answer = r -> {
            metadataQueries.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("no metadata"));
        };
        assertThat(fetch(OLD, 1)).isEqualTo(KafkaCodes.UNKNOWN_SERVER_ERROR + ":-1");
        assertThat(fetch(OLD, 2)).isEqualTo(KafkaCodes.UNKNOWN_SERVER_ERROR + ":-1");
        assertThat(metadataQueries).as("asked again: a failure is not cached").hasValue(2);
    }

    /** Fetches partition 0 of the topic {@code id}; returns "error:highWatermark" of the answer. */
    private String fetch(TopicId id, int correlationId) {
        FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMaxBytes(1000).setSessionEpoch(-1)
                .setReplicaId(-1);
        request.topics().add(new FetchRequestData.FetchTopic().setTopicId(new Uuid(id.mostSignificantBits(),
                id.leastSignificantBits())).setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0))));
        channel.writeInbound(KafkaBytes.frame((short) 1, V, correlationId, KafkaBytes.kafka(request, V)));
        KafkaBytes.Frame frame = KafkaBytes.responses(channel, (short) 1).get(0);
        assertThat(frame.correlationId()).isEqualTo(correlationId);
        FetchResponseData.PartitionData p = new FetchResponseData(frame.accessor(), V).responses().get(0)
                .partitions().get(0);
        return p.errorCode() + ":" + p.highWatermark();
    }

    private void updateMetadata(TopicId id, int correlationId) {
        UpdateMetadataRequest update = new UpdateMetadataRequest(1, 2, 10L, List.of(), List.of(
                new UpdateMetadataRequest.PartitionInfo(new TopicPartition("t", 0), id, 1, 2, List.of(1), List.of(1),
                        List.of())), Set.of());
        short v = InterBrokerTranslator.UPDATE_METADATA;
        ByteBuf body = KafkaBytes.replog(InterBrokerTranslator.toKafkaRequest(update, v), v);
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        body.release();
        channel.writeInbound(KafkaBytes.frame((short) 6, v, correlationId, bytes));
        assertThat(KafkaBytes.responses(channel, (short) 1)).extracting(KafkaBytes.Frame::correlationId)
                .containsExactly(correlationId);
    }
}
