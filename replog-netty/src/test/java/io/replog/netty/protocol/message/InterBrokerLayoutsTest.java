package io.replog.netty.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.MalformedMessageException;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.ControlledShutdownResponseMessage.RemainingPartition;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrLiveLeader;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrPartitionState;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrTopicConfig;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrTopicState;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage.LeaderAndIsrPartitionError;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage.LeaderAndIsrTopicError;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage.UpdateMetadataBroker;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage.UpdateMetadataEndpoint;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inter-broker bodies written out by hand, field by field, from Kafka 3.9's layouts of
 * LeaderAndIsr v7, UpdateMetadata v8 and ControlledShutdown v3: the fact check that does not depend on the generator,
 * nor on Kafka's classes (Kafka 4 has none for these APIs). Without replog's own tagged fields
 * (tags from 1000) a body is exactly Kafka's; with them, only the tagged sections grow.
 */
class InterBrokerLayoutsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final UUID TOPIC_ID = new UUID(0x0001020304050607L, 0x08090a0b0c0d0e0fL);

    @Test
    void leaderAndIsrRequestV7() {
        LeaderAndIsrPartitionState partition = new LeaderAndIsrPartitionState(0, 5, 1, 3, List.of(1, 2), 7,
                List.of(1, 2), List.of(), List.of(), false, (byte) 0);
        LeaderAndIsrTopicState topic = new LeaderAndIsrTopicState("t", TOPIC_ID, List.of(partition), List.of());
        LeaderAndIsrLiveLeader leader = LeaderAndIsrLiveLeader.DEFAULT.withBrokerId(1).withHostName("h").withPort(9092);
        LeaderAndIsrRequestMessage request = new LeaderAndIsrRequestMessage(1, false, 5, 32L, (byte) 0,
                List.of(topic), List.of(leader));
        String partitionHex = "00000000" //           partition index 0
                + "00000005" //                       controller epoch 5
                + "00000001" //                       leader 1
                + "00000003" //                       leader epoch 3
                + "03" + "00000001" + "00000002" //   ISR [1, 2]: compact array, 2 elements + 1
                + "00000007" //                       partition epoch 7
                + "03" + "00000001" + "00000002" //   replicas [1, 2]
                + "01" //                             adding replicas: empty
                + "01" //                             removing replicas: empty
                + "00" //                             is new: false
                + "00" //                             leader recovery state 0
                + "00"; //                            no tagged fields
        String leaderHex = "00000001" + "0268" + "00002384"; // broker 1, compact string "h", port 9092
        String v7 = "00000001" //                     controller id 1
                + "00" //                             not a KRaft controller
                + "00000005" //                       controller epoch 5
                + "0000000000000020" //               broker epoch 32
                + "00" //                             type 0
                + "02" //                             one topic state
                + "0274" //                           topic name "t"
                + "000102030405060708090a0b0c0d0e0f" // topic id
                + "02" + partitionHex //              one partition state
                + "00" //                             topic state: no tagged fields
                + "02" + leaderHex + "00" //          one live leader, no tagged fields
                + "00"; //                            body: no tagged fields
        assertThat(hex(request, (short) 7)).isEqualTo(v7);
        assertThat(LeaderAndIsrRequestMessage.read(buf(v7), (short) 7)).isEqualTo(request);

        // replog's departures ride in tagged sections: the topic's configs (tag 1000) and the
        // leader's rack (tag 1000); a reader that knows neither skips them.
        LeaderAndIsrRequestMessage withReplogTags = request
                .withTopicStates(List.of(topic.withConfigs(List.of(new LeaderAndIsrTopicConfig("a", "b")))))
                .withLiveLeaders(List.of(leader.withRack("r")));
        String tagged = "00000001" + "00" + "00000005" + "0000000000000020" + "00"
                + "02" + "0274" + "000102030405060708090a0b0c0d0e0f" + "02" + partitionHex
                + "01" + "e807" + "06" //            one tagged field: tag 1000 (varint e8 07), 6 bytes
                + "02" + "0261" + "0262" + "00" //   configs [a=b]: compact array, name, value, no tags
                + "02" + leaderHex
                + "01" + "e807" + "02" + "0272" //   tag 1000, 2 bytes: rack "r"
                + "00";
        assertThat(hex(withReplogTags, (short) 7)).isEqualTo(tagged);
        assertThat(LeaderAndIsrRequestMessage.read(buf(tagged), (short) 7)).isEqualTo(withReplogTags);

        assertThatThrownBy(() -> request.write(Unpooled.buffer(), (short) 6))
                .isInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> LeaderAndIsrRequestMessage.read(buf(v7.substring(0, v7.length() - 2)), (short) 7))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void leaderAndIsrResponseV7IsKeyedByTopicIdWithReplogsTopicName() {
        LeaderAndIsrTopicError topic = new LeaderAndIsrTopicError(TOPIC_ID,
                List.of(new LeaderAndIsrPartitionError(0, (short) 0), new LeaderAndIsrPartitionError(1, (short) 6)), "");
        LeaderAndIsrResponseMessage response = new LeaderAndIsrResponseMessage((short) 0, List.of(topic));
        String partitions = "03" + "00000000" + "0000" + "00" + "00000001" + "0006" + "00";
        String v7 = "0000" //                         error code 0
                + "02" + "000102030405060708090a0b0c0d0e0f" + partitions
                + "00" //                             topic: no tagged fields
                + "00"; //                            body: no tagged fields
        assertThat(hex(response, (short) 7)).isEqualTo(v7);
        assertThat(LeaderAndIsrResponseMessage.read(buf(v7), (short) 7)).isEqualTo(response);

        LeaderAndIsrResponseMessage named = response.withTopics(List.of(topic.withTopicName("t")));
        String tagged = "0000" + "02" + "000102030405060708090a0b0c0d0e0f" + partitions
                + "01" + "e807" + "02" + "0274" // tag 1000, 2 bytes: topic name "t"
                + "00";
        assertThat(hex(named, (short) 7)).isEqualTo(tagged);
        assertThat(LeaderAndIsrResponseMessage.read(buf(tagged), (short) 7)).isEqualTo(named);
    }

    @Test
    void updateMetadataRequestV8CarriesItsTypeAsKafkasTag0() {
        UpdateMetadataBroker broker = new UpdateMetadataBroker(1, List.of(new UpdateMetadataEndpoint(9092, "h", "L", (short) 0)),
                null, -1L, 0L, false);
        UpdateMetadataRequestMessage request = new UpdateMetadataRequestMessage(1, false, (byte) 0, 5, 32L, List.of(),
                List.of(broker), List.of());
        String head = "00000001" + "00" + "00000005" + "0000000000000020" // controller 1, not KRaft, epoch 5, broker epoch 32
                + "01" //                                   no topic states
                + "02" + "00000001" //                      one live broker, id 1
                + "02" + "00002384" + "0268" + "024c" + "0000" + "00" // one endpoint: 9092, "h", listener "L", protocol 0
                + "00" //                                   rack: null
                + "00"; //                                  broker: no tagged fields
        String v8 = head + "00";
        assertThat(hex(request, (short) 8)).isEqualTo(v8);
        assertThat(UpdateMetadataRequestMessage.read(buf(v8), (short) 8)).isEqualTo(request);

        // Kafka's type (2: a full snapshot) is its tag 0; replog's deleted topics follow as tag 1000.
        UpdateMetadataRequestMessage full = request.withType((byte) 2).withDeletedTopics(List.of("t"));
        String tagged = head + "02" + "00" + "01" + "02" + "e807" + "03" + "02" + "0274";
        assertThat(hex(full, (short) 8)).isEqualTo(tagged);
        assertThat(UpdateMetadataRequestMessage.read(buf(tagged), (short) 8)).isEqualTo(full);
    }

    @Test
    void controlledShutdownV3() {
        ControlledShutdownRequestMessage request = new ControlledShutdownRequestMessage(2, 0x1234L);
        String requestV3 = "00000002" //             broker id 2
                + "0000000000001234" //              broker epoch
                + "00"; //                           no tagged fields
        assertThat(hex(request, (short) 3)).isEqualTo(requestV3);
        assertThat(ControlledShutdownRequestMessage.read(buf(requestV3), (short) 3)).isEqualTo(request);

        ControlledShutdownResponseMessage response = new ControlledShutdownResponseMessage((short) 0,
                List.of(new RemainingPartition("t", 1)));
        String responseV3 = "0000" //                error code 0
                + "02" + "0274" + "00000001" + "00" // one remaining partition: "t"-1, no tagged fields
                + "00"; //                           body: no tagged fields
        assertThat(hex(response, (short) 3)).isEqualTo(responseV3);
        assertThat(ControlledShutdownResponseMessage.read(buf(responseV3), (short) 3)).isEqualTo(response);

        assertThatThrownBy(() -> request.write(Unpooled.buffer(), (short) 2))
                .isInstanceOf(UnsupportedVersionException.class);
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
