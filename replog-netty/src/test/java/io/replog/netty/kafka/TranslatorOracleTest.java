package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.message.CreateTopicsRequestMessage;
import io.replog.netty.protocol.message.DeleteTopicsRequestMessage;
import io.replog.netty.protocol.message.ElectLeadersRequestMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochRequestMessage;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.topic.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oracle checks with Kafka's own {@code *Data} classes: the bytes replog writes from a core message
 * are what Kafka reads with the expected field values, and Kafka's bytes translate to the expected
 * core message. (Metadata, Fetch responses, Produce, ApiVersions, InitProducerId and
 * DescribeCluster are checked end to end in {@link KafkaRequestProcessorTest}.)
 */
class TranslatorOracleTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final TopicIds IDS = new TopicIds(Map.of(new java.util.UUID(5, 6), "t"),
            Map.of("t", new java.util.UUID(5, 6)), (short) 100);

    @ParameterizedTest
    @ValueSource(shorts = {3, 9, 12, 13})
    void produceRequestsReplogWritesAreReadByKafkaWithTheSameRecordBytes(short v) {
        byte[] batch = KafkaRequestProcessorTest.batch("a", "b", "c");
        ProduceRequest request = new ProduceRequest((short) -1, 1500, Map.of(T1, ByteBuffer.wrap(batch)));
        ProduceRequestData kafka = KafkaBytes.readByKafka(ProduceTranslator.toKafkaRequest(request, v, IDS), v,
                ProduceRequestData::new);
        ProduceRequestData.TopicProduceData topic = kafka.topicData().iterator().next();
        if (v >= 13) {
            assertThat(topic.topicId()).isEqualTo(new Uuid(5, 6));
        } else {
            assertThat(topic.name()).isEqualTo("t");
        }
        assertThat(kafka.acks()).isEqualTo((short) -1);
        assertThat(kafka.timeoutMs()).isEqualTo(1500);
        assertThat(kafka.transactionalId()).isNull();
        ProduceRequestData.PartitionProduceData p = kafka.topicData().iterator().next().partitionData().get(0);
        assertThat(p.index()).isEqualTo(1);
        assertThat(KafkaRequestProcessorTest.bytes(((MemoryRecords) p.records()).buffer())).isEqualTo(batch);
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 12, 13, 15, 18})
    void fetchRequestsReplogWritesAreFullFetchesOutsideAnySession(short v) {
        FetchRequest request = new FetchRequest(3, 500, 1, 1 << 20, List.of(
                new FetchRequest.PartitionFetch(T0, 7, 42L, 6, 1024)));
        FetchRequestData kafka = KafkaBytes.readByKafka(FetchTranslator.toKafkaRequest(request, v, IDS), v,
                FetchRequestData::new);
        assertThat(v >= 15 ? kafka.replicaState().replicaId() : kafka.replicaId()).isEqualTo(3);
        assertThat(kafka.topics().get(0).topicId()).isEqualTo(v >= 13 ? new Uuid(5, 6) : Uuid.ZERO_UUID);
        assertThat(kafka.sessionId()).isZero();
        assertThat(kafka.sessionEpoch()).isEqualTo(-1);
        FetchRequestData.FetchPartition p = kafka.topics().get(0).partitions().get(0);
        assertThat(kafka.topics().get(0).topic()).isEqualTo(v >= 13 ? "" : "t");
        assertThat(p.fetchOffset()).isEqualTo(42L);
        assertThat(p.partitionMaxBytes()).isEqualTo(1024);
        assertThat(p.currentLeaderEpoch()).isEqualTo(v >= 9 ? 7 : -1);
        assertThat(p.lastFetchedEpoch()).isEqualTo(v >= 12 ? 6 : -1);
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 6, 10})
    void listOffsetsRequestsAreReadByKafka(short v) {
        ListOffsetsRequest request = new ListOffsetsRequest(-1, Map.of(T0, ListOffsetsRequest.EARLIEST));
        ListOffsetsRequestData kafka = KafkaBytes.readByKafka(ListOffsetsTranslator.toKafkaRequest(request, v), v,
                ListOffsetsRequestData::new);
        assertThat(kafka.replicaId()).isEqualTo(-1);
        assertThat(kafka.topics().get(0).partitions().get(0).timestamp()).isEqualTo(-2L);
    }

    @ParameterizedTest
    @ValueSource(shorts = {2, 5, 7})
    void createTopicsBothWays(short v) {
        CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(3000).setValidateOnly(true);
        CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic().setName("n")
                .setNumPartitions(-1).setReplicationFactor((short) -1);
        topic.assignments().add(new CreateTopicsRequestData.CreatableReplicaAssignment().setPartitionIndex(0)
                .setBrokerIds(List.of(2, 1)));
        topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName("cleanup.policy").setValue("delete"));
        data.topics().add(topic);
        ByteBuf in = Unpooled.wrappedBuffer(KafkaBytes.kafka(data, v));
        CreateTopicsRequest core = TopicsTranslator.toCore(CreateTopicsRequestMessage.read(in, v), v);
        assertThat(core).isEqualTo(new CreateTopicsRequest(List.of(new CreateTopicsRequest.NewTopicSpec("n", -1,
                (short) -1, Map.of(0, List.of(2, 1)), Map.of("cleanup.policy", "delete"))), 3000, true));

        CreateTopicsResponseData kafka = KafkaBytes.readByKafka(TopicsTranslator.toKafka(new CreateTopicsResponse(
                Map.of("n", new CreateTopicsResponse.TopicResult(Errors.TOPIC_ALREADY_EXISTS, "exists"))), v), v,
                CreateTopicsResponseData::new);
        CreateTopicsResponseData.CreatableTopicResult r = kafka.topics().find("n");
        assertThat(r.errorCode()).isEqualTo((short) 36);
        assertThat(r.errorMessage()).isEqualTo("exists");
        if (v >= 5) {
            assertThat(r.numPartitions()).isEqualTo(-1);
            assertThat(r.configs()).isNull();
        }
        if (v >= 7) {
            assertThat(r.topicId()).isEqualTo(Uuid.ZERO_UUID);
        }
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 4, 6})
    void deleteTopicsBothWays(short v) {
        DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(100);
        if (v >= 6) {
            data.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName("x"));
        } else {
            data.topicNames().add("x");
        }
        TopicsTranslator.DecodedDelete decoded = TopicsTranslator.toCore(
                DeleteTopicsRequestMessage.read(Unpooled.wrappedBuffer(KafkaBytes.kafka(data, v)), v), v);
        assertThat(decoded.request().topics()).containsExactly("x");

        DeleteTopicsResponseData kafka = KafkaBytes.readByKafka(TopicsTranslator.toKafka(new DeleteTopicsResponse(
                Map.of("x", new CreateTopicsResponse.TopicResult(Errors.UNKNOWN_TOPIC_OR_PARTITION, "no x"))),
                List.of(), v), v, DeleteTopicsResponseData::new);
        DeleteTopicsResponseData.DeletableTopicResult r = kafka.responses().find("x");
        assertThat(r.errorCode()).isEqualTo((short) 3);
        assertThat(r.errorMessage()).isEqualTo(v >= 5 ? "no x" : null);
    }

    @ParameterizedTest
    @ValueSource(shorts = {2, 3, 4})
    void offsetForLeaderEpochBothWays(short v) {
        OffsetForLeaderEpochRequestData data = new OffsetForLeaderEpochRequestData();
        if (v >= 3) {
            data.setReplicaId(5);
        }
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t");
        topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(1)
                .setCurrentLeaderEpoch(9).setLeaderEpoch(8));
        data.topics().add(topic);
        OffsetForLeaderEpochRequest core = OffsetForLeaderEpochTranslator.toCore(
                OffsetForLeaderEpochRequestMessage.read(Unpooled.wrappedBuffer(KafkaBytes.kafka(data, v)), v), v);
        assertThat(core).isEqualTo(new OffsetForLeaderEpochRequest(v >= 3 ? 5 : -2,
                Map.of(T1, new OffsetForLeaderEpochRequest.EpochQuery(9, 8))));

        OffsetForLeaderEpochResponseData kafka = KafkaBytes.readByKafka(OffsetForLeaderEpochTranslator.toKafka(
                new OffsetForLeaderEpochResponse(Map.of(T1, new OffsetForLeaderEpochResponse.EpochEnd(
                        Errors.NONE, 8, 1234L))), v), v, OffsetForLeaderEpochResponseData::new);
        OffsetForLeaderEpochResponseData.EpochEndOffset p = kafka.topics().find("t").partitions().get(0);
        assertThat(List.of(p.partition(), p.leaderEpoch(), p.endOffset(), p.errorCode()))
                .isEqualTo(List.of(1, 8, 1234L, (short) 0));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2})
    void electLeadersBothWays(short v) {
        ElectLeadersRequestData data = new ElectLeadersRequestData().setTimeoutMs(700);
        data.topicPartitions().add(new ElectLeadersRequestData.TopicPartitions().setTopic("t").setPartitions(List.of(0, 1)));
        ElectLeadersRequestMessage m = ElectLeadersRequestMessage.read(
                Unpooled.wrappedBuffer(KafkaBytes.kafka(data, v)), v);
        assertThat(ElectLeadersTranslator.isPreferred(m, v)).isTrue();
        assertThat(ElectLeadersTranslator.toCore(m, v)).isEqualTo(new ElectLeadersRequest(Set.of(T0, T1), 700));

        ElectLeadersResponseData kafka = KafkaBytes.readByKafka(ElectLeadersTranslator.toKafka(new ElectLeadersResponse(
                Errors.NONE, Map.of(T0, Errors.NONE, T1, Errors.ELECTION_NOT_NEEDED)), v), v,
                ElectLeadersResponseData::new);
        assertThat(kafka.errorCode()).isZero();
        assertThat(kafka.replicaElectionResults().get(0).partitionResult())
                .extracting(p -> p.partitionId() + ":" + p.errorCode()).containsExactly("0:0", "1:84");
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 2})
    void anUncleanElectionIsRefusedWithInvalidRequest(short v) {
        ElectLeadersRequestData data = new ElectLeadersRequestData().setElectionType((byte) 1).setTimeoutMs(1);
        data.topicPartitions().add(new ElectLeadersRequestData.TopicPartitions().setTopic("t").setPartitions(List.of(0)));
        ElectLeadersRequestMessage m = ElectLeadersRequestMessage.read(
                Unpooled.wrappedBuffer(KafkaBytes.kafka(data, v)), v);
        assertThat(ElectLeadersTranslator.isPreferred(m, v)).isFalse();
        ElectLeadersResponseData kafka = KafkaBytes.readByKafka(
                ElectLeadersTranslator.refuse(m, KafkaCodes.INVALID_REQUEST, v), v, ElectLeadersResponseData::new);
        assertThat(kafka.errorCode()).isEqualTo((short) 42);
        assertThat(kafka.replicaElectionResults().get(0).partitionResult().get(0).errorCode()).isEqualTo((short) 42);
    }
}
