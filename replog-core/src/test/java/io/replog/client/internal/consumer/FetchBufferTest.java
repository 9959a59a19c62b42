package io.replog.client.internal.consumer;

import io.replog.client.ConsumerRecord;
import io.replog.client.ConsumerRecords;
import io.replog.client.OffsetResetStrategy;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.SerializationException;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading fetched batches out as polls, with no network: records below the position are skipped
 * (a batch may start before it), nothing at or above the high watermark comes out, max.poll.records
 * bounds a poll and the rest waits for the next, positions and offset epochs follow the records
 * returned, corrupt batches fail naming the partition and offset, and stale buffers are dropped.
 */
class FetchBufferTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final TopicPartition OTHER = new TopicPartition("t", 1);

    private static final FetchedRecords.Converter<String, String> STRINGS = (tp, batch, r) -> new ConsumerRecord<>(
            tp.topic(), tp.partition(), r.offset(), r.timestamp(), batch.timestampType(), string(r.key()),
            string(r.value()), List.of());

    private static String string(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A batch of records {@code from}..{@code to - 1} (value "v-offset") written in leader epoch {@code epoch}. */
    private static ByteBuffer batch(long from, long to, int epoch) {
        RecordBatchBuilder b = new RecordBatchBuilder(256).reset(from).partitionLeaderEpoch(epoch);
        for (long o = from; o < to; o++) {
            b.append(1000 + o, null, ("v-" + o).getBytes(StandardCharsets.UTF_8));
        }
        return b.buildCopy();
    }

    private static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip();
    }

    private static SubscriptionState positionedAt(long offset, TopicPartition... partitions) {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        s.assign(List.of(partitions));
        for (TopicPartition tp : partitions) {
            s.seek(tp, offset);
        }
        return s;
    }

    private static List<Long> offsets(ConsumerRecords<String, String> records) {
        List<Long> out = new ArrayList<>();
        records.forEach(r -> out.add(r.offset()));
        return out;
    }

    @Test
    void recordsBelowThePositionAreSkippedWhenABatchStartsBeforeIt() {
        SubscriptionState subs = positionedAt(13, TP);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 13, 100, concat(batch(0, 10, 1), batch(10, 20, 1))));
        ConsumerRecords<String, String> records = buffer.drain(500, subs, STRINGS);
        assertThat(offsets(records)).containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(records.records(TP).get(0).value()).isEqualTo("v-13");
        assertThat(subs.position(TP)).contains(20L);
        assertThat(buffer.isEmpty()).as("a fully read fetch is dropped").isTrue();
    }

    @Test
    void maxPollRecordsBoundsAPollAndTheRestComesNextInOrder() {
        SubscriptionState subs = positionedAt(0, TP);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 100, concat(batch(0, 5, 1), batch(5, 12, 2))));
        assertThat(offsets(buffer.drain(4, subs, STRINGS))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(subs.position(TP)).contains(4L);
        assertThat(subs.offsetEpoch(TP)).isEqualTo(1);
        assertThat(buffer.contains(TP)).as("the rest stays buffered").isTrue();
        assertThat(offsets(buffer.drain(4, subs, STRINGS))).containsExactly(4L, 5L, 6L, 7L);
        assertThat(subs.offsetEpoch(TP)).as("the epoch of the last record returned").isEqualTo(2);
        assertThat(offsets(buffer.drain(4, subs, STRINGS))).containsExactly(8L, 9L, 10L, 11L);
        assertThat(subs.position(TP)).contains(12L);
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.drain(4, subs, STRINGS).isEmpty()).isTrue();
    }

    @Test
    void maxPollRecordsCountsOverAllPartitions() {
        SubscriptionState subs = positionedAt(0, TP, OTHER);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 100, batch(0, 3, 1)));
        buffer.add(new FetchedRecords(OTHER, 0, 100, batch(0, 3, 1)));
        ConsumerRecords<String, String> first = buffer.drain(5, subs, STRINGS);
        assertThat(first.count()).isEqualTo(5);
        assertThat(first.records(TP)).hasSize(3);
        assertThat(first.records(OTHER)).hasSize(2);
        assertThat(offsets(buffer.drain(5, subs, STRINGS))).containsExactly(2L);
    }

    @Test
    void nothingAtOrAboveTheHighWatermarkIsReturned() {
        SubscriptionState subs = positionedAt(0, TP);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 7, concat(batch(0, 5, 1), batch(5, 10, 1), batch(10, 12, 1))));
        assertThat(offsets(buffer.drain(500, subs, STRINGS))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(subs.position(TP)).as("not moved past the high watermark").contains(7L);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void aCorruptBatchFailsNamingPartitionAndOffsetAfterTheRecordsBeforeIt() {
        ByteBuffer bad = batch(5, 8, 1);
        bad.put(bad.limit() - 1, (byte) (bad.get(bad.limit() - 1) ^ 0x55)); // a flipped bit in the last value
        SubscriptionState subs = positionedAt(0, TP);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 100, concat(batch(0, 5, 1), bad)));
        assertThat(offsets(buffer.drain(500, subs, STRINGS))).as("the good batch first")
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> buffer.drain(500, subs, STRINGS)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("partition t-0").hasMessageContaining("offsets 5..7")
                    .hasMessageContaining("CRC");
        }
        assertThat(subs.position(TP)).as("the position stays at the corrupt batch").contains(5L);
        subs.seek(TP, 8);
        assertThat(buffer.drain(500, subs, STRINGS).isEmpty()).as("a seek past it drops the buffer").isTrue();
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void aDeserializerFailureComesAfterTheRecordsBeforeItAndKeepsThePosition() {
        FetchedRecords.Converter<String, String> failingAt3 = (tp, batch, r) -> {
            if (r.offset() == 3) {
                throw new SerializationException("bad bytes at 3");
            }
            return STRINGS.convert(tp, batch, r);
        };
        SubscriptionState subs = positionedAt(0, TP);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 100, batch(0, 6, 1)));
        assertThat(offsets(buffer.drain(500, subs, failingAt3))).containsExactly(0L, 1L, 2L);
        assertThatThrownBy(() -> buffer.drain(500, subs, failingAt3)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("bad bytes at 3");
        assertThat(subs.position(TP)).contains(3L);
    }

    @Test
    void aControlBatchIsPassedOverAndThePositionMovesPastIt() {
        ByteBuffer control = new RecordBatchBuilder(128).reset(3).control(true).partitionLeaderEpoch(1)
                .append(0, new byte[]{0, 0, 0, 0}, new byte[]{0, 0}).buildCopy();
        SubscriptionState subs = positionedAt(0, TP);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 100, concat(batch(0, 3, 1), control, batch(4, 6, 1))));
        assertThat(offsets(buffer.drain(500, subs, STRINGS))).containsExactly(0L, 1L, 2L, 4L, 5L);
        assertThat(subs.position(TP)).contains(6L);
    }

    @Test
    void aTrailingPartialBatchIsIgnored() {
        ByteBuffer whole = batch(0, 3, 1);
        ByteBuffer next = batch(3, 6, 1);
        ByteBuffer cut = concat(whole, next).limit(whole.remaining() + RecordBatch.HEADER_SIZE);
        SubscriptionState subs = positionedAt(0, TP);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 100, cut));
        assertThat(offsets(buffer.drain(500, subs, STRINGS))).containsExactly(0L, 1L, 2L);
        assertThat(subs.position(TP)).as("the next fetch starts at the cut batch").contains(3L);
    }

    @Test
    void staleBuffersAreDroppedAndPartitionsAwaitingValidationKeepTheirs() {
        SubscriptionState subs = positionedAt(0, TP, OTHER);
        FetchBuffer buffer = new FetchBuffer();
        buffer.add(new FetchedRecords(TP, 0, 100, batch(0, 5, 1)));
        subs.seek(TP, 2); // the application moved: records fetched from 0 no longer continue its position
        assertThat(buffer.drain(500, subs, STRINGS).isEmpty()).isTrue();
        assertThat(buffer.contains(TP)).isFalse();

        // OTHER returned records in epoch 1, then its leader changed: its buffered records wait for the validation.
        subs.updateLeader(OTHER, 0, 1);
        buffer.add(new FetchedRecords(OTHER, 0, 100, batch(0, 6, 1)));
        assertThat(offsets(buffer.drain(2, subs, STRINGS))).containsExactly(0L, 1L);
        subs.updateLeader(OTHER, 1, 2);
        assertThat(subs.awaitingValidation(OTHER)).isTrue();
        assertThat(buffer.drain(500, subs, STRINGS).isEmpty()).isTrue();
        assertThat(buffer.contains(OTHER)).isTrue();
        subs.completeValidation(OTHER, 2, 1, 6);
        assertThat(offsets(buffer.drain(500, subs, STRINGS))).containsExactly(2L, 3L, 4L, 5L);

        subs.assign(List.of(TP));
        buffer.add(new FetchedRecords(OTHER, 6, 100, batch(6, 8, 1)));
        assertThat(buffer.drain(500, subs, STRINGS).isEmpty()).as("unassigned partitions are dropped").isTrue();
        assertThat(buffer.isEmpty()).isTrue();
    }
}
