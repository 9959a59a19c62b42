package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.testsupport.LogCapture;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.bytes;
import static io.replog.log.LogTestSupport.flipByte;
import static io.replog.log.LogTestSupport.indexFile;
import static io.replog.log.LogTestSupport.range;
import static io.replog.log.LogTestSupport.readAllOffsets;
import static io.replog.log.LogTestSupport.segmentFile;
import static io.replog.log.LogTestSupport.truncateFile;
import static org.assertj.core.api.Assertions.assertThat;

class LogRecoveryTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();

    private PartitionLog open(LogConfig config) {
        return PartitionLog.open(tmp, TP, config, clock);
    }

    private Path dir() {
        return tmp.resolve(TP.directoryName());
    }

    /** Appends batches of 1..3 records; returns the end offset after each batch. */
    private List<Long> fill(PartitionLog log, int batches) {
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            ends.add(log.appendAsLeader(batch(1 + i % 3, 15, 100L + i), 1).lastOffset() + 1);
        }
        return ends;
    }

    /** Simulates a crash after the data reached the page cache but before any flush: no recovery point. */
    private void forgetRecoveryPoint() throws IOException {
        Files.delete(dir().resolve(PartitionLog.RECOVERY_POINT_FILE));
    }

    @Test
    void aLogCutAtEveryBytePositionInsideItsLastBatchRecoversExactlyTheCompleteBatchesBeforeIt() throws IOException {
        List<Long> ends;
        long lastBatchStart;
        long fileSize;
        try (PartitionLog log = open(LogConfig.defaults())) {
            ends = fill(log, 6);
            fileSize = log.sizeInBytes();
            lastBatchStart = fileSize - batch(3, 15, 0L).remaining(); // batch 5 has 3 records
        }
        Path segment = segmentFile(dir(), 0);
        byte[] original = bytes(segment);
        long expectedEnd = ends.get(ends.size() - 2);
        for (long cut = lastBatchStart; cut < fileSize; cut++) {
            Files.write(segment, Arrays.copyOf(original, (int) cut));
            if (cut % 2 == 0) {
                forgetRecoveryPoint(); // also with a stale recovery point beyond the cut (odd cuts)
            }
            try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName());
                 PartitionLog log = open(LogConfig.defaults())) {
                assertThat(log.logEndOffset()).as("LEO after cut at %d", cut).isEqualTo(expectedEnd);
                assertThat(readAllOffsets(log)).isEqualTo(range(0, expectedEnd));
                assertThat(log.sizeInBytes()).isEqualTo(lastBatchStart);
                if (cut > lastBatchStart) {
                    assertThat(capture.warnings()).anySatisfy(w -> assertThat(w)
                            .contains(segment.toString()).contains("byte position " + lastBatchStart)
                            .contains("offset " + expectedEnd));
                }
            }
            assertThat(Files.size(segment)).isEqualTo(lastBatchStart);
        }
        // The recovered log accepts appends again where it ended.
        try (PartitionLog log = open(LogConfig.defaults())) {
            assertThat(log.appendAsLeader(batch(1, 15, 1L), 1).firstOffset()).isEqualTo(expectedEnd);
        }
    }

    @Test
    void aFlippedByteInTheLastBatchCutsThereKeepsEarlierBatchesAndWarns() throws IOException {
        List<Long> ends;
        long lastBatchStart;
        try (PartitionLog log = open(LogConfig.defaults())) {
            ends = fill(log, 5);
            lastBatchStart = log.sizeInBytes() - batch(2, 15, 0L).remaining(); // batch 4 has 2 records
        }
        Path segment = segmentFile(dir(), 0);
        flipByte(segment, lastBatchStart + 70); // inside the records: only the CRC notices
        forgetRecoveryPoint();
        try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName());
             PartitionLog log = open(LogConfig.defaults())) {
            assertThat(log.logEndOffset()).isEqualTo(ends.get(3));
            assertThat(readAllOffsets(log)).isEqualTo(range(0, ends.get(3)));
            assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains(segment.toString())
                    .contains("byte position " + lastBatchStart).contains("CRC32C mismatch"));
        }
    }

    @Test
    void damageInAnOlderSegmentCutsThereAndDeletesLaterSegments() throws IOException {
        LogConfig config = LogConfig.builder().segmentBytes(400).build();
        List<Long> bases;
        try (PartitionLog log = open(config)) {
            fill(log, 30);
            bases = log.segmentBaseOffsets();
        }
        assertThat(bases.size()).isGreaterThanOrEqualTo(4);
        Path damaged = segmentFile(dir(), bases.get(1));
        flipByte(damaged, 30); // the first batch's CRC field
        forgetRecoveryPoint();
        try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName());
             PartitionLog log = open(config)) {
            assertThat(log.segmentBaseOffsets()).containsExactly(bases.get(0), bases.get(1));
            assertThat(log.logEndOffset()).isEqualTo(bases.get(1));
            assertThat(readAllOffsets(log)).isEqualTo(range(0, bases.get(1)));
            assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains(damaged.toString()).contains("byte position 0"));
            assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains("deleted segment")
                    .contains(segmentFile(dir(), bases.get(2)).toString()));
        }
        assertThat(segmentFile(dir(), bases.get(2))).doesNotExist();
        assertThat(indexFile(dir(), bases.get(2))).doesNotExist();
    }

    @Test
    void garbageSegmentFilesNeverCrashTheOpen() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            Path dir = dir();
            Files.createDirectories(dir);
            byte[] garbage = new byte[random.nextInt(500)];
            random.nextBytes(garbage);
            Files.write(segmentFile(dir, 0), garbage);
            byte[] index = new byte[random.nextInt(40)];
            random.nextBytes(index);
            Files.write(indexFile(dir, 0), index);
            try (PartitionLog log = open(LogConfig.defaults())) {
                assertThat(log.logEndOffset()).isZero();
                assertThat(log.appendAsLeader(batch(1, 5, 1L), 0).firstOffset()).isZero();
                assertThat(readAllOffsets(log)).containsExactly(0L);
            }
            Files.delete(segmentFile(dir, 0));
            Files.deleteIfExists(dir.resolve(PartitionLog.RECOVERY_POINT_FILE));
        }
    }

    @Test
    void offsetsGoingBackwardsAreCut() throws IOException {
        try (PartitionLog log = open(LogConfig.defaults())) {
            log.appendAsFollower(LogTestSupport.leaderBatch(0, 1, 3, 1L));
            log.appendAsFollower(LogTestSupport.leaderBatch(3, 1, 3, 1L));
        }
        // Append a batch whose offsets repeat earlier ones, as a buggy writer might.
        Path segment = segmentFile(dir(), 0);
        byte[] stale = LogTestSupport.leaderBatch(2, 1, 2, 1L).array();
        Files.write(segment, stale, java.nio.file.StandardOpenOption.APPEND);
        forgetRecoveryPoint();
        try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName());
             PartitionLog log = open(LogConfig.defaults())) {
            assertThat(log.logEndOffset()).isEqualTo(6);
            assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains("offsets go backwards"));
        }
    }

    @Test
    void aMissingCorruptOrTruncatedIndexIsRebuiltAndEveryOffsetStillReads() throws IOException {
        LogConfig config = LogConfig.builder().segmentBytes(2000).indexIntervalBytes(100).build();
        long end;
        List<Long> bases;
        try (PartitionLog log = open(config)) {
            fill(log, 60);
            end = log.logEndOffset();
            bases = log.segmentBaseOffsets();
        }
        assertThat(bases.size()).isGreaterThan(2);
        long older = bases.get(0);
        long activeBase = bases.get(bases.size() - 1);
        byte[] goodOlder = bytes(indexFile(dir(), older));
        assertThat(goodOlder.length).isGreaterThan(16);

        List<Runnable> damages = List.of(
                () -> deleteQuietly(indexFile(dir(), older)),
                () -> deleteQuietly(indexFile(dir(), activeBase)),
                () -> writeQuietly(indexFile(dir(), older), Arrays.copyOf(goodOlder, goodOlder.length - 3)),
                () -> writeQuietly(indexFile(dir(), older), Arrays.copyOf(goodOlder, 8)),
                () -> writeQuietly(indexFile(dir(), older), reversed(goodOlder)),
                () -> writeQuietly(indexFile(dir(), older), positionsBeyondFile(goodOlder)),
                () -> writeQuietly(indexFile(dir(), older), shifted(goodOlder)),
                () -> writeQuietly(indexFile(dir(), activeBase), new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
        for (Runnable damage : damages) {
            damage.run();
            if (damages.indexOf(damage) % 2 == 0) {
                forgetRecoveryPoint();
            }
            try (PartitionLog log = open(config)) {
                assertThat(log.logEndOffset()).isEqualTo(end);
                for (long offset = 0; offset < end; offset++) {
                    LogSlice slice = log.read(offset, 1, Long.MAX_VALUE, true);
                    assertThat(slice.firstBatchBaseOffset()).isLessThanOrEqualTo(offset);
                    assertThat(slice.nextOffset()).isGreaterThan(offset);
                }
                assertThat(readAllOffsets(log)).isEqualTo(range(0, end));
            }
            assertThat(bytes(indexFile(dir(), older))).isEqualTo(goodOlder);
        }
    }

    @Test
    void aCleanCloseLeavesARecoveryPointSoTheNextOpenValidatesNothing() throws IOException {
        LogConfig config = LogConfig.builder().segmentBytes(1000).build();
        try (PartitionLog log = open(config)) {
            fill(log, 40);
            assertThat(log.batchesValidatedOnOpen()).isZero();
        }
        try (PartitionLog log = open(config)) {
            assertThat(log.batchesValidatedOnOpen()).isZero();
            assertThat(log.recoveryPoint()).isEqualTo(log.logEndOffset());
            fill(log, 5);
            log.flush();
            fill(log, 3);
        }
        forgetRecoveryPoint();
        try (PartitionLog log = open(config)) {
            assertThat(log.batchesValidatedOnOpen()).isEqualTo(48);
        }
        try (PartitionLog log = open(config)) {
            assertThat(log.batchesValidatedOnOpen()).isZero();
        }
    }

    @Test
    void anUncleanShutdownValidatesOnlyWhatCameAfterTheRecoveryPoint() throws IOException {
        LogConfig config = LogConfig.builder().segmentBytes(1000).build();
        Path dir = dir();
        Path rp = dir.resolve(PartitionLog.RECOVERY_POINT_FILE);
        byte[] rpAfterFlush;
        try (PartitionLog log = open(config)) {
            fill(log, 20);
            log.flush();
            rpAfterFlush = bytes(rp);
            fill(log, 7);
        }
        // Put back the recovery point as it was before the last 7 appends, as after a crash.
        Files.write(rp, rpAfterFlush);
        try (PartitionLog log = open(config)) {
            assertThat(log.batchesValidatedOnOpen()).isEqualTo(7);
        }
    }

    @Test
    void strayFilesAreCleanedUp() throws IOException {
        try (PartitionLog log = open(LogConfig.defaults())) {
            fill(log, 3);
        }
        Path dir = dir();
        Files.write(dir.resolve("00000000000000000000.log.deleted"), new byte[10]);
        Files.write(dir.resolve("high-watermark-checkpoint.tmp"), new byte[10]);
        Files.write(indexFile(dir, 500), new byte[16]);
        Files.write(dir.resolve("notes.txt"), new byte[1]);
        try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName());
             PartitionLog log = open(LogConfig.defaults())) {
            assertThat(log.logEndOffset()).isEqualTo(6);
            assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains("notes.txt"));
        }
        assertThat(dir.resolve("00000000000000000000.log.deleted")).doesNotExist();
        assertThat(dir.resolve("high-watermark-checkpoint.tmp")).doesNotExist();
        assertThat(indexFile(dir, 500)).doesNotExist();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    private static byte[] reversed(byte[] index) {
        byte[] out = new byte[index.length];
        int n = index.length / 8;
        for (int i = 0; i < n; i++) {
            System.arraycopy(index, i * 8, out, (n - 1 - i) * 8, 8);
        }
        return out;
    }

    private static byte[] positionsBeyondFile(byte[] index) {
        byte[] out = index.clone();
        java.nio.ByteBuffer.wrap(out).putInt(out.length - 4, Integer.MAX_VALUE - 1);
        return out;
    }

    /** Every position moved by one byte: structurally valid, but no entry points at a batch. */
    private static byte[] shifted(byte[] index) {
        byte[] out = index.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out);
        for (int i = 0; i < out.length / 8; i++) {
            b.putInt(i * 8 + 4, b.getInt(i * 8 + 4) + 1);
        }
        return out;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeQuietly(Path p, byte[] content) {
        try {
            Files.write(p, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
