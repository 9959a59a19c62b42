package io.replog.record;

import static io.replog.record.RecordBatchRoundTripTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replog.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {

    private final RecordBatchBuilder builder = new RecordBatchBuilder(64);

    private ByteBuffer threeBatches() {
        return RawBatches.concat(
                builder.reset(0L).append(1L, null, utf8("a")).append(2L, null, utf8("b")).buildCopy(),
                builder.reset(2L).append(3L, null, utf8("c")).buildCopy(),
                builder.reset(3L).append(4L, utf8("k"), utf8("d")).append(5L, null, utf8("e")).buildCopy());
    }

    @Test
    void walksConsecutiveBatchesFromThePosition() {
        ByteBuffer all = threeBatches();
        int firstSize = RecordBatch.wrap(all, 0).sizeInBytes();
        all.position(firstSize);

        List<RecordBatch> batches = list(RecordBatches.in(all));

        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(2L, 3L);
        assertThat(batches.get(0).position()).isEqualTo(firstSize);
        assertThat(batches).extracting(RecordBatch::nextOffset).containsExactly(3L, 5L);
        assertThat(all.position()).isEqualTo(firstSize);
        assertThat(list(RecordBatches.in(all))).hasSize(2); // iterable again
    }

    @Test
    void aTrailingPartialBatchEndsIterationQuietly() {
        ByteBuffer all = threeBatches();
        int total = all.remaining();
        List<RecordBatch> whole = list(RecordBatches.in(all));
        int lastStart = whole.get(2).position();

        for (int cut = lastStart; cut < total; cut++) {
            ByteBuffer partial = all.duplicate().limit(cut);
            assertThat(list(RecordBatches.in(partial))).as("cut at %d", cut).hasSize(2);
            assertThat(RecordBatches.completeBatchesSize(partial)).isEqualTo(lastStart);
        }
        assertThat(RecordBatches.completeBatchesSize(all)).isEqualTo(total);
    }

    @Test
    void aLengthBelowTheMinimumCannotBeWalkedPast() {
        ByteBuffer all = threeBatches();
        int second = list(RecordBatches.in(all)).get(1).position();
        all.putInt(second + RecordBatch.LENGTH_OFFSET, 3);

        assertThatThrownBy(() -> list(RecordBatches.in(all)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("corrupt record batch at byte " + second)
                .hasMessageContaining("batch length 3 is below the minimum 49");
    }

    @Test
    void anEmptyBufferHasNoBatches() {
        assertThat(RecordBatches.in(ByteBuffer.allocate(0))).isEmpty();
        assertThat(RecordBatches.in(ByteBuffer.allocate(11))).isEmpty();
    }

    private static List<RecordBatch> list(Iterable<RecordBatch> batches) {
        List<RecordBatch> out = new ArrayList<>();
        batches.forEach(out::add);
        return out;
    }
}
