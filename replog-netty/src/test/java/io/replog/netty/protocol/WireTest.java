package io.replog.netty.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.message.ApiVersionsResponseMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The primitives round-trip, and malformed input fails precisely rather than with an index error. */
class WireTest {
    @Property(tries = 2000)
    void varintsRoundTripWithTheSizeTheyPredict(@ForAll int i, @ForAll long l) {
        ByteBuf b = Unpooled.buffer();
        Wire.writeUnsignedVarint(b, i);
        assertThat(b.readableBytes()).isEqualTo(Wire.sizeOfUnsignedVarint(i));
        assertThat(Wire.readUnsignedVarint(b, "u")).isEqualTo(i);
        Wire.writeVarint(b, i);
        assertThat(b.readableBytes()).isEqualTo(Wire.sizeOfVarint(i));
        assertThat(Wire.readVarint(b, "v")).isEqualTo(i);
        Wire.writeVarlong(b, l);
        assertThat(b.readableBytes()).isEqualTo(Wire.sizeOfVarlong(l));
        assertThat(Wire.readVarlong(b, "l")).isEqualTo(l);
    }

    @Property(tries = 500)
    void stringsRoundTripInBothEncodings(@ForAll String s, @ForAll boolean compact) {
        ByteBuf b = Unpooled.buffer();
        Wire.writeString(b, s, compact, "s");
        assertThat(b.readableBytes()).isEqualTo(Wire.sizeOfString(s, compact));
        String back = Wire.readString(b, "s", compact, false, (short) 0);
        // Lone surrogates cannot be encoded in UTF-8; Netty writes '?' for them, as the JDK does.
        assertThat(back).isEqualTo(new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void fixedWidthValuesRoundTrip(@ForAll double d, @ForAll long msb, @ForAll long lsb, @ForAll byte[] bytes,
                                   @ForAll boolean compact) {
        ByteBuf b = Unpooled.buffer();
        b.writeDouble(d);
        Wire.writeUuid(b, new java.util.UUID(msb, lsb));
        Wire.writeUint16(b, 0xFFFF, "u");
        Wire.writeBytes(b, Unpooled.wrappedBuffer(bytes), compact);
        Wire.writeBytes(b, null, compact);
        assertThat(Double.compare(Wire.readFloat64(b, "d"), d)).isZero();
        assertThat(Wire.readUuid(b, "id")).isEqualTo(new java.util.UUID(msb, lsb));
        assertThat(Wire.readUint16(b, "u")).isEqualTo(0xFFFF);
        assertThat(Wire.readBytes(b, "b", compact, false, (short) 0)).isEqualTo(Unpooled.wrappedBuffer(bytes));
        assertThat(Wire.readBytes(b, "b", compact, true, (short) 0)).isNull();
        assertThat(b.isReadable()).isFalse();
    }

    @Test
    void outOfRangeValuesAreRefusedOnWrite() {
        assertThatThrownBy(() -> Wire.writeUint16(Unpooled.buffer(), 65536, "S.port"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S.port");
        assertThatThrownBy(() -> Wire.writeString(Unpooled.buffer(), "x".repeat(32768), false, "S.name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S.name");
    }

    @Test
    void truncatedInputNamesTheFieldAndOffset() {
        // ApiVersions v0: error code, then an array of one element cut after its api key.
        ByteBuf b = hex("0000" + "00000001" + "0012");
        assertThatThrownBy(() -> ApiVersionsResponseMessage.read(b, (short) 0))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("ApiVersion.minVersion")
                .hasMessageContaining("offset 8")
                .hasMessageContaining("int16");
    }

    @Test
    void hostileLengthsAreRefusedBeforeAllocating() {
        assertThatThrownBy(() -> ApiVersionsResponseMessage.read(hex("0000" + "7fffffff"), (short) 0))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("ApiVersionsResponseMessage.apiKeys")
                .hasMessageContaining("2147483647 elements");
        assertThatThrownBy(() -> ApiVersionsResponseMessage.read(hex("0000" + "fffffffe"), (short) 0))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("negative array length -2");
        assertThatThrownBy(() -> MetadataRequestMessage.read(hex("00000001" + "0010" + "61"), (short) 0))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("MetadataRequestTopic.name")
                .hasMessageContaining("expected 16 bytes");
        assertThatThrownBy(() -> Wire.readUnsignedVarint(hex("ffffffffff"), "x"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("exceeds 32 bits");
    }

    @Test
    void nullWhereTheVersionAllowsNoneIsMalformed() {
        // Metadata v0 topics cannot be null (that arrived with v1).
        assertThatThrownBy(() -> MetadataRequestMessage.read(hex("ffffffff"), (short) 0))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not nullable in version 0");
        assertThat(MetadataRequestMessage.read(hex("ffffffff" + "01" + "00" + "00"), (short) 8).topics()).isNull();
    }

    @Test
    void taggedFieldsAreCheckedAgainstTheirDeclaredSize() {
        // ApiVersions v3: error, empty compact array, throttle, then one tagged field claiming 9 bytes of 8.
        assertThatThrownBy(() -> ApiVersionsResponseMessage.read(hex("0000" + "01" + "00000000" + "01" + "01" + "09"
                + "0000000000000005"), (short) 3))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("tagged field 1 declares 9 bytes");
        // An unknown tag is skipped and dropped.
        ApiVersionsResponseMessage read = ApiVersionsResponseMessage.read(hex("0000" + "01" + "00000000" + "01" + "1f"
                + "02" + "abcd"), (short) 3);
        assertThat(read).isEqualTo(ApiVersionsResponseMessage.DEFAULT);
    }

    @Test
    void recordsStayBytesSlicedFromTheInput() {
        // Fetch v4: throttle, responses [topic, partitions [index, error, hw, lso, aborted (null), records]].
        ByteBuf in = hex("00000000" + "00000001" + "0001" + "74" + "00000001" + "00000000" + "0000"
                + "0000000000000005" + "0000000000000005" + "ffffffff" + "00000003" + "c0ffee");
        FetchResponseMessage m = FetchResponseMessage.read(in, (short) 4);
        ByteBuf records = m.responses().get(0).partitions().get(0).records();
        assertThat(records.readableBytes()).isEqualTo(3);
        in.setByte(in.writerIndex() - 1, 0x11);
        assertThat(records.getByte(2)).as("a slice shares the input's memory").isEqualTo((byte) 0x11);
    }

    @Test
    void unsupportedVersionsAreRefused() {
        assertThatThrownBy(() -> ApiVersionsResponseMessage.read(hex(""), (short) 5))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("version 5 is outside 0-4");
        assertThatThrownBy(() -> ApiVersionsResponseMessage.DEFAULT.write(Unpooled.buffer(), (short) -1))
                .isInstanceOf(UnsupportedVersionException.class);
    }

    private static ByteBuf hex(String s) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(s));
    }
}
