package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.LogStorageException;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers on a reopened log (indexes loaded lazily) racing truncation plus appends, retention and
 * restarts: a read never reports corruption for undamaged data, a slice either fails cleanly or
 * holds exactly the batches it describes, no stray index file appears, and no descriptor stays
 * open after close.
 */
class LogReaderRaceTest {
    private static final LogConfig CONFIG = LogConfig.builder().segmentBytes(3000).indexIntervalBytes(200)
            .retentionBytes(20_000).build();

    @Test
    void aReaderOfADeletedSegmentNeverRecreatesItsIndexNorOverwritesANewOne(@TempDir Path dir) throws Exception {
        PowerLossFileSystem fs = PowerLossFileSystem.over(dir);
        try (PartitionLog log = PartitionLog.open(dir, TP, CONFIG, LogTestSupport.clock(), fs)) {
            LogCrashSafetyTest.appendUntilSegments(log, 2);
        }
        Path partition = dir.resolve(TP.directoryName());
        Path index = LogTestSupport.indexFile(partition, 0);
        LogSegment old = LogSegment.open(fs, partition, TP, 0, CONFIG, 0);
        old.deleteFiles();
        LogSegment fresh = LogSegment.create(fs, partition, TP, 0, CONFIG);
        for (int i = 0; i < 6; i++) {
            ByteBuffer b = batch(2, 100, 0);
            RecordBatch.wrap(b, 0).setBaseOffset(i * 2L);
            fresh.append(b, i * 2L + 1, 0, 0);
        }
        byte[] freshIndex = Files.readAllBytes(index);
        assertThat(freshIndex).isNotEmpty();

        // The old segment's index was never loaded: a late reader must build it in memory only.
        assertThat(old.read(0, 10_000, Long.MAX_VALUE, true).isEmpty()).isFalse();
        assertThat(Files.readAllBytes(index)).isEqualTo(freshIndex);
        old.close();
        fresh.deleteFiles();
        fresh.close();
        assertThat(Files.exists(index)).isFalse();
        assertThat(fs.openFiles()).isEmpty();
    }

    @Test
    void readersRacingTruncationRetentionAndRestartsSeeOnlyWholeDescribedBatches(@TempDir Path dir) throws Exception {
        PowerLossFileSystem fs = PowerLossFileSystem.over(dir);
        try (PartitionLog log = PartitionLog.open(dir, TP, CONFIG, LogTestSupport.clock(), fs)) {
            LogCrashSafetyTest.appendUntilSegments(log, 5);
        }
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong slicesChecked = new AtomicLong();
        try (PartitionLog log = PartitionLog.open(dir, TP, CONFIG, LogTestSupport.clock(), fs)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch readersDone = new CountDownLatch(2);
            for (int r = 0; r < 2; r++) {
                long seed = r;
                Thread reader = new Thread(() -> {
                    try {
                        read(log, new Random(seed), writing, failures, slicesChecked);
                    } finally {
                        readersDone.countDown();
                    }
                }, "log-race-reader-" + r);
                reader.start();
            }
            write(log, new Random(42));
            writing.set(false);
            assertThat(readersDone.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).isEmpty();
            assertThat(slicesChecked.get()).isPositive();
            Path partition = dir.resolve(TP.directoryName());
            try (Stream<Path> files = Files.list(partition)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(LogSegment.INDEX_SUFFIX)) {
                        assertThat(partition.resolve(name.replace(LogSegment.INDEX_SUFFIX, LogSegment.LOG_SUFFIX)))
                                .as("the segment of index " + name).exists();
                    }
                    assertThat(name).doesNotEndWith(LogSegment.DELETED_SUFFIX);
                }
            }
        }
        assertThat(fs.openFiles()).isEmpty();
    }

    private static void write(PartitionLog log, Random random) {
        for (int i = 0; i < 400; i++) {
            int r = random.nextInt(100);
            long end = log.logEndOffset();
            if (r < 30) {
                log.truncateTo(Math.max(log.logStartOffset(), end - 1 - random.nextInt(40)));
            } else if (r < 35) {
                log.applyRetention(end);
            } else if (r < 37) {
                log.truncateFullyAndStartAt(random.nextBoolean() ? end : 0);
            }
            for (int n = random.nextInt(4); n >= 0; n--) {
                log.appendAsLeader(batch(1 + random.nextInt(4), 20 + random.nextInt(200), 0), 0);
            }
        }
    }

    private static void read(PartitionLog log, Random random, AtomicBoolean writing, Queue<String> failures,
                             AtomicLong checked) {
        while (writing.get() && failures.isEmpty()) {
            long start = log.logStartOffset();
            long end = log.logEndOffset();
            long offset = start + (end > start ? random.nextLong(end - start) : 0);
            LogSlice slice;
            try {
                slice = log.read(offset, 1 + random.nextInt(3000), Long.MAX_VALUE, true);
            } catch (OffsetOutOfRangeException moved) {
                continue;
            } catch (CorruptRecordException | LogStorageException e) {
                failures.add("read(" + offset + ") failed: " + e);
                continue;
            }
            if (slice.isEmpty()) {
                continue;
            }
            ByteBuffer bytes;
            try {
                bytes = slice.readFully();
            } catch (LogStorageException cutOrRemovedAfterTheRead) {
                continue;
            }
            String problem = describedBatchesProblem(slice, bytes);
            if (problem != null) {
                failures.add("slice " + slice + " for read(" + offset + "): " + problem);
            }
            checked.incrementAndGet();
        }
    }

    private static String describedBatchesProblem(LogSlice slice, ByteBuffer bytes) {
        long next = slice.firstBatchBaseOffset();
        for (RecordBatch b : RecordBatches.in(bytes)) {
            if (b.baseOffset() != next && next != slice.firstBatchBaseOffset()) {
                return "batch " + b.baseOffset() + " does not follow " + (next - 1);
            }
            if (next == slice.firstBatchBaseOffset() && b.baseOffset() != next) {
                return "first batch " + b.baseOffset() + " is not the described " + next;
            }
            if (!b.isChecksumValid()) {
                return "batch " + b.baseOffset() + " fails its CRC";
            }
            next = b.lastOffset() + 1;
        }
        return next == slice.nextOffset() ? null : "batches end at " + next + ", the slice says " + slice.nextOffset();
    }
}
