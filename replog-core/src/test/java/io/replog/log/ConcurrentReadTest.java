package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.record.BatchValidator;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readers run against a log while one writer appends and rolls segments. Every slice a reader
 * gets must be whole, valid batches that hold the offset it asked for, and a reader that tails the
 * log must see every offset exactly once, in order.
 */
class ConcurrentReadTest {

    private static final int BATCHES = 4_000;
    private static final int MIN_READS = 2_000;

    @TempDir
    Path tmp;

    @Test
    void readersNeverSeeAPartialOrCorruptBatchWhileTheWriterAppends() throws Exception {
        LogConfig config = LogConfig.builder().segmentBytes(64 * 1024).indexIntervalBytes(512).build();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, new ManualClock())) {
            AtomicBoolean writerDone = new AtomicBoolean();
            AtomicLong randomReads = new AtomicLong();
            AtomicLong tailReads = new AtomicLong();
            CountDownLatch readersRunning = new CountDownLatch(2);

            Future<?> randomReader = pool.submit(() -> {
                Random random = new Random(7);
                readersRunning.countDown();
                while (!writerDone.get() || randomReads.get() < MIN_READS) {
                    long end = log.logEndOffset();
                    if (end == 0) {
                        continue;
                    }
                    long offset = (long) (random.nextDouble() * end);
                    LogSlice slice = log.read(offset, 1 + random.nextInt(8_000), Long.MAX_VALUE, true);
                    checkSlice(slice, offset);
                    randomReads.incrementAndGet();
                }
                return null;
            });

            Future<List<Long>> tailer = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long next = 0;
                readersRunning.countDown();
                while (!writerDone.get() || next < log.logEndOffset()) {
                    LogSlice slice = log.read(next, 4_000, Long.MAX_VALUE, true);
                    if (!slice.isEmpty()) {
                        checkSlice(slice, next);
                        for (RecordBatch b : RecordBatches.in(slice.readFully())) {
                            for (Record r : b) {
                                seen.add(r.offset());
                            }
                        }
                        next = slice.nextOffset();
                    }
                    tailReads.incrementAndGet();
                }
                return seen;
            });

            Future<?> writer = pool.submit(() -> {
                readersRunning.await();
                Random random = new Random(3);
                for (int i = 0; i < BATCHES; i++) {
                    log.appendAsLeader(batch(1 + random.nextInt(5), random.nextInt(300), i), 1);
                }
                writerDone.set(true);
                return null;
            });

            await().atMost(60, TimeUnit.SECONDS).until(() -> writer.isDone() && randomReader.isDone() && tailer.isDone());
            writer.get();
            randomReader.get();
            List<Long> seen = tailer.get();
            long end = log.logEndOffset();
            assertThat(log.segmentCount()).isGreaterThan(5);
            assertThat(seen).hasSize((int) end);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
            assertThat(randomReads.get()).isGreaterThanOrEqualTo(MIN_READS);
            assertThat(tailReads.get()).isPositive();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void checkSlice(LogSlice slice, long requested) {
        assertThat(slice.isEmpty()).as("slice at %d", requested).isFalse();
        ByteBuffer bytes = slice.readFully();
        BatchValidator.validate(bytes, BatchValidator.Mode.FOLLOWER, Integer.MAX_VALUE);
        RecordBatch first = RecordBatch.wrap(bytes, 0);
        assertThat(first.baseOffset()).isLessThanOrEqualTo(requested);
        assertThat(first.lastOffset()).isGreaterThanOrEqualTo(requested);
        assertThat(first.baseOffset()).isEqualTo(slice.firstBatchBaseOffset());
        long next = first.baseOffset();
        for (RecordBatch b : RecordBatches.in(bytes)) {
            assertThat(b.baseOffset()).isEqualTo(next);
            next = b.nextOffset();
        }
        assertThat(next).isEqualTo(slice.nextOffset());
    }
}
