package io.replog.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replog.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarintTest {

    @ParameterizedTest
    @CsvSource({
        "0, 00", "-1, 01", "1, 02", "-2, 03", "63, 7e", "-64, 7f", "64, 8001", "-65, 8101",
        "8191, fe7f", "8192, 808001", "2147483647, feffffff0f", "-2147483648, ffffffff0f"})
    void varintEncodingsAreProtobufZigzag(int value, String hex) {
        ByteBuffer out = ByteBuffer.allocate(5);
        Varint.writeVarint(value, out);
        out.flip();
        assertThat(HexFormat.of().formatHex(RecordBatchLayoutTest.bytes(out))).isEqualTo(hex);
        assertThat(Varint.sizeOfVarint(value)).isEqualTo(hex.length() / 2);
        assertThat(Varint.readVarint(out)).isEqualTo(value);
        assertThat(out.hasRemaining()).isFalse();
    }

    @Test
    void varlongExtremesTakeTenBytes() {
        assertThat(Varint.sizeOfVarlong(Long.MAX_VALUE)).isEqualTo(10);
        assertThat(Varint.sizeOfVarlong(Long.MIN_VALUE)).isEqualTo(10);
        assertThat(Varint.sizeOfVarlong(0)).isEqualTo(1);
        ByteBuffer out = ByteBuffer.allocate(10);
        assertThat(Varint.writeVarlong(Long.MIN_VALUE, out, 0)).isEqualTo(10);
        assertThat(HexFormat.of().formatHex(out.array())).isEqualTo("ffffffffffffffffff01");
    }

    @Test
    void rejectsAVarintLongerThanFiveBytes() {
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex("aa8080808001"));
        assertThatThrownBy(() -> Varint.readVarint(in, 0))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("at byte 0");
        assertThat(in.position()).isZero();
    }

    @Test
    void rejectsAVarlongLongerThanTenBytes() {
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex("0080808080808080808080808001"));
        assertThatThrownBy(() -> Varint.readVarlong(in, 1))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("at byte 1");
    }

    @Test
    void rejectsAVarintCutOffByTheLimit() {
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex("008080"));
        in.position(1);
        assertThatThrownBy(() -> Varint.readVarint(in))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("truncated varint at byte 1");
        assertThat(in.position()).isEqualTo(1);
    }

    @Property
    void varintRoundTripsAndSizeIsExact(@ForAll int value) {
        ByteBuffer out = ByteBuffer.allocate(Varint.MAX_VARINT_BYTES + 3);
        out.position(3);
        Varint.writeVarint(value, out);
        assertThat(out.position() - 3).isEqualTo(Varint.sizeOfVarint(value));
        assertThat(Varint.readVarint(out, 3)).isEqualTo(value);
        out.flip().position(3);
        assertThat(Varint.readVarint(out)).isEqualTo(value);
        assertThat(out.position() - 3).isEqualTo(Varint.sizeOfVarint(value));
    }

    @Property
    void varlongRoundTripsAndSizeIsExact(@ForAll long value) {
        ByteBuffer out = ByteBuffer.allocate(Varint.MAX_VARLONG_BYTES);
        int written = Varint.writeVarlong(value, out, 0);
        assertThat(written).isEqualTo(Varint.sizeOfVarlong(value));
        assertThat(Varint.readVarlong(out, 0)).isEqualTo(value);
        assertThat(Varint.readVarlong(out.limit(written))).isEqualTo(value);
        assertThat(out.position()).isEqualTo(written);
    }

    @Property
    void intsEncodeLikeTheSameLong(@ForAll int value) {
        ByteBuffer a = ByteBuffer.allocate(10);
        ByteBuffer b = ByteBuffer.allocate(10);
        Varint.writeVarint(value, a, 0);
        Varint.writeVarlong(value, b, 0);
        assertThat(a.array()).isEqualTo(b.array());
    }
}
