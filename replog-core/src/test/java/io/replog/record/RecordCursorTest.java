package io.replog.record;

import static io.replog.record.RecordBatchLayoutTest.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replog.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class RecordCursorTest {

    private final RecordBatchBuilder builder = new RecordBatchBuilder(64);

    @Test
    void walksTheRecordsWithTheirFields() {
        ByteBuffer built = builder.reset(40L)
                .append(1000L, utf8("k1"), utf8("v1"), Header.of("h", "x"))
                .append(1007L, null, utf8("value two"))
                .append(990L, utf8("k3"), null)
                .build();
        RecordCursor c = RecordBatch.wrap(built, 0).cursor();

        assertThat(c.next()).isTrue();
        assertThat(c.offset()).isEqualTo(40L);
        assertThat(c.offsetDelta()).isZero();
        assertThat(c.timestamp()).isEqualTo(1000L);
        assertThat(c.position()).isEqualTo(RecordBatch.HEADER_SIZE);
        assertThat(bytes(c.key())).isEqualTo(utf8("k1"));
        assertThat(bytes(c.value())).isEqualTo(utf8("v1"));
        assertThat(c.headers()).containsExactly(Header.of("h", "x"));
        assertThat(c.headerCount()).isEqualTo(1);

        assertThat(c.next()).isTrue();
        assertThat(c.offset()).isEqualTo(41L);
        assertThat(c.timestamp()).isEqualTo(1007L);
        assertThat(c.hasKey()).isFalse();
        assertThat(c.key()).isNull();
        assertThat(c.keySize()).isEqualTo(-1);
        assertThat(c.valueSize()).isEqualTo(9);
        byte[] value = new byte[c.valueSize()];
        c.buffer().get(c.valuePosition(), value);
        assertThat(value).isEqualTo(utf8("value two"));
        assertThat(c.headers()).isEmpty();

        assertThat(c.next()).isTrue();
        assertThat(c.offset()).isEqualTo(42L);
        assertThat(c.hasValue()).isFalse();
        assertThat(c.value()).isNull();
        assertThat(c.valueSize()).isEqualTo(-1);
        assertThat(c.hasNext()).isFalse();
        assertThat(c.next()).isFalse();
        assertThat(c.next()).isFalse();
    }

    @Test
    void oneCursorIsReusedAcrossBatchesAndRewoundByReset() {
        ByteBuffer first = builder.reset(0L).append(1L, null, utf8("a")).append(2L, null, utf8("b")).buildCopy();
        ByteBuffer second = builder.reset(10L).append(3L, null, utf8("c")).buildCopy();
        RecordCursor c = new RecordCursor();
        assertThat(c.hasNext()).isFalse();
        assertThat(c.next()).isFalse();

        c.reset(RecordBatch.wrap(first, 0));
        assertThat(c.next()).isTrue();
        assertThat(c.next()).isTrue();
        assertThat(c.offset()).isEqualTo(1L);
        assertThat(c.next()).isFalse();

        assertThat(c.reset(RecordBatch.wrap(second, 0))).isSameAs(c);
        assertThat(c.next()).isTrue();
        assertThat(c.offset()).isEqualTo(10L);
        assertThat(bytes(c.value())).isEqualTo(utf8("c"));
        assertThat(c.next()).isFalse();

        c.reset(RecordBatch.wrap(first, 0));
        assertThat(c.next()).isTrue();
        assertThat(c.offset()).isZero();
    }

    @Test
    void toRecordEqualsWhatTheIteratorReturnsAndNeedsARecord() {
        ByteBuffer built = builder.reset(5L).append(7L, utf8("k"), utf8("v"), Header.of("a", "b")).build();
        RecordBatch batch = RecordBatch.wrap(built, 0);
        RecordCursor c = batch.cursor();
        assertThatThrownBy(c::toRecord).isInstanceOf(NoSuchElementException.class).hasMessageContaining("next()");
        assertThat(c.next()).isTrue();
        Record fromCursor = c.toRecord();
        Record fromIterator = batch.iterator().next();
        assertThat(fromCursor.toString()).isEqualTo(fromIterator.toString());
        assertThat(fromCursor.position()).isEqualTo(fromIterator.position());
        assertThat(fromCursor.sizeInBytes()).isEqualTo(fromIterator.sizeInBytes()).isEqualTo(c.sizeInBytes());
        assertThat(fromCursor.headers()).isEqualTo(fromIterator.headers());
        assertThat(bytes(fromCursor.value())).isEqualTo(bytes(fromIterator.value()));
        // The record stays valid after the cursor moves on.
        c.next();
        assertThat(fromCursor.offset()).isEqualTo(5L);
    }

    @Test
    void logAppendTimeGivesEveryRecordTheMaxTimestamp() {
        ByteBuffer built = builder.reset(0L).timestampType(TimestampType.LOG_APPEND_TIME)
                .append(100L, null, utf8("a")).append(300L, null, utf8("b")).build();
        RecordCursor c = RecordBatch.wrap(built, 0).cursor();
        long max = RecordBatch.wrap(built, 0).maxTimestamp();
        while (c.next()) {
            assertThat(c.timestamp()).isEqualTo(max);
        }
    }

    @Test
    void bufferIsReadOnlyAndLittleEndianInputIsReadBigEndian() {
        ByteBuffer built = builder.reset(3L).append(1L, null, utf8("xyz")).buildCopy();
        built.order(ByteOrder.LITTLE_ENDIAN);
        RecordCursor c = RecordBatch.wrap(built, 0).cursor();
        assertThat(c.next()).isTrue();
        assertThat(c.offset()).isEqualTo(3L);
        assertThat(c.buffer().isReadOnly()).isTrue();
        assertThat(c.buffer().order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(c.buffer()).isSameAs(c.buffer());
        assertThatThrownBy(() -> c.buffer().put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void aDirectBufferReadsTheSame() {
        ByteBuffer heap = builder.reset(0L).append(1L, utf8("key"), utf8("value"), Header.of("h", "v")).buildCopy();
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip();
        RecordCursor c = RecordBatch.wrap(direct, 0).cursor();
        assertThat(c.next()).isTrue();
        assertThat(bytes(c.key())).isEqualTo(utf8("key"));
        assertThat(bytes(c.value())).isEqualTo(utf8("value"));
        assertThat(c.headers()).containsExactly(Header.of("h", "v"));
    }

    @Test
    void aMalformedRecordFailsNextAsTheIteratorDoes() {
        ByteBuffer built = builder.reset(0L).append(1L, null, utf8("a")).append(2L, null, utf8("b")).buildCopy();
        // Claim a third record that is not there.
        built.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 3);
        RecordCursor c = RecordBatch.wrap(built, 0).cursor();
        assertThat(c.next()).isTrue();
        assertThat(c.next()).isTrue();
        String expected = "record 2 (at byte " + built.limit() + "): length varint is cut off by the end of the batch";
        assertThatThrownBy(c::next).isInstanceOf(CorruptRecordException.class).hasMessageContaining(expected);
        var it = RecordBatch.wrap(built, 0).iterator();
        it.next();
        it.next();
        assertThatThrownBy(it::next).isInstanceOf(CorruptRecordException.class).hasMessageContaining(expected);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
