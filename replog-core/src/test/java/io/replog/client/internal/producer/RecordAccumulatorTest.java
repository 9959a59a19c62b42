package io.replog.client.internal.producer;

import io.replog.client.ProducerConfig;
import io.replog.client.RecordMetadata;
import io.replog.client.internal.producer.RecordAccumulator.AppendResult;
import io.replog.errors.NotEnoughReplicasException;
import io.replog.errors.NotLeaderException;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.ReplogException;
import io.replog.errors.TimeoutException;
import io.replog.record.Header;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.time.ManualClock;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule of the record accumulator, driven by a manual clock. */
class RecordAccumulatorTest {
    private static final TopicPartition TP0 = new TopicPartition("t", 0);
    private static final TopicPartition TP1 = new TopicPartition("t", 1);
    private static final TopicPartition TP2 = new TopicPartition("t", 2);
    private static final Header[] NO_HEADERS = new Header[0];
    private static final long TS = 1_000L;
    /** A 10-byte value with no key: 17 bytes in a batch after its 61-byte header. */
    private static final int RECORD = sizeOf(1) - RecordBatch.HEADER_SIZE;
    private static final int PER_BATCH = 8;
    /** Room for 8 records and a little more, so the 8th does not fill the batch but a 9th would overflow it. */
    private static final int BATCH_SIZE = RecordBatch.HEADER_SIZE + PER_BATCH * RECORD + 5;

    private final ManualClock clock = new ManualClock();
    private final List<TopicPartition> completedBatches = new ArrayList<>();
    private final AtomicInteger memoryFreed = new AtomicInteger();

    private RecordAccumulator accumulator(UnaryOperator<ProducerConfig.Builder> settings) {
        ProducerConfig config = settings.apply(ProducerConfig.builder().bootstrapServers("local://test")
                .batchSize(BATCH_SIZE).lingerMs(10).requestTimeoutMs(1000).deliveryTimeoutMs(5000)
                .maxBlockMs(100).retryBackoffMs(50).bufferMemory(10L * BATCH_SIZE)).build();
        return new RecordAccumulator(config, clock, completedBatches::add, memoryFreed::incrementAndGet);
    }

    private static int sizeOf(int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(0);
        for (int i = 0; i < records; i++) {
            b.append(TS, (byte[]) null, value(i));
        }
        return b.sizeInBytes();
    }

