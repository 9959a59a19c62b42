package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.LogStorageException;
import io.replog.log.PowerLossFileSystem.Errno;
import io.replog.log.PowerLossFileSystem.Operation;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The crash-safety fixes one by one, each on the exact sequence that used to break. */
class LogCrashSafetyTest {
    private static final LogConfig SMALL_SEGMENTS = LogConfig.builder().segmentBytes(600).indexIntervalBytes(100)
            .build();

    @Test
    void afterAFailedFsyncAtARollNoLaterRollCheckpointsOverTheLostPages(@TempDir Path dir) {
        PowerLossFileSystem fs = PowerLossFileSystem.over(dir);
        try (PartitionLog log = PartitionLog.open(dir, TP, SMALL_SEGMENTS, LogTestSupport.clock(), fs)) {
            appendUntilSegments(log, 2);
            long recoveryPoint = log.recoveryPoint();
            fs.failNext(Operation.FSYNC, Errno.EIO);
            assertThatThrownBy(() -> appendUntilSegments(log, 4)).isInstanceOf(LogStorageException.class)
                    .hasMessageContaining("Input/output error");
            assertThat(log.isOffline()).isTrue();
            // Linux would let this fsync succeed without the lost pages; the log must not try.
            assertThatThrownBy(() -> log.appendAsLeader(batch(3, 100, 0), 0)).isInstanceOf(LogStorageException.class)
                    .hasMessageContaining("offline").hasMessageContaining("Input/output error");
            assertThatThrownBy(log::flush).isInstanceOf(LogStorageException.class);
            assertThat(log.recoveryPoint()).isEqualTo(recoveryPoint);
        }
    }

    @Test
    void aFailedDirectoryFsyncIsReportedNotSwallowed(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-directory");
        assertThatThrownBy(() -> FileUtil.fsyncDirectory(LogFileSystem.nio(), missing))
                .isInstanceOf(LogStorageException.class).hasMessageContaining("Cannot fsync log directory " + missing);
    }

    @Test
    void aCrashWhileRecoveryCutsADamagedSegmentNeverLeavesAHole(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live");
        TreeMap<Long, byte[]> written = new TreeMap<>();
        long damagedBase;
        try (PartitionLog log = PartitionLog.open(live, TP, SMALL_SEGMENTS, LogTestSupport.clock())) {
            appendUntilSegments(log, 4);
            for (RecordBatch b : RecordBatches.in(readAll(log))) {
                written.put(b.baseOffset(), CrashChecker.bytesOf(b.slice()));
            }
            damagedBase = log.segmentBaseOffsets().get(1);
        }
        Path partition = live.resolve(TP.directoryName());
        // Damage the second segment's last batch and make recovery validate everything.
        Path damaged = LogTestSupport.segmentFile(partition, damagedBase);
        LogTestSupport.flipByte(damaged, Files.size(damaged) - 3);
        Files.writeString(partition.resolve(PartitionLog.RECOVERY_POINT_FILE), "0\n1\n0\n");

        PowerLossFileSystem fs = PowerLossFileSystem.over(live);
        List<CrashImage> images = new ArrayList<>();
        Random random = new Random(7);
        fs.onStep(step -> images.addAll(fs.crashImages(random, 2)));
        PartitionLog.open(live, TP, SMALL_SEGMENTS, LogTestSupport.clock(), fs).close();

        CrashChecker checker = new CrashChecker(TP, SMALL_SEGMENTS, dir.resolve("scratch"));
        CrashExpectation expected = new CrashExpectation(written, 0, 0, damagedBase);
        assertThat(images).hasSizeGreaterThan(20);
        for (CrashImage image : images) {
            assertThat(checker.check(image, expected)).as(image.toString()).isNull();
        }
    }

    @Test
    void aCrashInsideTruncateFullyAndStartAtNeverRestartsTheLogAtZero(@TempDir Path dir) {
        Path live = dir.resolve("live");
        PowerLossFileSystem fs = PowerLossFileSystem.over(live);
        List<CrashImage> images = new ArrayList<>();
        Random random = new Random(3);
        TreeMap<Long, byte[]> written = new TreeMap<>();
        try (PartitionLog log = PartitionLog.open(live, TP, SMALL_SEGMENTS, LogTestSupport.clock(), fs)) {
            log.truncateFullyAndStartAt(100);
            appendUntilSegments(log, 3);
            log.flush();
            for (RecordBatch b : RecordBatches.in(readAll(log))) {
                written.put(b.baseOffset(), CrashChecker.bytesOf(b.slice()));
            }
            fs.onStep(step -> images.addAll(fs.crashImages(random, 2)));
            log.truncateFullyAndStartAt(500);
        }
        CrashChecker checker = new CrashChecker(TP, SMALL_SEGMENTS, dir.resolve("scratch"));
        CrashExpectation expected = new CrashExpectation(written, 100, 500, 0);
        for (CrashImage image : images) {
            assertThat(checker.check(image, expected)).as(image.toString()).isNull();
        }
        assertThat(images).hasSizeGreaterThan(20);
    }

    @Test
    void aFailedOpenClosesEveryRecoveredSegment(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live");
        try (PartitionLog log = PartitionLog.open(live, TP, SMALL_SEGMENTS, LogTestSupport.clock())) {
            appendUntilSegments(log, 3);
        }
        Path partition = live.resolve(TP.directoryName());
        // A directory where the epoch checkpoint should be: the open fails after recovery opened the segments.
        Files.delete(partition.resolve(LeaderEpochCache.FILE_NAME));
        Files.createDirectory(partition.resolve(LeaderEpochCache.FILE_NAME));
        PowerLossFileSystem fs = PowerLossFileSystem.over(live);
        assertThatThrownBy(() -> PartitionLog.open(live, TP, SMALL_SEGMENTS, LogTestSupport.clock(), fs))
                .isInstanceOf(LogStorageException.class).hasMessageContaining(LeaderEpochCache.FILE_NAME);
        assertThat(fs.openFiles()).isEmpty();
    }

    @Test
    void aPowerLossKeepsEverythingFlushedAndTheRestartedLogHoldsAPrefixOfTheRest(@TempDir Path dir) {
        Path live = dir.resolve("live");
        PowerLossFileSystem fs = PowerLossFileSystem.over(live);
        long flushed;
        long written;
        PartitionLog log = PartitionLog.open(live, TP, SMALL_SEGMENTS, LogTestSupport.clock(), fs);
        appendUntilSegments(log, 3);
        log.flush();
        flushed = log.logEndOffset();
        appendUntilSegments(log, 5);
        written = log.logEndOffset();
        log.closeWithoutFlush();
        fs.powerLoss(new Random(11));
        try (PartitionLog restarted = PartitionLog.open(live, TP, SMALL_SEGMENTS, LogTestSupport.clock(),
                PowerLossFileSystem.over(live))) {
            assertThat(restarted.logEndOffset()).isBetween(flushed, written);
            assertThat(LogTestSupport.readAllOffsets(restarted)).hasSize((int) restarted.logEndOffset());
        }
    }

    static void appendUntilSegments(PartitionLog log, int segments) {
        while (log.segmentCount() < segments) {
            log.appendAsLeader(batch(3, 100, 0), 0);
        }
    }

    static java.nio.ByteBuffer readAll(PartitionLog log) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            LogSlice slice = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true);
            out.writeBytes(CrashChecker.bytesOf(slice.readFully()));
            next = slice.nextOffset();
        }
        return java.nio.ByteBuffer.wrap(out.toByteArray());
    }
}
