package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.protocol.ApiKey;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.Errors;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.ProduceRequest;
import io.replog.topic.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client direction through {@link ClientTranslation}, read and written by Kafka's own classes. */
class ClientTranslationTest {

    @Test
    void picksTheNewestVersionBothSidesSpeak() {
        assertThat(ClientTranslation.pickVersion(ApiKey.FETCH, (short) 4, (short) 17)).isEqualTo((short) 17);
        assertThat(ClientTranslation.pickVersion(ApiKey.PRODUCE, (short) 3, (short) 20)).isEqualTo((short) 13);
        assertThatThrownBy(() -> ClientTranslation.pickVersion(ApiKey.PRODUCE, (short) 0, (short) 2))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v0..2");
        assertThat(ClientTranslation.pickVersion(ApiKey.LEADER_AND_ISR, (short) 0, (short) 7)).isEqualTo((short) 7);
        assertThatThrownBy(() -> ClientTranslation.pickVersion(ApiKey.LEADER_AND_ISR, (short) 0, (short) 6))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v7..7");
    }

    @Test
    void writesRequestsKafkaReads() {
        byte[] batch = KafkaRequestProcessorTest.batch("q");
        ProduceRequest produce = new ProduceRequest((short) 1, 10, Map.of(new TopicPartition("t", 2), ByteBuffer.wrap(batch)));
        ProduceRequestData kafka = KafkaBytes.readByKafka(
                ClientTranslation.toKafkaRequest(produce, (short) 11, TopicIds.NONE), (short) 11, ProduceRequestData::new);
        assertThat(kafka.topicData().find("t", org.apache.kafka.common.Uuid.ZERO_UUID).partitionData().get(0).index())
                .isEqualTo(2);

        MetadataRequestData metadata = KafkaBytes.readByKafka(
                ClientTranslation.toKafkaRequest(new MetadataRequest(List.of("a")), (short) 12, TopicIds.NONE),
                (short) 12, MetadataRequestData::new);
        assertThat(metadata.topics()).extracting(MetadataRequestData.MetadataRequestTopic::name).containsExactly("a");
    }

    @Test
    void readsResponsesKafkaWrites() {
        ListOffsetsResponseData data = new ListOffsetsResponseData();
        data.topics().add(new ListOffsetsResponseData.ListOffsetsTopicResponse().setName("t").setPartitions(List.of(
                new ListOffsetsResponseData.ListOffsetsPartitionResponse().setPartitionIndex(1).setOffset(99L)
                        .setLeaderEpoch(4).setErrorCode((short) 0))));
        ByteBuf body = Unpooled.wrappedBuffer(KafkaBytes.kafka(data, (short) 9));
        assertThat(ClientTranslation.toCoreResponse(ApiKey.LIST_OFFSETS, body, (short) 9, TopicIds.NONE, "L"))
                .isEqualTo(new ListOffsetsResponse(Map.of(new TopicPartition("t", 1),
                        new ListOffsetsResponse.PartitionOffset(Errors.NONE, 99L, 4))));
    }

    @Test
    void interBrokerRequestsAreWrittenAtTheirOneVersion() {
        assertThat(ClientTranslation.toKafkaRequest(new ControlledShutdownRequest(1, 2L), (short) 3, TopicIds.NONE))
                .isEqualTo(new io.replog.netty.protocol.message.ControlledShutdownRequestMessage(1, 2L));
        assertThatThrownBy(() -> ClientTranslation.toKafkaRequest(new ControlledShutdownRequest(1, 2L), (short) 2,
                TopicIds.NONE)).isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v2");
        assertThatThrownBy(() -> ClientTranslation.toKafkaRequest(new ListOffsetsRequest(-1, Map.of()), (short) 11,
                TopicIds.NONE)).isInstanceOf(UnsupportedVersionException.class);
    }
}