    private static byte[] value(int i) {
        return String.format("value-%04d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private AppendResult append(RecordAccumulator acc, TopicPartition tp, int i) {
        return acc.append(tp, TS + i, null, value(i), NO_HEADERS, clock.nanos(), false);
    }

    private CompletableFuture<RecordMetadata> appended(RecordAccumulator acc, TopicPartition tp, int i) {
        AppendResult r = append(acc, tp, i);
        assertThat(r).isInstanceOf(AppendResult.Appended.class);
        return ((AppendResult.Appended) r).future();
    }

    // ------------------------------------------------------------------ batching and readiness

    @Test
    void recordsShareABatchUpToBatchSizeThenANewOneOpens() {
        RecordAccumulator acc = accumulator(b -> b);
        for (int i = 0; i < PER_BATCH; i++) {
            AppendResult.Appended r = (AppendResult.Appended) append(acc, TP0, i);
            assertThat(r.newBatch()).isEqualTo(i == 0);
        }
        assertThat(acc.queued(TP0)).isEqualTo(1);
        assertThat(completedBatches).isEmpty();
        AppendResult.Appended ninth = (AppendResult.Appended) append(acc, TP0, PER_BATCH);
        assertThat(ninth.newBatch()).isTrue();
        assertThat(acc.queued(TP0)).isEqualTo(2);
        assertThat(completedBatches).containsExactly(TP0);
        // The first batch is complete, so the partition is ready without waiting for linger.ms.
        assertThat(acc.ready().partitions()).containsExactly(TP0);
    }

    @Test
    void aBatchThatReachesBatchSizeIsReadyAtOnce() {
        RecordAccumulator acc = accumulator(b -> b.batchSize(sizeOf(3)));
        append(acc, TP0, 0);
        append(acc, TP0, 1);
        assertThat(acc.ready().partitions()).isEmpty();
        AppendResult.Appended third = (AppendResult.Appended) append(acc, TP0, 2);
        assertThat(third.batchFull()).isTrue();
        assertThat(completedBatches).containsExactly(TP0);
        assertThat(acc.ready().partitions()).containsExactly(TP0);
    }

    @Test
    void aBatchIsReadyOnceLingerMsHasPassed() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(10));
        append(acc, TP0, 0);
        clock.advanceMillis(4);
        append(acc, TP1, 1);
        RecordAccumulator.ReadyCheck check = acc.ready();
        assertThat(check.partitions()).isEmpty();
        assertThat(check.nextCheckDelayNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(6));
        clock.advanceMillis(6);
        check = acc.ready();
        assertThat(check.partitions()).containsExactly(TP0);
        assertThat(check.nextCheckDelayNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4));
        clock.advanceMillis(4);
        assertThat(acc.ready().partitions()).containsExactly(TP0, TP1);
        assertThat(acc.drain(List.of(TP1, TP2))).extracting(ProducerBatch::partition).containsExactly(TP1);
    }

    @Test
    void withLingerZeroEveryBatchIsReadyAtOnce() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0));
        append(acc, TP0, 0);
        assertThat(acc.ready().partitions()).containsExactly(TP0);
        assertThat(accumulator(b -> b).ready().nextCheckDelayNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFlushMakesEveryBatchReadyAndCompletesWhenTheyAreDone() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(1000));
        append(acc, TP0, 0);
        append(acc, TP1, 1);
        assertThat(acc.ready().partitions()).isEmpty();
        CompletableFuture<Void> flush = acc.beginFlush();
        assertThat(acc.flushInProgress()).isTrue();
        assertThat(acc.ready().partitions()).containsExactly(TP0, TP1);
        List<ProducerBatch> batches = acc.drain(List.of(TP0, TP1));
        acc.complete(batches.get(0), 0, -1);
        assertThat(flush).isNotDone();
        acc.fail(batches.get(1), new NotLeaderException("gone"));
        assertThat(flush).isDone();
        assertThat(acc.flushInProgress()).isFalse();
        assertThat(acc.beginFlush()).as("nothing to wait for").isDone();
    }

    // ------------------------------------------------------------------ order, offsets, in-flight limit

    @Test
    void batchesDrainOldestFirstAndRecordsKeepSendOrder() {
        RecordAccumulator acc = accumulator(b -> b.maxInFlightRequestsPerConnection(1));
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 2 * PER_BATCH + 3; i++) {
            futures.add(appended(acc, TP0, i));
        }
        clock.advanceMillis(10);
        long base = 100;
        int expected = 0;
        for (int round = 0; round < 3; round++) {
            List<ProducerBatch> drained = acc.drain(List.of(TP0));
            assertThat(drained).hasSize(1);
            ProducerBatch batch = drained.get(0);
            assertThat(acc.drain(List.of(TP0))).as("muted at one in flight").isEmpty();
            assertThat(acc.ready().partitions()).isEmpty();
            RecordBatch wire = RecordBatch.wrap(batch.records(), 0);
            assertThat(wire.isChecksumValid()).isTrue();
            for (Record r : wire) {
                assertThat(bytes(r.value())).isEqualTo(value(expected));
                assertThat(r.timestamp()).isEqualTo(TS + expected);
                expected++;
            }
            acc.complete(batch, base, -1);
            base += batch.recordCount();
        }
        assertThat(expected).isEqualTo(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).join()).isEqualTo(new RecordMetadata("t", 0, 100 + i, TS + i));
        }
        assertThat(acc.hasIncomplete()).isFalse();
        assertThat(acc.bytesHeld()).isZero();
    }

    @Test
    void atMostOneBatchPerPartitionIsUnansweredWhateverMaxInFlightSays() {
        RecordAccumulator acc = accumulator(b -> b.maxInFlightRequestsPerConnection(5));
        for (int i = 0; i < 3 * PER_BATCH; i++) {
            append(acc, TP0, i);
        }
        append(acc, TP1, 0);
        clock.advanceMillis(10);
        List<ProducerBatch> first = acc.drain(List.of(TP0, TP1));
        assertThat(first).extracting(ProducerBatch::partition).as("different partitions fly together")
                .containsExactly(TP0, TP1);
        assertThat(acc.inFlight(TP0)).isEqualTo(1);
        assertThat(acc.ready().partitions()).as("TP0 muted with one in flight, TP1 drained").isEmpty();
        assertThat(acc.drain(List.of(TP0))).isEmpty();
        acc.complete(first.get(0), 0, -1);
        assertThat(acc.ready().partitions()).containsExactly(TP0);
        ProducerBatch second = acc.drain(List.of(TP0)).get(0);
        assertThat(acc.drain(List.of(TP0))).isEmpty();
        acc.complete(second, PER_BATCH, -1);
        ProducerBatch third = acc.drain(List.of(TP0)).get(0);
        assertThat(RecordBatch.wrap(third.records(), 0).iterator().next().value())
                .isEqualTo(ByteBuffer.wrap(value(2 * PER_BATCH)));
    }

    @Test
    void aRetriedBatchGoesOutBeforeLaterOnesSoRetriesNeverReorderAPartition() {
        RecordAccumulator acc = accumulator(b -> b.maxInFlightRequestsPerConnection(5).retries(3));
        for (int i = 0; i < 2 * PER_BATCH; i++) {
            append(acc, TP0, i);
        }
        clock.advanceMillis(10);
        ProducerBatch first = acc.drain(List.of(TP0)).get(0);
        assertThat(acc.retryOrFail(first, new NotLeaderException("moved"))).isTrue();
        assertThat(acc.ready().partitions()).as("the retry waits retry.backoff.ms, the later batch waits for it")
                .isEmpty();
        clock.advanceMillis(50);
        ProducerBatch again = acc.drain(List.of(TP0)).get(0);
        assertThat(again).isSameAs(first);
        assertThat(acc.drain(List.of(TP0))).as("the later batch waits for the retry's answer").isEmpty();
        acc.complete(again, 0, -1);
        ProducerBatch later = acc.drain(List.of(TP0)).get(0);
        assertThat(RecordBatch.wrap(later.records(), 0).iterator().next().value())
                .isEqualTo(ByteBuffer.wrap(value(PER_BATCH)));
    }

    @Test
    void acksZeroAndLogAppendTimeShapeTheMetadata() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0));
        CompletableFuture<RecordMetadata> a = appended(acc, TP0, 0);
        acc.complete(acc.drain(List.of(TP0)).get(0), -1, -1);
        assertThat(a.join()).isEqualTo(new RecordMetadata("t", 0, -1, TS));
        assertThat(a.join().hasOffset()).isFalse();
        CompletableFuture<RecordMetadata> b = appended(acc, TP0, 1);
        acc.complete(acc.drain(List.of(TP0)).get(0), 7, 99_999);
        assertThat(b.join()).isEqualTo(new RecordMetadata("t", 0, 7, 99_999));
    }

    // ------------------------------------------------------------------ buffer.memory and max.block.ms

    @Test
    void anAppendBeyondBufferMemoryMustWaitThenTimesOutAfterMaxBlockMs() {
        RecordAccumulator acc = accumulator(b -> b.bufferMemory(2L * BATCH_SIZE).maxBlockMs(100));
        appended(acc, TP0, 0);
        appended(acc, TP1, 1);
        assertThat(acc.bytesAvailable()).isZero();
        // Appending into an open batch needs no new memory.
        appended(acc, TP0, 2);

        long sendStart = clock.nanos();
        AppendResult r = acc.append(TP2, TS, null, value(3), NO_HEADERS, sendStart, false);
        assertThat(r).isEqualTo(new AppendResult.MustWait(BATCH_SIZE, TimeUnit.MILLISECONDS.toNanos(100)));
        clock.advanceMillis(99);
        assertThat(acc.append(TP2, TS, null, value(3), NO_HEADERS, sendStart, false))
                .isEqualTo(new AppendResult.MustWait(BATCH_SIZE, TimeUnit.MILLISECONDS.toNanos(1)));
        clock.advanceMillis(1);
        assertThatThrownBy(() -> acc.append(TP2, TS, null, value(3), NO_HEADERS, sendStart, false))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Failed to allocate " + BATCH_SIZE + " bytes for a batch of t-2 within max.block.ms "
                        + "(100 ms): buffer.memory is " + 2 * BATCH_SIZE + " bytes and " + 2 * BATCH_SIZE
                        + " are held by batches not yet acknowledged");
    }

    @Test
    void memoryShortageMakesBatchesReadyAndFreedMemoryLetsTheAppendIn() {
        RecordAccumulator acc = accumulator(b -> b.bufferMemory(2L * BATCH_SIZE).lingerMs(1000));
        appended(acc, TP0, 0);
        assertThat(acc.ready().partitions()).isEmpty();
        appended(acc, TP1, 1);
        // No room for another batch: waiting for linger.ms would only keep appends blocked.
        assertThat(acc.ready().partitions()).containsExactly(TP0, TP1);
        long sendStart = clock.nanos();
        assertThat(acc.append(TP2, TS, null, value(2), NO_HEADERS, sendStart, false))
                .isInstanceOf(AppendResult.MustWait.class);
        ProducerBatch batch = acc.drain(List.of(TP0)).get(0);
        assertThat(memoryFreed).hasValue(0);
        acc.complete(batch, 0, -1);
        assertThat(memoryFreed).hasValue(1);
        assertThat(acc.append(TP2, TS, null, value(2), NO_HEADERS, sendStart, false))
                .isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    void aRecordLargerThanBatchSizeTravelsAloneAndReservesItsOwnSize() {
        RecordAccumulator acc = accumulator(b -> b);
        byte[] big = new byte[2 * BATCH_SIZE];
        int alone = new RecordBatchBuilder(0).sizeInBytesAfterAppend(TS, null, big);
        appended(acc, TP0, 0);
        AppendResult.Appended r = (AppendResult.Appended) acc.append(TP0, TS, null, big, NO_HEADERS, clock.nanos(),
                false);
        assertThat(r.newBatch()).isTrue();
        assertThat(r.batchFull()).isTrue();
        assertThat(acc.bytesHeld()).isEqualTo(BATCH_SIZE + alone);
        assertThat(acc.queued(TP0)).isEqualTo(2);
    }

    @Test
    void aRecordThatCouldNeverFitBufferMemoryIsRefused() {
        RecordAccumulator acc = accumulator(b -> b.bufferMemory(1000));
        byte[] huge = new byte[1000];
        int alone = new RecordBatchBuilder(0).sizeInBytesAfterAppend(TS, null, huge);
        assertThatThrownBy(() -> acc.append(TP0, TS, null, huge, NO_HEADERS, clock.nanos(), false))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessage("The record for t-0 is " + alone + " bytes as a batch, more than buffer.memory "
                        + "(1000 bytes); it could never be sent");
    }

    // ------------------------------------------------------------------ delivery.timeout.ms, retries

    @Test
    void queuedBatchesExpireAfterDeliveryTimeoutNamingPartitionAndTime() {
        RecordAccumulator acc = accumulator(b -> b.deliveryTimeoutMs(5000).lingerMs(0)
                .maxInFlightRequestsPerConnection(1));
        CompletableFuture<RecordMetadata> inFlight = appended(acc, TP0, 0);
        ProducerBatch sent = acc.drain(List.of(TP0)).get(0);
        CompletableFuture<RecordMetadata> a = appended(acc, TP0, 1);
        CompletableFuture<RecordMetadata> b = appended(acc, TP0, 2);
        clock.advanceMillis(4999);
        assertThat(acc.expireBatches()).isEmpty();
        clock.advanceMillis(1);
        assertThat(acc.expireBatches()).hasSize(1);
        assertThat(a).isCompletedExceptionally();
        assertThatThrownBy(b::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Expiring 2 record(s) for t-0: 5000 ms has passed since batch creation, "
                        + "delivery.timeout.ms is 5000 ms");
        assertThat(inFlight).as("batches in flight are the sender's to expire").isNotDone();
        assertThat(acc.bytesHeld()).isEqualTo(BATCH_SIZE);
        assertThat(memoryFreed).hasValue(1);
        acc.complete(sent, 0, -1);
        assertThat(inFlight.join().offset()).isZero();
    }

    @Test
    void aRetriedBatchGoesFirstAndWaitsRetryBackoff() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0).retryBackoffMs(50).maxInFlightRequestsPerConnection(1));
        CompletableFuture<RecordMetadata> first = appended(acc, TP0, 0);
        ProducerBatch batch = acc.drain(List.of(TP0)).get(0);
        CompletableFuture<RecordMetadata> second = appended(acc, TP0, 1);
        assertThat(acc.retryOrFail(batch, new NotLeaderException("moved"))).isTrue();
        assertThat(acc.inFlight(TP0)).isZero();
        RecordAccumulator.ReadyCheck check = acc.ready();
        assertThat(check.partitions()).as("backing off").isEmpty();
        assertThat(check.nextCheckDelayNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        clock.advanceMillis(50);
        ProducerBatch again = acc.drain(List.of(TP0)).get(0);
        assertThat(again).isSameAs(batch);
        assertThat(again.attempts()).isEqualTo(2);
        acc.complete(again, 10, -1);
        assertThat(first.join().offset()).isEqualTo(10);
        acc.complete(acc.drain(List.of(TP0)).get(0), 11, -1);
        assertThat(second.join().offset()).isEqualTo(11);
    }

    @Test
    void aBatchOutOfRetriesFailsWithTheError() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0).retries(1).retryBackoffMs(0));
        CompletableFuture<RecordMetadata> f = appended(acc, TP0, 0);
        ProducerBatch batch = acc.drain(List.of(TP0)).get(0);
        assertThat(acc.retryOrFail(batch, new NotLeaderException("1"))).isTrue();
        batch = acc.drain(List.of(TP0)).get(0);
        NotLeaderException last = new NotLeaderException("2");
        assertThat(acc.retryOrFail(batch, last)).isFalse();
        assertThatThrownBy(f::join).cause().isSameAs(last);
        assertThat(acc.bytesHeld()).isZero();
    }

    @Test
    void aBatchPastDeliveryTimeoutIsNotRetried() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0).deliveryTimeoutMs(5000));
        CompletableFuture<RecordMetadata> f = appended(acc, TP0, 0);
        ProducerBatch batch = acc.drain(List.of(TP0)).get(0);
        clock.advanceMillis(5001);
        NotLeaderException cause = new NotLeaderException("moved");
        assertThat(acc.retryOrFail(batch, cause)).isFalse();
        assertThatThrownBy(f::join).cause().isInstanceOf(TimeoutException.class)
                .hasMessage("Expiring 1 record(s) for t-0: 5001 ms has passed since batch creation, "
                        + "delivery.timeout.ms is 5000 ms")
                .cause().isSameAs(cause);
    }

    @Test
    void aRetriedBatchThatExpiresInItsQueueCarriesTheLastErrorAsCause() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0).deliveryTimeoutMs(5000).retryBackoffMs(50));
        CompletableFuture<RecordMetadata> f = appended(acc, TP0, 0);
        ProducerBatch batch = acc.drain(List.of(TP0)).get(0);
        NotEnoughReplicasException refused = new NotEnoughReplicasException("ISR [0] below min.insync.replicas 2");
        clock.advanceMillis(4000);
        assertThat(acc.retryOrFail(batch, refused)).isTrue();
        assertThat(acc.nextExpiryDelayNanos()).as("the sender's next look").isEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
        clock.advanceMillis(1000);
        assertThat(acc.expireBatches()).containsExactly(batch);
        assertThatThrownBy(f::join).cause().isInstanceOf(TimeoutException.class).hasMessageContaining("t-0")
                .cause().as("what the retries met").isSameAs(refused);
        assertThat(acc.nextExpiryDelayNanos()).as("nothing queued").isEqualTo(Long.MAX_VALUE);
    }

    // ------------------------------------------------------------------ sticky hand-off, close

    @Test
    void whenAskedAFullOpenBatchIsClosedWithoutAppending() {
        RecordAccumulator acc = accumulator(b -> b);
        for (int i = 0; i < PER_BATCH; i++) {
            append(acc, TP0, i);
        }
        AppendResult r = acc.append(TP0, TS, null, value(99), NO_HEADERS, clock.nanos(), true);
        assertThat(r).isEqualTo(new AppendResult.BatchFull());
        assertThat(completedBatches).containsExactly(TP0);
        assertThat(acc.queued(TP0)).isEqualTo(1);
        assertThat(acc.ready().partitions()).containsExactly(TP0);
        // The record then goes wherever the partitioner says; here a fresh batch of the same partition.
        assertThat(acc.append(TP0, TS, null, value(99), NO_HEADERS, clock.nanos(), true))
                .isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    void drainingAnOpenBatchTellsThePartitionerItIsComplete() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0));
        Partitioner partitioner = new Partitioner(n -> 0);
        RecordAccumulator wired = new RecordAccumulator(ProducerConfig.builder().bootstrapServers("local://x")
                .lingerMs(0).build(), clock, partitioner::batchCompleted, () -> { });
        int p = partitioner.partition("t", OptionalInt.empty(), null, 2, List.of(0, 1));
        TopicPartition sticky = new TopicPartition("t", p);
        append(wired, sticky, 0);
        wired.drain(List.of(sticky));
        assertThat(partitioner.partition("t", OptionalInt.empty(), null, 2, List.of(0, 1)))
                .isNotEqualTo(p);
        append(acc, TP0, 0);
        acc.drain(List.of(TP0));
        assertThat(completedBatches).containsExactly(TP0);
    }

    @Test
    void closeRefusesAppendsSendsEverythingAndAbortFailsWhatIsUnsent() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(1000));
        CompletableFuture<RecordMetadata> a = appended(acc, TP0, 0);
        CompletableFuture<RecordMetadata> b = appended(acc, TP1, 1);
        CompletableFuture<Void> closed = acc.close();
        assertThatThrownBy(() -> append(acc, TP0, 2)).isInstanceOf(ReplogException.class)
                .hasMessage("Cannot send a record to t-0: the producer is closed");
        assertThat(acc.ready().partitions()).containsExactly(TP0, TP1);
        ProducerBatch sent = acc.drain(List.of(TP0)).get(0);
        ReplogException abort = new ReplogException("Producer closed before the record was sent");
        assertThat(acc.abortUnsent(abort)).hasSize(1);
        assertThatThrownBy(b::join).cause().isSameAs(abort);
        assertThat(closed).isNotDone();
        acc.complete(sent, 0, -1);
        assertThat(a).isCompleted();
        assertThat(closed).isDone();
        assertThat(acc.bytesHeld()).isZero();
    }

    @Test
    void recordCallbacksRunWithoutTheAccumulatorsLock() throws Exception {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0));
        CompletableFuture<Long> seenFromAnotherThread = new CompletableFuture<>();
        appended(acc, TP0, 0).thenRun(() -> {
            // Another thread must get the lock while this callback runs, or the accumulator held it.
            CompletableFuture.supplyAsync(acc::bytesHeld).thenAccept(seenFromAnotherThread::complete);
            seenFromAnotherThread.join();
        });
        acc.complete(acc.drain(List.of(TP0)).get(0), 0, -1);
        assertThat(seenFromAnotherThread.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void drainedBytesAreAValidV2Batch() {
        RecordAccumulator acc = accumulator(b -> b.lingerMs(0));
        Header h = Header.of("trace", "abc");
        acc.append(TP0, TS, "k".getBytes(StandardCharsets.UTF_8), value(0), new Header[]{h}, clock.nanos(), false);
        RecordBatch wire = RecordBatch.wrap(acc.drain(Set.of(TP0)).get(0).records(), 0);
        assertThat(wire.isChecksumValid()).isTrue();
        assertThat(wire.recordCount()).isEqualTo(1);
        Record r = wire.iterator().next();
        assertThat(bytes(r.key())).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(r.headers()).containsExactly(h);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
