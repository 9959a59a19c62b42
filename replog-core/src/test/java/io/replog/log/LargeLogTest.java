package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.range;
import static io.replog.log.LogTestSupport.readAllOffsets;
import static org.assertj.core.api.Assertions.assertThat;

class LargeLogTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();

    @Test
    void offsetsBeyondTwoToTheThirtyOneWorkAndSurviveReopen() {
        long start = 3_000_000_000L;
        LogConfig config = LogConfig.builder().segmentBytes(2_000).indexIntervalBytes(100).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            log.appendAsLeader(batch(2, 10, 1L), 0);
            log.truncateFullyAndStartAt(start);
            for (int i = 0; i < 50; i++) {
                LogAppendInfo info = log.appendAsLeader(batch(3, 30, 1L), 4);
                assertThat(info.firstOffset()).isEqualTo(start + 3L * i);
            }
            assertThat(log.segmentCount()).isGreaterThan(2);
            assertThat(log.segmentBaseOffsets()).allMatch(b -> b >= start);
            assertThat(readAllOffsets(log)).isEqualTo(range(start, start + 150));
            LogSlice mid = log.read(start + 100, 1, Long.MAX_VALUE, true);
            assertThat(RecordBatch.wrap(mid.readFully(), 0).baseOffset()).isEqualTo(start + 99);
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(4, start));
        }
        assertThat(LogTestSupport.segmentFile(tmp.resolve(TP.directoryName()), start))
                .hasFileName("00000000003000000000.log");
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            assertThat(log.logStartOffset()).isEqualTo(start);
            assertThat(log.logEndOffset()).isEqualTo(start + 150);
            for (long o = start; o < start + 150; o += 7) {
                LogSlice s = log.read(o, 1, Long.MAX_VALUE, true);
                assertThat(s.firstBatchBaseOffset()).isEqualTo(start + (o - start) / 3 * 3);
            }
            log.truncateTo(start + 31);
            assertThat(log.logEndOffset()).isEqualTo(start + 30);
            assertThat(readAllOffsets(log)).isEqualTo(range(start, start + 30));
        }
    }

    /**
     * Over 2 GiB across segments of 512 MiB: file positions, sizes and offsets stay correct. It
     * tests arithmetic, not the disk, so it runs in memory-backed /dev/shm when that has room,
     * which keeps it to a few seconds.
     */
    @Test
    @Tag("large")
    void aLogOverTwoGibibytesAcrossSegments() throws IOException {
        Path parent = largeDirectory();
        try {
            writeAndReadTwoGibibytes(parent);
        } finally {
            if (!parent.equals(tmp)) {
                deleteRecursively(parent);
            }
        }
    }

    private Path largeDirectory() throws IOException {
        long need = 3L << 30;
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() > need) {
            return Files.createTempDirectory(shm, "replog-large-log-");
        }
        assertThat(Files.getFileStore(tmp).getUsableSpace()).as("free space the 2 GiB log needs in " + tmp)
                .isGreaterThan(need);
        return tmp;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void writeAndReadTwoGibibytes(Path parent) {
        int batches = 2_100;
        RecordBatchBuilder builder = new RecordBatchBuilder(1 << 20);
        ByteBuffer big = builder.reset(0L).append(1L, null, new byte[1_048_000]).build();
        int batchSize = big.remaining();
        LogConfig config = LogConfig.builder().segmentBytes(512 * 1024 * 1024).build();
        try (PartitionLog log = PartitionLog.open(parent, TP, config, clock)) {
            for (int i = 0; i < batches; i++) {
                // The same bytes each time: the leader restamps offset and epoch in place, the CRC still holds.
                assertThat(log.appendAsLeader(big, 1).firstOffset()).isEqualTo(i);
            }
            assertThat(log.sizeInBytes()).isEqualTo((long) batchSize * batches).isGreaterThan(1L << 31);
            assertThat(log.segmentCount()).isEqualTo(5);
            checkReads(log, batches, batchSize);
        }
        try (PartitionLog log = PartitionLog.open(parent, TP, config, clock)) {
            assertThat(log.batchesValidatedOnOpen()).isZero();
            assertThat(log.logEndOffset()).isEqualTo(batches);
            checkReads(log, batches, batchSize);
            log.truncateTo(1_500);
            assertThat(log.logEndOffset()).isEqualTo(1_500);
            assertThat(log.sizeInBytes()).isEqualTo(1_500L * batchSize);
        }
    }

    private static void checkReads(PartitionLog log, int batches, int batchSize) {
        int perSegment = (512 * 1024 * 1024) / batchSize;
        // Walk the whole log by positions only: each read is one segment, 100 batches at a time.
        long next = 0;
        int reads = 0;
        while (next < batches) {
            LogSlice s = log.read(next, 100 * batchSize, Long.MAX_VALUE, false);
            long segmentBase = next / perSegment * perSegment;
            assertThat(s.position()).isEqualTo((next - segmentBase) * batchSize);
            assertThat(s.length() % batchSize).isZero();
            next = s.nextOffset();
            reads++;
        }
        assertThat(next).isEqualTo(batches);
        assertThat(reads).isBetween(batches / 100, batches / 100 + 10);
        for (long offset : new long[]{0, perSegment - 1, perSegment, 2L * perSegment + 17, batches - 1}) {
            LogSlice s = log.read(offset, 1, Long.MAX_VALUE, true);
            RecordBatch b = RecordBatch.wrap(s.readFully(), 0);
            assertThat(b.baseOffset()).isEqualTo(offset);
            assertThat(b.isChecksumValid()).isTrue();
        }
    }
}
