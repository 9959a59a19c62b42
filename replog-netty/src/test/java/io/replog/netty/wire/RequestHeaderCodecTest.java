package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestHeaderCodecTest {
    private static final ApiVersionsTable APIS = ApiVersionsTable.KAFKA;
    private static final short METADATA = 3;
    private static final short API_VERSIONS = 18;

    @Test
    void readsAV1HeaderAndLeavesTheReaderAtTheBody() {
        ByteBuf in = Unpooled.buffer();
        in.writeShort(METADATA).writeShort(8).writeInt(42);
        writeString(in, "my-client");
        in.writeBytes(new byte[] {7, 7, 7});

        RequestHeader header = RequestHeaderCodec.read(in, APIS);

        assertThat(header).isEqualTo(new RequestHeader((short) 1, METADATA, (short) 8, 42, "my-client"));
        assertThat(in.readableBytes()).as("the body is left").isEqualTo(3);
    }

    @Test
    void readsAV2HeaderSkippingUnknownTaggedFields() {
        ByteBuf in = Unpooled.buffer();
        in.writeShort(METADATA).writeShort(12).writeInt(-7);
        writeString(in, "c");
        UnsignedVarint.write(2, in);
        UnsignedVarint.write(0, in);
        UnsignedVarint.write(3, in);
        in.writeBytes(new byte[] {1, 2, 3});
        UnsignedVarint.write(300, in); // a two-byte tag
        UnsignedVarint.write(200, in); // a two-byte size
        in.writeBytes(new byte[200]);
        in.writeByte(99); // the body

        RequestHeader header = RequestHeaderCodec.read(in, APIS);

        assertThat(header).isEqualTo(new RequestHeader((short) 2, METADATA, (short) 12, -7, "c"));
        assertThat(in.readableBytes()).isEqualTo(1);
        assertThat(in.readByte()).isEqualTo((byte) 99);
    }

    @Test
    void readsANullClientIdInBothVersionsAsANonCompactString() {
        for (short version : new short[] {8, 9}) {
            ByteBuf in = Unpooled.buffer();
            in.writeShort(METADATA).writeShort(version).writeInt(1).writeShort(-1);
            if (version >= 9) {
                in.writeByte(0);
            }
            assertThat(RequestHeaderCodec.read(in, APIS).clientId()).isNull();
            assertThat(in.isReadable()).isFalse();
        }
    }

    @ParameterizedTest(name = "ApiVersions v{0}: request header v{1}, response header v0")
    @CsvSource({"0, 1", "2, 1", "3, 2", "4, 2", "99, 2", "32767, 2"})
    void apiVersionsHeadersFollowKafkasRuleEvenForVersionsNewerThanKnown(short version, short headerVersion) {
        RequestHeader written = new RequestHeader(headerVersion, API_VERSIONS, version, 5, "probe");
        ByteBuf in = Unpooled.buffer();
        RequestHeaderCodec.write(written, in);

        assertThat(RequestHeaderCodec.read(in, APIS)).isEqualTo(written);
        assertThat(in.isReadable()).isFalse();
        assertThat(APIS.find(API_VERSIONS).orElseThrow().responseHeaderVersion(version)).isZero();
    }

    @Test
    void responseHeadersAreV1ForFlexibleVersionsOfOtherApis() {
        KnownApi metadata = APIS.find(METADATA).orElseThrow();
        assertThat(metadata.responseHeaderVersion((short) 8)).isZero();
        assertThat(metadata.responseHeaderVersion((short) 9)).isEqualTo((short) 1);
        assertThat(metadata.requestHeaderVersion((short) 8)).isEqualTo((short) 1);
        assertThat(metadata.requestHeaderVersion((short) 9)).isEqualTo((short) 2);
        KnownApi describeCluster = APIS.find((short) 60).orElseThrow();
        assertThat(describeCluster.requestHeaderVersion((short) 0)).isEqualTo((short) 2);
        assertThat(describeCluster.responseHeaderVersion((short) 0)).isEqualTo((short) 1);
    }

    @Test
    void theTableKnowsTheFirstFlexibleVersionOfEachServedApi() {
        assertThat(APIS.apis()).extracting(a -> a.name() + "=" + a.key() + "/" + a.flexibleFrom()).containsExactly(
                "Produce=0/9", "Fetch=1/12", "ListOffsets=2/6", "Metadata=3/9", "LeaderAndIsr=4/4",
                "StopReplica=5/2", "UpdateMetadata=6/6", "ControlledShutdown=7/3", "ApiVersions=18/3",
                "CreateTopics=19/5", "DeleteTopics=20/4", "InitProducerId=22/2", "OffsetForLeaderEpoch=23/4",
                "DescribeConfigs=32/4", "ElectLeaders=43/2", "DescribeCluster=60/0");
        assertThatThrownBy(() -> ApiVersionsTable.of(java.util.List.of(
                new KnownApi((short) 1, "A", (short) 0), new KnownApi((short) 1, "B", (short) 0))))
                .hasMessageContaining("API key 1 given twice");
    }

    @Test
    void theTableAgreesWithTheCodecsAndParsesTheInterBrokerHeadersAsV2() {
        for (io.replog.netty.protocol.message.KafkaApi api : io.replog.netty.protocol.message.KafkaApi.values()) {
            KnownApi known = APIS.find(api.key()).orElseThrow();
            assertThat(known.flexibleFrom()).as(api.apiName()).isEqualTo(api.firstFlexibleVersion());
            if (!api.clientFacing()) {
                assertThat(known.requestHeaderVersion(api.highestVersion())).as(api.apiName()).isEqualTo((short) 2);
            }
        }
    }

    @Test
    void anUnknownApiKeyIsRefusedNamingIt() {
        ByteBuf in = Unpooled.buffer().writeShort(99).writeShort(0).writeInt(1).writeShort(-1);

        assertThatThrownBy(() -> RequestHeaderCodec.read(in, APIS))
                .isInstanceOf(UnknownApiKeyException.class)
                .hasMessageContaining("unknown API key 99")
                .satisfies(e -> assertThat(((UnknownApiKeyException) e).apiKey()).isEqualTo((short) 99));
    }

    @Test
    void aNegativeVersionIsRefused() {
        ByteBuf in = Unpooled.buffer().writeShort(METADATA).writeShort(-2).writeInt(1).writeShort(-1);

        assertThatThrownBy(() -> RequestHeaderCodec.read(in, APIS))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("negative api_version -2");
    }

    @Test
    void truncatedFieldsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> RequestHeaderCodec.read(Unpooled.buffer().writeShort(METADATA), APIS))
                .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("too short for api_key and api_version");
        assertThatThrownBy(() -> RequestHeaderCodec.read(
                Unpooled.buffer().writeShort(METADATA).writeShort(1).writeShort(0), APIS))
                .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("too few for correlation_id");
        assertThatThrownBy(() -> RequestHeaderCodec.read(
                Unpooled.buffer().writeShort(METADATA).writeShort(1).writeInt(3).writeByte(0), APIS))
                .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("too few for the client_id length");
    }

    @Test
    void aClientIdLongerThanTheFrameIsRefused() {
        ByteBuf in = Unpooled.buffer().writeShort(METADATA).writeShort(1).writeInt(3).writeShort(300).writeBytes(new byte[10]);

        assertThatThrownBy(() -> RequestHeaderCodec.read(in, APIS))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("request header v1 of Metadata(3) v1, correlation_id 3")
                .hasMessageContaining("client_id length 300 exceeds the 10 bytes left");
    }

    @Test
    void aClientIdLengthBelowMinusOneIsRefused() {
        ByteBuf in = Unpooled.buffer().writeShort(METADATA).writeShort(1).writeInt(3).writeShort(-2);

        assertThatThrownBy(() -> RequestHeaderCodec.read(in, APIS))
                .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("client_id length -2");
    }

    @Test
    void taggedFieldsThatOverrunTheFrameAreRefused() {
        assertThatThrownBy(() -> RequestHeaderCodec.read(v2Header().writeByte(5).writeByte(0), APIS))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("tagged field count 5 is more than the 1 bytes left can hold");

        ByteBuf overlong = v2Header().writeByte(1).writeByte(0).writeByte(50).writeBytes(new byte[3]);
        assertThatThrownBy(() -> RequestHeaderCodec.read(overlong, APIS))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("tagged field 0 (tag 0) claims 50 bytes but 3 are left");

        ByteBuf hugeSize = v2Header().writeByte(1).writeByte(0).writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, 0x0F});
        assertThatThrownBy(() -> RequestHeaderCodec.read(hugeSize, APIS))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("claims 4294967295 bytes");
    }

    @Test
    void aVarintLongerThanFiveBytesIsRefused() {
        ByteBuf in = v2Header().writeBytes(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0});

        assertThatThrownBy(() -> RequestHeaderCodec.read(in, APIS))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("tagged field count: unsigned varint longer than 5 bytes");
    }

    @Test
    void aMissingTaggedFieldsSectionIsRefused() {
        assertThatThrownBy(() -> RequestHeaderCodec.read(v2Header(), APIS))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("unsigned varint truncated after 0 bytes");
    }

    @Test
    void writesWhatItReads() {
        for (RequestHeader header : new RequestHeader[] {
                new RequestHeader((short) 1, (short) 0, (short) 8, Integer.MAX_VALUE, "ünïcode"),
                new RequestHeader((short) 2, (short) 1, (short) 13, Integer.MIN_VALUE, null),
                new RequestHeader((short) 2, (short) 60, (short) 0, 0, "")}) {
            ByteBuf buf = Unpooled.buffer();
            RequestHeaderCodec.write(header, buf);
            assertThat(RequestHeaderCodec.read(buf, APIS)).isEqualTo(header);
            assertThat(buf.isReadable()).isFalse();
        }
    }

    @Test
    void responseHeadersRoundTrip() {
        for (short version : new short[] {0, 1}) {
            ByteBuf buf = Unpooled.buffer();
            ResponseHeaderCodec.write(77, version, buf);
            assertThat(buf.readableBytes()).isEqualTo(ResponseHeaderCodec.size(version));
            assertThat(ResponseHeaderCodec.read(buf, version)).isEqualTo(77);
            assertThat(buf.isReadable()).isFalse();
        }
        assertThatThrownBy(() -> ResponseHeaderCodec.read(Unpooled.buffer().writeShort(1), (short) 0))
                .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("too short for correlation_id");
    }

    private static ByteBuf v2Header() {
        ByteBuf in = Unpooled.buffer().writeShort(METADATA).writeShort(9).writeInt(3);
        writeString(in, "c");
        return in;
    }

    private static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length).writeBytes(bytes);
    }
}
