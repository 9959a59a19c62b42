package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.testsupport.LogCapture;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();

    private PartitionLog open() {
        return PartitionLog.open(tmp, TP, LogConfig.defaults(), clock);
    }

    private Path hwFile() {
        return tmp.resolve(TP.directoryName()).resolve(PartitionLog.HIGH_WATERMARK_FILE);
    }

    @Test
    void highWatermarkCheckpointRoundTrip() throws IOException {
        try (PartitionLog log = open()) {
            assertThat(log.checkpointedHighWatermark()).isZero();
            log.appendAsLeader(batch(10, 5, 1L), 0);
            log.checkpointHighWatermark(7);
            assertThat(log.checkpointedHighWatermark()).isEqualTo(7);
            assertThatThrownBy(() -> log.checkpointHighWatermark(-1)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readString(hwFile())).isEqualTo("0\n1\n7\n");
        try (PartitionLog log = open()) {
            assertThat(log.checkpointedHighWatermark()).isEqualTo(7);
        }
    }

    @Test
    void aHighWatermarkAboveTheRecoveredLogEndIsLowered() throws IOException {
        try (PartitionLog log = open()) {
            log.appendAsLeader(batch(10, 5, 1L), 0);
        }
        Files.writeString(hwFile(), "0\n1\n25\n");
        try (PartitionLog log = open()) {
            assertThat(log.checkpointedHighWatermark()).isEqualTo(10);
        }
    }

    @Test
    void aCorruptHighWatermarkCheckpointFallsBackToZeroWithAWarning() throws IOException {
        try (PartitionLog log = open()) {
            log.appendAsLeader(batch(10, 5, 1L), 0);
            log.checkpointHighWatermark(10);
        }
        for (String bad : new String[]{"", "0\n1\n", "0\n1\nten\n", "0\n2\n1\n2\n", "9\n1\n5\n", "0\n1\n-4\n"}) {
            Files.writeString(hwFile(), bad);
            try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName()); PartitionLog log = open()) {
                assertThat(log.checkpointedHighWatermark()).as("'%s'", bad).isZero();
                assertThat(log.logEndOffset()).isEqualTo(10);
                assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains(hwFile().toString()));
            }
        }
    }

    @Test
    void aCorruptRecoveryPointMeansEverythingIsValidated() throws IOException {
        try (PartitionLog log = open()) {
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(batch(2, 5, 1L), 0);
            }
        }
        Path rp = tmp.resolve(TP.directoryName()).resolve(PartitionLog.RECOVERY_POINT_FILE);
        assertThat(Files.readString(rp)).isEqualTo("0\n1\n8\n");
        Files.writeString(rp, "garbage");
        try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName()); PartitionLog log = open()) {
            assertThat(log.batchesValidatedOnOpen()).isEqualTo(4);
            assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains(rp.toString()));
        }
        assertThat(Files.readString(rp)).isEqualTo("0\n1\n8\n");
    }

    @Test
    void flushMessagesFsyncsAndAdvancesTheRecoveryPoint() {
        LogConfig config = LogConfig.builder().flushMessages(5).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            log.appendAsLeader(batch(3, 5, 1L), 0);
            assertThat(log.recoveryPoint()).isZero();
            log.appendAsLeader(batch(3, 5, 1L), 0);
            assertThat(log.recoveryPoint()).isEqualTo(6);
            log.appendAsLeader(batch(1, 5, 1L), 0);
            assertThat(log.recoveryPoint()).isEqualTo(6);
            assertThat(log.maybeFlush()).isFalse();
            log.flush();
            assertThat(log.recoveryPoint()).isEqualTo(7);
        }
    }

    @Test
    void flushMsFsyncsOnAppendOrOnMaybeFlushOnceTheIntervalPassed() {
        LogConfig config = LogConfig.builder().flushMs(1_000).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            log.appendAsLeader(batch(1, 5, 1L), 0);
            assertThat(log.maybeFlush()).isFalse();
            clock.advanceMillis(999);
            assertThat(log.maybeFlush()).isFalse();
            clock.advanceMillis(1);
            assertThat(log.maybeFlush()).isTrue();
            assertThat(log.recoveryPoint()).isEqualTo(1);
            assertThat(log.maybeFlush()).isFalse(); // nothing new
            log.appendAsLeader(batch(1, 5, 1L), 0);
            clock.advanceMillis(1_000);
            log.appendAsLeader(batch(1, 5, 1L), 0);
            assertThat(log.recoveryPoint()).isEqualTo(3);
        }
    }

    @Test
    void checkpointWritesLeaveNoTemporaryFiles() throws IOException {
        try (PartitionLog log = open()) {
            log.appendAsLeader(batch(1, 5, 1L), 2);
            log.checkpointHighWatermark(1);
            log.flush();
        }
        try (var files = Files.list(tmp.resolve(TP.directoryName()))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(".lock", "00000000000000000000.index", "00000000000000000000.log",
                            PartitionLog.HIGH_WATERMARK_FILE, LeaderEpochCache.FILE_NAME, PartitionLog.RECOVERY_POINT_FILE);
        }
    }
}
