package io.replog.record;

import static io.replog.record.RawBatches.batch;
import static io.replog.record.RawBatches.concat;
import static io.replog.record.RawBatches.record;
import static io.replog.record.RawBatches.withLength;
import static io.replog.record.RecordBatchRoundTripTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replog.errors.CorruptRecordException;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.UnsupportedCompressionException;
import io.replog.record.BatchValidator.Mode;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class BatchValidatorTest {

    private static final int MAX = 1 << 20;
    /** "at byte N" appears in every corruption report. */
    private static final String AT_BYTE = ".*at byte \\d+.*";

    private static ByteBuffer sample() {
        return new RecordBatchBuilder(256).reset(40L).producer(9L, (short) 1, 0)
                .append(1_000L, utf8("key-a"), utf8("value-a"), Header.of("trace", "t1"), new Header("empty", null))
                .append(1_001L, null, utf8("value-b"))
                .append(999L, utf8("key-c"), (byte[]) null)
                .append(1_010L, new byte[0], new byte[300])
                .buildCopy();
    }

    private static ByteBuffer other() {
        return new RecordBatchBuilder(64).reset(0L).append(5L, utf8("x"), utf8("y")).buildCopy();
    }

    @Test
    void acceptsSeveralBatchesAndSummarisesThem() {
        ByteBuffer first = new RecordBatchBuilder(64).reset(0L).append(5L, null, utf8("a")).append(7L, null, utf8("b")).buildCopy();
        ByteBuffer second = new RecordBatchBuilder(64).reset(2L).append(3L, null, utf8("c")).buildCopy();
        ByteBuffer both = concat(first, second);

        ValidationResult result = BatchValidator.validate(both, Mode.FOLLOWER, MAX);

        assertThat(result).isEqualTo(new ValidationResult(2, 3, 0L, 2L, 7L, both.remaining()));
    }

    @Test
    void anEmptyBufferIsValidAndEmpty() {
        assertThat(BatchValidator.validate(ByteBuffer.allocate(0), Mode.LEADER, MAX)).isEqualTo(ValidationResult.EMPTY);
    }

    /**
     * Every byte of a batch, flipped, is caught, except the base offset (bytes 0–7) and the partition
     * leader epoch (bytes 12–15): the CRC deliberately leaves them out so a leader can assign them in
     * place, so no checksum can notice them and the validator must accept them (the log checks
     * offsets against its own end, and epochs against its epoch cache).
     */
    @Test
    void aFlippedByteAnywhereIsCaughtWithItsPositionExceptInTheFieldsOutsideTheCrc() {
        ByteBuffer prefix = other();
        int batchStart = prefix.remaining();
        ByteBuffer clean = sample();
        int size = clean.remaining();
        for (int mask : new int[] {0x01, 0x80, 0xFF}) {
            for (int i = 0; i < size; i++) {
                // Junk before the buffer's position checks that positions are reported relative to it.
                ByteBuffer buffer = withJunkBefore(3, concat(prefix, clean));
                int at = 3 + batchStart + i;
                buffer.put(at, (byte) (buffer.get(at) ^ mask));
                boolean outsideCrc = i < RecordBatch.LENGTH_OFFSET
                        || (i >= RecordBatch.PARTITION_LEADER_EPOCH_OFFSET && i < RecordBatch.MAGIC_OFFSET);
                if (outsideCrc) {
                    assertThatCode(() -> BatchValidator.validate(buffer, Mode.LEADER, MAX))
                            .as("byte %d, mask %x", i, mask).doesNotThrowAnyException();
                    continue;
                }
                String expected = i == RecordBatch.MAGIC_OFFSET ? "magic" : i < RecordBatch.PARTITION_LEADER_EPOCH_OFFSET
                        ? "(batch length|CRC32C mismatch)" : "CRC32C mismatch";
                assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.LEADER, MAX))
                        .as("byte %d, mask %x", i, mask)
                        .isInstanceOf(CorruptRecordException.class)
                        .hasMessageMatching("corrupt record batch at byte " + batchStart + ": .*" + expected + AT_BYTE);
            }
        }
    }

    @Test
    void flipsOutsideTheCrcAreAlsoAcceptedInFollowerMode() {
        ByteBuffer clean = sample();
        for (int i : new int[] {0, 3, 7, 12, 15}) {
            ByteBuffer buffer = copy(clean);
            buffer.put(i, (byte) (buffer.get(i) ^ 0x5A));
            assertThatCode(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX)).doesNotThrowAnyException();
        }
    }

    @Test
    void aTruncatedBufferIsRejectedAtEveryLengthWithThePosition() {
        ByteBuffer prefix = other();
        int batchStart = prefix.remaining();
        ByteBuffer whole = concat(prefix, sample());
        for (int length = batchStart + 1; length < whole.remaining(); length++) {
            ByteBuffer cut = withJunkBefore(2, whole.duplicate().limit(length).slice());
            assertThatThrownBy(() -> BatchValidator.validate(cut, Mode.LEADER, MAX))
                    .as("length %d", length)
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageMatching("corrupt record batch at byte " + batchStart + ": truncated batch.*" + AT_BYTE);
        }
        ByteBuffer single = sample();
        for (int length = 1; length < single.remaining(); length++) {
            ByteBuffer cut = single.duplicate().limit(length);
            assertThatThrownBy(() -> BatchValidator.validateBatch(RecordBatch.wrap(cut, 0), Mode.FOLLOWER, MAX))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void wrongMagicIsNamed() {
        ByteBuffer buffer = sample();
        buffer.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.LEADER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("magic 1 is not 2")
                .hasMessageContaining("at byte 16");
    }

    @ParameterizedTest
    @CsvSource({"1, gzip", "2, snappy", "3, lz4", "4, zstd", "5, with unknown id 5", "7, with unknown id 7"})
    void compressedBatchesAreRejectedNamingTheCodec(int codec, String name) {
        ByteBuffer compressed = batch(0L, (short) (codec | RecordBatch.TIMESTAMP_TYPE_MASK), 0, 1, record(0, utf8("v")));
        ByteBuffer buffer = concat(other(), compressed);
        int at = other().remaining();
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(UnsupportedCompressionException.class)
                .hasMessage("batch at byte " + at + " uses compression " + name + "; replog supports only none");
    }

    @Test
    void aDeclaredCountAboveTheRecordsPresentIsRejected() {
        ByteBuffer buffer = batch(0L, (short) 0, 1, 3, concat(record(0, utf8("a")), record(1, utf8("b"))));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("record count 3 does not match the records present: the batch ends after 2")
                .hasMessageMatching(AT_BYTE);
    }

    @Test
    void aDeclaredCountBelowTheRecordsPresentIsRejected() {
        byte[] a = record(0, utf8("a"));
        ByteBuffer buffer = batch(0L, (short) 0, 0, 1, concat(a, record(1, utf8("b"))));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("record count 1 does not match")
                .hasMessageContaining("at byte " + (RecordBatch.HEADER_SIZE + a.length));
    }

    @Test
    void aNegativeCountIsRejected() {
        ByteBuffer buffer = batch(0L, (short) 0, 0, -1, record(0, utf8("a")));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("record count -1 is negative at byte 57");
    }

    @Test
    void anEmptyBatchIsAFollowersBusinessOnly() {
        ByteBuffer empty = batch(10L, (short) 0, 4, 0, new byte[0]);
        assertThat(BatchValidator.validate(empty, Mode.FOLLOWER, MAX).recordCount()).isZero();
        assertThatThrownBy(() -> BatchValidator.validate(empty, Mode.LEADER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("record count 0 is not positive");
        ByteBuffer negative = batch(10L, (short) 0, -1, 0, new byte[0]);
        assertThatThrownBy(() -> BatchValidator.validate(negative, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("last offset delta -1 is negative");
    }

    @ParameterizedTest
    @CsvSource({"0, 2", "1, 2", "1, 0"})
    void aLeaderRequiresOffsetDeltasZeroToCountMinusOne(int first, int second) {
        ByteBuffer buffer = batch(0L, (short) 0, second, 2, concat(record(first, utf8("a")), record(second, utf8("b"))));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.LEADER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("a produced batch must number its records 0..1")
                .hasMessageMatching(AT_BYTE);
    }

    @Test
    void aFollowerAcceptsGapsButNotRepeatsOrReversals() {
        ByteBuffer gaps = batch(0L, (short) 0, 9, 2, concat(record(3, utf8("a")), record(9, utf8("b"))));
        assertThat(BatchValidator.validate(gaps, Mode.FOLLOWER, MAX).lastOffset()).isEqualTo(9L);

        ByteBuffer repeat = batch(0L, (short) 0, 3, 2, concat(record(3, utf8("a")), record(3, utf8("b"))));
        assertThatThrownBy(() -> BatchValidator.validate(repeat, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("offset delta 3, not above the previous record's 3");

        ByteBuffer negative = batch(0L, (short) 0, 0, 1, record(-1, utf8("a")));
        assertThatThrownBy(() -> BatchValidator.validate(negative, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("offset delta -1");
    }

    @Test
    void theLastOffsetDeltaMustMatchTheLastRecord() {
        ByteBuffer buffer = batch(0L, (short) 0, 5, 2, concat(record(0, utf8("a")), record(1, utf8("b"))));
        for (Mode mode : Mode.values()) {
            assertThatThrownBy(() -> BatchValidator.validate(buffer, mode, MAX))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("last offset delta 5 does not match the last record's 1 at byte 23");
        }
    }

    @Test
    void aFollowerRejectsBatchesOutOfOffsetOrderButALeaderDoesNot() {
        ByteBuffer a = new RecordBatchBuilder(64).reset(10L).append(1L, null, utf8("a")).append(1L, null, utf8("b")).buildCopy();
        ByteBuffer b = new RecordBatchBuilder(64).reset(11L).append(1L, null, utf8("c")).buildCopy();
        ByteBuffer both = concat(a, b);
        assertThatThrownBy(() -> BatchValidator.validate(both, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("base offset 11 is not above the previous batch's last offset 11")
                .hasMessageContaining("corrupt record batch at byte " + a.remaining());
        assertThat(BatchValidator.validate(both, Mode.LEADER, MAX).batchCount()).isEqualTo(2);
    }

    @Test
    void anOversizedBatchNamesBothSizes() {
        ByteBuffer buffer = concat(other(), sample());
        int size = sample().remaining();
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.LEADER, size - 1))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessage("record batch at byte " + other().remaining() + " is " + size
                        + " bytes, larger than the maximum of " + (size - 1) + " bytes");
        assertThat(BatchValidator.validate(buffer, Mode.LEADER, size).batchCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"-1", "0", "48", "-2147483648"})
    void aBatchLengthBelowTheHeaderIsRejected(int batchLength) {
        ByteBuffer buffer = sample();
        buffer.putInt(RecordBatch.LENGTH_OFFSET, batchLength);
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.LEADER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("batch length " + batchLength + " is below the minimum 49 at byte 8");
    }

    @Test
    void aHugeBatchLengthIsTruncationNotAnOverflow() {
        ByteBuffer buffer = sample();
        buffer.putInt(RecordBatch.LENGTH_OFFSET, Integer.MAX_VALUE);
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.LEADER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("truncated batch: batch length 2147483647");
    }

    @Test
    void aRecordLengthPastTheBatchIsRejected() {
        ByteBuffer buffer = batch(0L, (short) 0, 0, 1, withLength(100, body(b -> b.put(new byte[] {0, 0, 0, 1, 1, 0}))));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("record 0 (at byte 61): length 100 runs past the end of the batch (6 bytes left) at byte 61");
    }

    @Test
    void aRecordLengthLongerThanItsFieldsIsRejected() {
        // length 7 but the fields (attributes, ts, offset, key -1, value -1, 0 headers) take 6: the 7th is left over.
        ByteBuffer buffer = batch(0L, (short) 0, 0, 1, withLength(7, body(b -> b.put(new byte[] {0, 0, 0, 1, 1, 0, 0}))));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("declared length 7 but its fields end 1 bytes earlier at byte 68");
    }

    @Test
    void aRecordLengthShorterThanItsFieldsIsRejected() {
        // length 5 cuts off the header count varint.
        ByteBuffer buffer = batch(0L, (short) 0, 0, 1, concat(withLength(5, body(b -> b.put(new byte[] {0, 0, 0, 1, 1}))), new byte[] {0}));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("header count varint is cut off by the end of the record at byte 67");
    }

    @Test
    void aNegativeRecordLengthIsRejected() {
        ByteBuffer buffer = batch(0L, (short) 0, 0, 1, withLength(-3, body(b -> b.put(new byte[] {0, 0, 0, 1, 1, 0}))));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("negative length -3");
    }

    @Test
    void keyAndValueLengthsBelowMinusOneOrPastTheRecordAreRejected() {
        // zigzag: -2 -> 3, 10 -> 20.
        ByteBuffer badKey = batch(0L, (short) 0, 0, 1, withLength(6, body(b -> b.put(new byte[] {0, 0, 0, 3, 1, 0}))));
        assertThatThrownBy(() -> BatchValidator.validate(badKey, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("invalid key length -2 at byte 65");
        ByteBuffer longValue = batch(0L, (short) 0, 0, 1, withLength(6, body(b -> b.put(new byte[] {0, 0, 0, 1, 20, 0}))));
        assertThatThrownBy(() -> BatchValidator.validate(longValue, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("value length 10 exceeds the 1 bytes left");
    }

    @Test
    void headerKeysMustNotBeNullAndHeaderCountsNotNegative() {
        // one header whose key length is -1 (zigzag 1)
        ByteBuffer nullKey = batch(0L, (short) 0, 0, 1, withLength(8, body(b -> b.put(new byte[] {0, 0, 0, 1, 1, 2, 1, 1}))));
        assertThatThrownBy(() -> BatchValidator.validate(nullKey, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("invalid header 0 key length -1");
        ByteBuffer negativeCount = batch(0L, (short) 0, 0, 1, withLength(6, body(b -> b.put(new byte[] {0, 0, 0, 1, 1, 3}))));
        assertThatThrownBy(() -> BatchValidator.validate(negativeCount, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("negative header count -2");
    }

    @Test
    void overlongVarintsAreRejected() {
        // offset delta encoded in six bytes
        byte[] sixByteVarint = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
        ByteBuffer buffer = batch(0L, (short) 0, 0, 1, withLength(11, body(b -> b.put(new byte[] {0, 0}).put(sixByteVarint)
                .put(new byte[] {1, 1, 0}))));
        assertThatThrownBy(() -> BatchValidator.validate(buffer, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("offset delta varint is malformed (too many bytes) at byte 64");
        // timestamp delta encoded in eleven bytes
        ByteBuffer ts = ByteBuffer.allocate(20).put((byte) 0);
        for (int i = 0; i < 10; i++) {
            ts.put((byte) 0x80);
        }
        ts.put((byte) 0).put(new byte[] {0, 1, 1, 0}).flip();
        ByteBuffer longTs = batch(0L, (short) 0, 0, 1, withLength(ts.remaining(), ts));
        assertThatThrownBy(() -> BatchValidator.validate(longTs, Mode.FOLLOWER, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("timestamp delta varint is malformed");
    }

    @Test
    void nonCanonicalButShortEnoughVarintsAreAccepted() {
        // key length -1 written as two bytes (0x81 0x00): legal, if wasteful.
        ByteBuffer buffer = batch(0L, (short) 0, 0, 1, withLength(7, body(b -> b.put(new byte[] {0, 0, 0, (byte) 0x81, 0, 1, 0}))));
        BatchValidator.validate(buffer, Mode.LEADER, MAX);
        Record record = RecordBatch.wrap(buffer, 0).iterator().next();
        assertThat(record.hasKey()).isFalse();
        assertThat(record.sizeInBytes()).isEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void validateBatchReportsPositionsFromTheBatchStart(Mode mode) {
        ByteBuffer buffer = concat(other(), sample());
        int start = other().remaining();
        buffer.put(start + 100, (byte) (buffer.get(start + 100) ^ 1));
        assertThatThrownBy(() -> BatchValidator.validateBatch(RecordBatch.wrap(buffer, start), mode, MAX))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageStartingWith("corrupt record batch at byte 0: CRC32C mismatch")
                .hasMessageContaining("at byte 17 (byte 17 of the batch)");
        assertThatCode(() -> BatchValidator.validateBatch(RecordBatch.wrap(buffer, 0), mode, MAX)).doesNotThrowAnyException();
    }

    private static ByteBuffer body(Consumer<ByteBuffer> writer) {
        ByteBuffer b = ByteBuffer.allocate(64);
        writer.accept(b);
        return b.flip();
    }

    private static ByteBuffer copy(ByteBuffer b) {
        return concat(b);
    }

    /** The same bytes behind {@code junk} bytes of 0x7F, with the position at the first real byte. */
    private static ByteBuffer withJunkBefore(int junk, ByteBuffer bytes) {
        ByteBuffer out = ByteBuffer.allocate(junk + bytes.remaining());
        for (int i = 0; i < junk; i++) {
            out.put((byte) 0x7F);
        }
        out.put(bytes.duplicate()).position(junk);
        return out;
    }
}
