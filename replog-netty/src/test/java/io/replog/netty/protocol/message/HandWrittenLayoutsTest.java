package io.replog.netty.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.ApiVersionsFallback;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.ApiVersionsResponseMessage.ApiVersion;
import io.replog.netty.protocol.message.MetadataResponseMessage.MetadataResponseBroker;
import io.replog.netty.protocol.message.MetadataResponseMessage.MetadataResponsePartition;
import io.replog.netty.protocol.message.MetadataResponseMessage.MetadataResponseTopic;
import io.replog.netty.protocol.message.ProduceRequestMessage.PartitionProduceData;
import io.replog.netty.protocol.message.ProduceRequestMessage.TopicProduceData;
import io.replog.netty.protocol.message.ProduceResponseMessage.PartitionProduceResponse;
import io.replog.netty.protocol.message.ProduceResponseMessage.TopicProduceResponse;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Layouts written out by hand from the protocol guide's field lists, independent of both the
 * generator and Kafka's classes; and the Produce versions 0-2 that Kafka 4's classes no longer write.
 */
class HandWrittenLayoutsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void apiVersionsRequestV0IsEmptyAndV3CarriesTheClientSoftware() {
        ApiVersionsRequestMessage request = new ApiVersionsRequestMessage("replog", "1.0");
        assertThat(hex(request.withClientSoftwareName("").withClientSoftwareVersion(""), (short) 0)).isEmpty();
        String v3 = "07" + "7265706c6f67" // compact string "replog": length + 1, UTF-8
                + "04" + "312e30" //          compact string "1.0"
                + "00"; //                    no tagged fields
        assertThat(hex(request, (short) 3)).isEqualTo(v3);
        assertThat(ApiVersionsRequestMessage.read(buf(v3), (short) 3)).isEqualTo(request);
    }

    @Test
    void apiVersionsResponseV0AndV3() {
        ApiVersionsResponseMessage response = ApiVersionsResponseMessage.DEFAULT
                .withApiKeys(List.of(new ApiVersion((short) 18, (short) 0, (short) 4), new ApiVersion((short) 3, (short) 0, (short) 13)));
        String v0 = "0000" //       error code
                + "00000002" //     int32 array length
                + "0012" + "0000" + "0004" // ApiVersions 0-4
                + "0003" + "0000" + "000d"; // Metadata 0-13
        assertThat(hex(response, (short) 0)).isEqualTo(v0);
        assertThat(ApiVersionsResponseMessage.read(buf(v0), (short) 0)).isEqualTo(response);

        ApiVersionsResponseMessage flexible = response.withThrottleTimeMs(100).withFinalizedFeaturesEpoch(5);
        String v3 = "0000" //       error code
                + "03" //           compact array: 2 elements + 1
                + "0012" + "0000" + "0004" + "00" // each element ends with its (empty) tagged fields
                + "0003" + "0000" + "000d" + "00"
                + "00000064" //     throttle time 100
                + "01" //           one tagged field
                + "01" + "08" + "0000000000000005"; // tag 1 (finalized features epoch), 8 bytes
        assertThat(hex(flexible, (short) 3)).isEqualTo(v3);
        assertThat(ApiVersionsResponseMessage.read(buf(v3), (short) 3)).isEqualTo(flexible);
        // Version 0 has no throttle time; it is ignorable, so it is dropped rather than refused.
        assertThat(hex(flexible.withFinalizedFeaturesEpoch(-1), (short) 0)).isEqualTo(v0);
    }

    @Test
    void apiVersionsFallbackIsAVersion0BodyWithError35ThatKafkaReads() {
        List<ApiVersion> supported = List.of(new ApiVersion((short) 18, (short) 0, (short) 4));
        ByteBuf out = Unpooled.buffer();
        ApiVersionsFallback.write(out, supported);
        String expected = "0023" + "00000001" + "0012" + "0000" + "0004";
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(expected);
        assertThat(ApiVersionsFallback.size(supported)).isEqualTo(out.readableBytes());

        ApiVersionsResponseData kafka = new ApiVersionsResponseData(
                new ByteBufferAccessor(ByteBuffer.wrap(HEX.parseHex(expected))), (short) 0);
        assertThat(kafka.errorCode()).isEqualTo((short) 35);
        assertThat(kafka.apiKeys().find((short) 18).maxVersion()).isEqualTo((short) 4);
    }

    @Test
    void metadataV0() {
        MetadataRequestMessage request = MetadataRequestMessage.DEFAULT
                .withTopics(List.of(new MetadataRequestMessage.MetadataRequestTopic(io.replog.netty.protocol.Wire.ZERO_UUID, "foo")));
        String requestV0 = "00000001" + "0003" + "666f6f"; // [ "foo" ] with int16 string length
        assertThat(hex(request, (short) 0)).isEqualTo(requestV0);
        assertThat(MetadataRequestMessage.read(buf(requestV0), (short) 0)).isEqualTo(request);

        MetadataResponseMessage response = MetadataResponseMessage.DEFAULT
                .withBrokers(List.of(MetadataResponseBroker.DEFAULT.withNodeId(1).withHost("h").withPort(9092)))
                .withTopics(List.of(MetadataResponseTopic.DEFAULT.withName("t").withPartitions(List.of(
                        MetadataResponsePartition.DEFAULT.withLeaderId(1).withReplicaNodes(List.of(1)).withIsrNodes(List.of(1))))));
        String responseV0 = "00000001" //                    brokers: 1
                + "00000001" + "0001" + "68" + "00002384" //  node 1, host "h", port 9092
                + "00000001" //                               topics: 1
                + "0000" + "0001" + "74" //                    error 0, name "t"
                + "00000001" //                               partitions: 1
                + "0000" + "00000000" + "00000001" //           error 0, partition 0, leader 1
                + "00000001" + "00000001" //                    replicas [1]
                + "00000001" + "00000001"; //                   isr [1]
        assertThat(hex(response, (short) 0)).isEqualTo(responseV0);
        assertThat(MetadataResponseMessage.read(buf(responseV0), (short) 0)).isEqualTo(response);
    }

    @Test
    void metadataRefusesAFieldTheVersionCannotCarry() {
        // allowAutoTopicCreation exists from version 4 and is not ignorable: false cannot be said in v3.
        MetadataRequestMessage request = MetadataRequestMessage.DEFAULT.withAllowAutoTopicCreation(false);
        ByteBuf out = Unpooled.buffer();
        assertThatThrownBy(() -> request.write(out, (short) 3))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("MetadataRequestMessage.allowAutoTopicCreation")
                .hasMessageContaining("version 3");
        assertThat(out.writerIndex()).isZero();
        assertThatThrownBy(() -> request.size((short) 3)).isInstanceOf(UnsupportedVersionException.class);
        // Null topics (all topics) exists from version 1 only.
        assertThatThrownBy(() -> MetadataRequestMessage.DEFAULT.withTopics(null).write(out, (short) 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MetadataRequestMessage.topics");
    }

    @Test
    void produceV0ToV2() {
        ProduceRequestMessage request = new ProduceRequestMessage(null, (short) -1, 1000, List.of(
                new TopicProduceData("t", io.replog.netty.protocol.Wire.ZERO_UUID, List.of(
                        new PartitionProduceData(0, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))))));
        String requestV0 = "ffff" + "000003e8" //      acks -1, timeout 1000
                + "00000001" + "0001" + "74" //          topics: "t"
                + "00000001" + "00000000" //             partitions: 0
                + "00000003" + "010203"; //              records: kept as bytes
        for (short v = 0; v <= 2; v++) {
            assertThat(hex(request, v)).as("v%d", v).isEqualTo(requestV0);
            assertThat(ProduceRequestMessage.read(buf(requestV0), v)).isEqualTo(request);
        }
        assertThatThrownBy(() -> request.withTransactionalId("tx").write(Unpooled.buffer(), (short) 2))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("ProduceRequestMessage.transactionalId");

        ProduceResponseMessage response = new ProduceResponseMessage(List.of(new TopicProduceResponse("t",
                io.replog.netty.protocol.Wire.ZERO_UUID, List.of(PartitionProduceResponse.DEFAULT.withBaseOffset(42)))), 100, List.of());
        String head = "00000001" + "0001" + "74" + "00000001" + "00000000" + "0000" + "000000000000002a";
        assertThat(hex(response.withThrottleTimeMs(0), (short) 0)).isEqualTo(head);
        assertThat(hex(response, (short) 1)).isEqualTo(head + "00000064");
        assertThat(hex(response, (short) 2)).isEqualTo(head + "ffffffffffffffff" + "00000064");
        assertThat(ProduceResponseMessage.read(buf(head + "ffffffffffffffff" + "00000064"), (short) 2)).isEqualTo(response);
    }

    private static String hex(MessageBody message, short version) {
        ByteBuf out = Unpooled.buffer();
        message.write(out, version);
        assertThat(message.size(version)).as("size of %s v%d", message, version).isEqualTo(out.readableBytes());
        return ByteBufUtil.hexDump(out);
    }

    private static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(HEX.parseHex(hex));
    }
}
