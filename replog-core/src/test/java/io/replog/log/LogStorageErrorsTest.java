package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.LogStorageException;
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

class LogStorageErrorsTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();

    @Test
    void aParentThatIsARegularFileCannotHoldALogDirectory() throws IOException {
        Path parent = Files.createFile(tmp.resolve("not-a-dir"));
        assertThatThrownBy(() -> PartitionLog.open(parent, TP, LogConfig.defaults(), clock))
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining("Cannot create log directory")
                .hasMessageContaining(parent.resolve(TP.directoryName()).toString());
    }

    @Test
    void aPartitionPathThatIsAFileIsReported() throws IOException {
        Path taken = Files.createFile(tmp.resolve(TP.directoryName()));
        assertThatThrownBy(() -> PartitionLog.open(tmp, TP, LogConfig.defaults(), clock))
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining("Cannot create log directory " + taken);
    }

    @Test
    void aFileSystemThatRefusesWritesIsReported() {
        // /proc refuses new directories even to root, unlike permission bits, which root ignores.
        Path parent = Path.of("/proc/self");
        assertThatThrownBy(() -> PartitionLog.open(parent, TP, LogConfig.defaults(), clock))
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining("Cannot create log directory")
                .hasMessageContaining(parent.resolve(TP.directoryName()).toString());
    }

    @Test
    void aSegmentPathThatCannotBeOpenedForWritingIsReported() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(TP.directoryName()));
        Path segment = Files.createDirectory(dir.resolve("00000000000000000000.log"));
        assertThatThrownBy(() -> PartitionLog.open(tmp, TP, LogConfig.defaults(), clock))
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining(segment.toString());
        // The failed open released the directory lock.
        Files.delete(segment);
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock)) {
            assertThat(log.logEndOffset()).isZero();
        }
    }

    @Test
    void aCheckpointThatCannotBeWrittenIsReportedWithItsPath() throws IOException {
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock)) {
            Path hw = log.directory().resolve(PartitionLog.HIGH_WATERMARK_FILE + ".tmp");
            Files.createDirectory(hw); // the temporary file's name is taken by a directory
            assertThatThrownBy(() -> log.checkpointHighWatermark(0))
                    .isInstanceOf(LogStorageException.class)
                    .hasMessageContaining(log.directory().resolve(PartitionLog.HIGH_WATERMARK_FILE).toString());
            Files.delete(hw);
        }
    }

    @Test
    void aDirectoryCanBeOpenedByOneLogAtATime() {
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock)) {
            assertThatThrownBy(() -> PartitionLog.open(tmp, TP, LogConfig.defaults(), clock))
                    .isInstanceOf(LogStorageException.class)
                    .hasMessageContaining(log.directory().toString())
                    .hasMessageContaining("already open");
            log.appendAsLeader(batch(1, 1, 1L), 0);
        }
    }

    @Test
    void aClosedLogRefusesWork() {
        PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock);
        log.close();
        log.close();
        assertThatThrownBy(() -> log.appendAsLeader(batch(1, 1, 1L), 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> log.read(0, 1, 1, true)).isInstanceOf(IllegalStateException.class);
    }
}
