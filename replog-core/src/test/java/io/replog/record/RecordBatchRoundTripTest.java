package io.replog.record;

import static io.replog.record.RecordBatchLayoutTest.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replog.record.BatchValidator.Mode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordBatchRoundTripTest {

    private final RecordBatchBuilder builder = new RecordBatchBuilder(64);

    @Test
    void keysValuesNullsEmptiesAndHeadersRoundTrip() {
        ByteBuffer built = builder.reset(0L)
                .append(1000L, utf8("k1"), utf8("v1"), Header.of("h", "x"), new Header("nul", null), Header.of("ü漢", ""))
                .append(1005L, null, utf8("v2"))
                .append(1002L, utf8("k3"), null)
                .append(1003L, new byte[0], new byte[0])
                .append(1004L, (byte[]) null, null, (Header[]) null)
                .build();

        RecordBatch batch = RecordBatch.wrap(built, 0);
        BatchValidator.validateBatch(batch, Mode.LEADER, Integer.MAX_VALUE);
        List<Record> records = list(batch);

        assertThat(records).hasSize(5);
        Record r0 = records.get(0);
        assertThat(bytes(r0.key())).isEqualTo(utf8("k1"));
        assertThat(bytes(r0.value())).isEqualTo(utf8("v1"));
        assertThat(r0.headers()).containsExactly(Header.of("h", "x"), new Header("nul", null), Header.of("ü漢", ""));
        assertThat(r0.headers().get(1).value()).isNull();
        assertThat(records.get(1).hasKey()).isFalse();
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(1).keySize()).isEqualTo(-1);
        assertThat(records.get(2).hasValue()).isFalse();
        assertThat(records.get(2).value()).isNull();
        assertThat(records.get(2).valueSize()).isEqualTo(-1);
        assertThat(records.get(3).key().remaining()).isZero();
        assertThat(records.get(3).value().remaining()).isZero();
        assertThat(records.get(3).hasKey()).isTrue();
        assertThat(records.get(4).headers()).isEmpty();
        assertThat(records).extracting(Record::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void timestampsAreRelativeToTheFirstRecordAndMaxIsTracked() {
        RecordBatch batch = RecordBatch.wrap(builder.reset(0L)
                .append(5_000L, null, utf8("a"))
                .append(4_000L, null, utf8("b"))
                .append(9_000L, null, utf8("c"))
                .append(7_000L, null, utf8("d"))
                .build(), 0);

        assertThat(batch.baseTimestamp()).isEqualTo(5_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(9_000L);
        assertThat(list(batch)).extracting(Record::timestamp).containsExactly(5_000L, 4_000L, 9_000L, 7_000L);
    }

    @Test
    void anExplicitBaseTimestampAllowsNegativeDeltasAndExtremeValues() {
        RecordBatch batch = RecordBatch.wrap(builder.reset(0L, 0L)
                .append(Long.MIN_VALUE, (byte[]) null, null)
                .append(Long.MAX_VALUE, (byte[]) null, null)
                .append(-1L, (byte[]) null, null)
                .build(), 0);

        assertThat(batch.baseTimestamp()).isZero();
        assertThat(batch.maxTimestamp()).isEqualTo(Long.MAX_VALUE);
        assertThat(list(batch)).extracting(Record::timestamp).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, -1L);
    }

    @Test
    void logAppendTimeGivesEveryRecordTheBatchMaxTimestamp() {
        RecordBatch batch = RecordBatch.wrap(builder.reset(0L).timestampType(TimestampType.LOG_APPEND_TIME)
                .append(10L, (byte[]) null, null).append(30L, (byte[]) null, null).build(), 0);

        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.attributes() & RecordBatch.TIMESTAMP_TYPE_MASK).isNotZero();
        assertThat(list(batch)).extracting(Record::timestamp).containsExactly(30L, 30L);
    }

    @Test
    void manyRecordsAndLargeValues() {
        Random random = new Random(42);
        byte[] large = new byte[1 << 20];
        random.nextBytes(large);
        builder.reset(100L).append(1L, utf8("big"), large);
        for (int i = 0; i < 10_000; i++) {
            builder.append(2L + i, utf8("key-" + i), utf8("value-" + i));
        }
        RecordBatch batch = RecordBatch.wrap(builder.build(), 0);

        ValidationResult result = BatchValidator.validate(batch.slice(), Mode.LEADER, Integer.MAX_VALUE);
        assertThat(result.recordCount()).isEqualTo(10_001);
        assertThat(result.firstOffset()).isEqualTo(100L);
        assertThat(result.lastOffset()).isEqualTo(10_100L);
        assertThat(batch.lastOffsetDelta()).isEqualTo(10_000);
        List<Record> records = list(batch);
        assertThat(bytes(records.get(0).value())).isEqualTo(large);
        assertThat(records.get(0).valueSize()).isEqualTo(1 << 20);
        assertThat(bytes(records.get(10_000).key())).isEqualTo(utf8("key-9999"));
        assertThat(records.get(10_000).offset()).isEqualTo(10_100L);
    }

    @Test
    void setBaseOffsetBeyondTwoToThe31KeepsTheCrcAndShiftsRecordOffsets() {
        ByteBuffer built = builder.reset(0L).append(1L, null, utf8("a")).append(2L, null, utf8("b")).build();
        RecordBatch batch = RecordBatch.wrap(built, 0);
        long crc = batch.checksum();

        long base = (1L << 31) + 17;
        batch.setBaseOffset(base);

        assertThat(batch.baseOffset()).isEqualTo(base);
        assertThat(batch.lastOffset()).isEqualTo(base + 1);
        assertThat(batch.nextOffset()).isEqualTo(base + 2);
        assertThat(batch.checksum()).isEqualTo(crc).isEqualTo(batch.computeChecksum());
        assertThat(list(batch)).extracting(Record::offset).containsExactly(base, base + 1);
        batch.setBaseOffset(Long.MAX_VALUE - 1);
        assertThat(batch.lastOffset()).isEqualTo(Long.MAX_VALUE);
        BatchValidator.validateBatch(batch, Mode.FOLLOWER, Integer.MAX_VALUE);
    }

    @Test
    void setPartitionLeaderEpochInPlaceLeavesTheCrcValid() {
        RecordBatch batch = RecordBatch.wrap(builder.reset(0L).append(1L, null, utf8("a")).build(), 0);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);

        batch.setPartitionLeaderEpoch(123_456);

        assertThat(batch.partitionLeaderEpoch()).isEqualTo(123_456);
        assertThat(batch.isChecksumValid()).isTrue();
        BatchValidator.validateBatch(batch, Mode.LEADER, Integer.MAX_VALUE);
    }

    @Test
    void headerFieldsAndAttributeFlags() {
        RecordBatch batch = RecordBatch.wrap(builder.reset(7L).producer(99L, (short) 5, 1000).partitionLeaderEpoch(3)
                .transactional(true).control(true).append(1L, (byte[]) null, null).build(), 0);

        assertThat(batch.producerId()).isEqualTo(99L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 5);
        assertThat(batch.baseSequence()).isEqualTo(1000);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(3);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControl()).isTrue();
        assertThat(batch.hasDeleteHorizonMs()).isFalse();
        assertThat(batch.attributes()).isEqualTo((short) 0x30);

        RecordBatch plain = RecordBatch.wrap(builder.reset(7L).append(1L, (byte[]) null, null).build(), 0);
        assertThat(plain.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
        assertThat(plain.producerEpoch()).isEqualTo(RecordBatch.NO_PRODUCER_EPOCH);
        assertThat(plain.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(plain.isTransactional()).isFalse();
        assertThat(plain.isControl()).isFalse();
        assertThat(plain.attributes()).isZero();
    }

    @Test
    void keysAndValuesAreReadOnlySlicesOfTheBatchNotCopies() {
        ByteBuffer built = builder.reset(0L).append(1L, utf8("key"), utf8("value")).buildCopy();
        Record record = RecordBatch.wrap(built, 0).iterator().next();
        ByteBuffer value = record.value();

        assertThat(value.isReadOnly()).isTrue();
        assertThatThrownBy(() -> value.put(0, (byte) 'V')).isInstanceOf(ReadOnlyBufferException.class);
        int valueIndex = record.position() + record.sizeInBytes() - 1 - "value".length(); // before the header count
        built.put(valueIndex, (byte) 'V');
        assertThat(bytes(value)).isEqualTo(utf8("Value"));
    }

    @Test
    void readingNeverMovesTheBuffersPositionOrLimit() {
        ByteBuffer built = builder.reset(0L).append(1L, utf8("k"), utf8("v"), Header.of("h", "x")).buildCopy();
        RecordBatch batch = RecordBatch.wrap(built, 0);
        for (Record r : batch) {
            r.key();
            r.value();
            r.headers();
        }
        batch.computeChecksum();
        batch.slice();
        BatchValidator.validate(built, Mode.LEADER, 1000);
        assertThat(built.position()).isZero();
        assertThat(built.limit()).isEqualTo(batch.sizeInBytes());
    }

    @Test
    void wrapAtAnOffsetInALittleEndianBufferReadsTheSameBatch() {
        ByteBuffer one = builder.reset(5L).append(1L, utf8("k"), utf8("v")).buildCopy();
        ByteBuffer padded = ByteBuffer.allocateDirect(one.remaining() + 10).order(ByteOrder.LITTLE_ENDIAN);
        padded.position(7);
        padded.put(one.duplicate());

        RecordBatch batch = RecordBatch.wrap(padded, 7);

        assertThat(batch.position()).isEqualTo(7);
        assertThat(batch.baseOffset()).isEqualTo(5L);
        assertThat(batch.isChecksumValid()).isTrue();
        assertThat(bytes(batch.slice())).isEqualTo(bytes(one));
        assertThat(bytes(batch.iterator().next().value())).isEqualTo(utf8("v"));
        BatchValidator.validateBatch(batch, Mode.LEADER, 1000);
    }

    @Test
    void sliceSharesContent() {
        ByteBuffer built = builder.reset(0L).append(1L, null, utf8("a")).buildCopy();
        RecordBatch batch = RecordBatch.wrap(built, 0);
        ByteBuffer slice = batch.slice();

        RecordBatch.wrap(slice, 0).setBaseOffset(77L);

        assertThat(batch.baseOffset()).isEqualTo(77L);
        assertThat(slice.position()).isZero();
        assertThat(slice.limit()).isEqualTo(batch.sizeInBytes());
    }

    @Test
    void builderIsReusableAndBuildCopyIsIndependent() {
        ByteBuffer first = builder.reset(0L).append(1L, null, utf8("first")).buildCopy();
        ByteBuffer second = builder.reset(10L).append(2L, null, utf8("second")).build();

        assertThat(RecordBatch.wrap(first, 0).baseOffset()).isZero();
        assertThat(bytes(RecordBatch.wrap(first, 0).iterator().next().value())).isEqualTo(utf8("first"));
        assertThat(RecordBatch.wrap(second, 0).baseOffset()).isEqualTo(10L);
        assertThat(second.position()).isZero();
        assertThat(second.limit()).isEqualTo(builder.sizeInBytes());
        assertThat(builder.recordCount()).isEqualTo(1);
    }

    @Test
    void appendDoesNotMoveTheCallersBuffers() {
        ByteBuffer key = ByteBuffer.wrap(utf8("xxkey")).position(2);
        ByteBuffer value = ByteBuffer.wrap(utf8("value"));
        Record record = RecordBatch.wrap(builder.reset(0L).append(1L, key, value).build(), 0).iterator().next();

        assertThat(key.position()).isEqualTo(2);
        assertThat(value.position()).isZero();
        assertThat(bytes(record.key())).isEqualTo(utf8("key"));
    }

    @Test
    void sizeInBytesAfterAppendIsExact() {
        builder.reset(0L);
        assertThat(builder.sizeInBytes()).isEqualTo(RecordBatch.HEADER_SIZE);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] value = new byte[random.nextInt(300)];
            long ts = random.nextLong();
            Header[] headers = i % 3 == 0 ? new Header[] {Header.of("h" + i, "v")} : new Header[0];
            int predicted = builder.sizeInBytesAfterAppend(ts, null, value, headers);
            builder.append(ts, null, value, headers);
            assertThat(builder.sizeInBytes()).isEqualTo(predicted);
        }
        assertThat(builder.build().remaining()).isEqualTo(builder.sizeInBytes());
    }

    @Test
    void appendWithOffsetWritesGapsThatOnlyAFollowerAccepts() {
        ByteBuffer built = builder.reset(100L)
                .appendWithOffset(100L, 1L, null, null)
                .appendWithOffset(103L, 1L, null, null)
                .appendWithOffset(110L, 1L, null, null)
                .build();
        RecordBatch batch = RecordBatch.wrap(built, 0);

        assertThat(list(batch)).extracting(Record::offset).containsExactly(100L, 103L, 110L);
        assertThat(batch.lastOffset()).isEqualTo(110L);
        BatchValidator.validateBatch(batch, Mode.FOLLOWER, 1000);
        assertThatThrownBy(() -> BatchValidator.validateBatch(batch, Mode.LEADER, 1000))
                .hasMessageContaining("offset delta 3");
        assertThatThrownBy(() -> builder.appendWithOffset(110L, 1L, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyBatchCannotBeBuilt() {
        assertThatThrownBy(() -> builder.reset(0L).build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBuilderGrowsFromATinyBuffer() {
        RecordBatchBuilder tiny = new RecordBatchBuilder(0);
        byte[] value = new byte[10_000];
        Arrays.fill(value, (byte) 9);
        RecordBatch batch = RecordBatch.wrap(tiny.append(1L, null, value).append(2L, null, value).build(), 0);
        assertThat(list(batch)).hasSize(2).allSatisfy(r -> assertThat(bytes(r.value())).isEqualTo(value));
    }

    @Test
    void compressionIdsAndNames() {
        assertThat(Compression.fromId(0)).isEqualTo(Compression.NONE);
        assertThat(Compression.fromId(4)).isEqualTo(Compression.ZSTD);
        assertThat(Compression.GZIP.codecName()).isEqualTo("gzip");
        assertThatThrownBy(() -> Compression.fromId(5)).isInstanceOf(io.replog.errors.UnsupportedCompressionException.class)
                .hasMessageContaining("5");
    }

    static List<Record> list(RecordBatch batch) {
        List<Record> records = new ArrayList<>();
        batch.forEach(records::add);
        return records;
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
