package io.replog.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the byte layout against a vector worked out by hand from the v2 format description, so a
 * symmetric bug in writer and reader (which a round trip cannot see) still fails.
 */
class RecordBatchLayoutTest {

    // One record: timestamp base+10, key "k", value "vv", header h=x. Field by field:
    private static final String EXPECTED_HEX = ""
            + "0000000000000005" // baseOffset 5
            + "0000003f"         // batchLength 63 = 75 - 12
            + "00000007"         // partitionLeaderEpoch 7
            + "02"               // magic
            + "6c5f710d"         // CRC32C of bytes 21..74, computed with an independent bitwise CRC32C
            + "0000"             // attributes: no compression, create time, not transactional
            + "00000000"         // lastOffsetDelta 0
            + "00000000000f4240" // baseTimestamp 1_000_000
            + "00000000000f424a" // maxTimestamp 1_000_010
            + "00000000000004d2" // producerId 1234
            + "0003"             // producerEpoch 3
            + "0000002a"         // baseSequence 42
            + "00000001"         // records count 1
            + "1a"               // record length 13, zigzag 26
            + "00"               // attributes
            + "14"               // timestampDelta 10, zigzag 20
            + "00"               // offsetDelta 0
            + "02" + "6b"        // key length 1, "k"
            + "04" + "7676"      // value length 2, "vv"
            + "02"               // 1 header
            + "02" + "68"        // header key length 1, "h"
            + "02" + "78";       // header value length 1, "x"

    @Test
    void builderWritesKafkaV2BytesExactly() {
        ByteBuffer built = new RecordBatchBuilder(16).reset(5L, 1_000_000L)
                .partitionLeaderEpoch(7)
                .producer(1234L, (short) 3, 42)
                .append(1_000_010L, "k".getBytes(UTF_8), "vv".getBytes(UTF_8), Header.of("h", "x"))
                .build();

        assertThat(HexFormat.of().formatHex(bytes(built))).isEqualTo(EXPECTED_HEX);
    }

    @Test
    void readerDecodesTheHandWrittenVector() {
        RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(HexFormat.of().parseHex(EXPECTED_HEX)), 0);

        assertThat(batch.sizeInBytes()).isEqualTo(75);
        assertThat(batch.baseOffset()).isEqualTo(5L);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC);
        assertThat(batch.checksum()).isEqualTo(0x6c5f710dL).isEqualTo(batch.computeChecksum());
        assertThat(batch.compression()).isEqualTo(Compression.NONE);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.lastOffset()).isEqualTo(5L);
        assertThat(batch.nextOffset()).isEqualTo(6L);
        assertThat(batch.baseTimestamp()).isEqualTo(1_000_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(1_000_010L);
        assertThat(batch.producerId()).isEqualTo(1234L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(42);
        assertThat(batch.recordCount()).isEqualTo(1);

        Record record = batch.iterator().next();
        assertThat(record.offset()).isEqualTo(5L);
        assertThat(record.timestamp()).isEqualTo(1_000_010L);
        assertThat(record.position()).isEqualTo(61);
        assertThat(record.sizeInBytes()).isEqualTo(14);
        assertThat(bytes(record.key())).isEqualTo("k".getBytes(UTF_8));
        assertThat(bytes(record.value())).isEqualTo("vv".getBytes(UTF_8));
        assertThat(record.headers()).containsExactly(Header.of("h", "x"));
    }

    @Test
    void fieldOffsetsMatchTheFormat() {
        assertThat(new int[] {RecordBatch.BASE_OFFSET_OFFSET, RecordBatch.LENGTH_OFFSET,
                RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, RecordBatch.MAGIC_OFFSET, RecordBatch.CRC_OFFSET,
                RecordBatch.ATTRIBUTES_OFFSET, RecordBatch.LAST_OFFSET_DELTA_OFFSET, RecordBatch.BASE_TIMESTAMP_OFFSET,
                RecordBatch.MAX_TIMESTAMP_OFFSET, RecordBatch.PRODUCER_ID_OFFSET, RecordBatch.PRODUCER_EPOCH_OFFSET,
                RecordBatch.BASE_SEQUENCE_OFFSET, RecordBatch.RECORDS_COUNT_OFFSET, RecordBatch.HEADER_SIZE})
                .containsExactly(0, 8, 12, 16, 17, 21, 23, 27, 35, 43, 51, 53, 57, 61);
        assertThat(RecordBatch.LOG_OVERHEAD).isEqualTo(12);
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
