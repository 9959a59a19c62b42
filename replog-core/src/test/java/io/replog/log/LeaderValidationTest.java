package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.CorruptRecordException;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;
import io.replog.record.TimestampType;
import io.replog.testsupport.LogCapture;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.replog.log.LogTestSupport.TP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a leader refuses or stamps before a produced batch reaches the log, and recovery's memory bound. */
class LeaderValidationTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void aProducerMayNotWriteAControlBatch(@TempDir Path dir) {
        try (PartitionLog log = PartitionLog.open(dir, TP, LogConfig.defaults(), new ManualClock(NOW))) {
            ByteBuffer control = new RecordBatchBuilder(128).reset(0L).control(true)
                    .append(NOW, null, "marker".getBytes(StandardCharsets.UTF_8)).buildCopy();
            assertThatThrownBy(() -> log.appendAsLeader(control, 0)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("control flag").hasMessageContaining("producers may not write control batches");
            assertThat(log.logEndOffset()).isZero();
        }
    }

    @Test
    void aTimestampFurtherAheadThanAllowedIsRefusedSoItCannotPinRetention(@TempDir Path dir) {
        LogConfig config = LogConfig.builder().set("message.timestamp.after.max.ms", 60_000L).build();
        try (PartitionLog log = PartitionLog.open(dir, TP, config, new ManualClock(NOW))) {
            assertThatThrownBy(() -> log.appendAsLeader(LogTestSupport.batch(1, 10, Long.MAX_VALUE), 0))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining("max timestamp " + Long.MAX_VALUE)
                    .hasMessageContaining("message.timestamp.after.max.ms allows 60000 ms");
            log.appendAsLeader(LogTestSupport.batch(1, 10, NOW + 60_000), 0);
            assertThat(log.logEndOffset()).isEqualTo(1);
        }
    }

    @Test
    void logAppendTimeStampsTheLeadersClockAndKeepsTheBatchValid(@TempDir Path dir) {
        LogConfig config = LogConfig.builder().set("message.timestamp.type", "LogAppendTime").build();
        try (PartitionLog log = PartitionLog.open(dir, TP, config, new ManualClock(NOW))) {
            LogAppendInfo info = log.appendAsLeader(LogTestSupport.batch(3, 10, Long.MAX_VALUE), 0);
            assertThat(info.maxTimestamp()).isEqualTo(NOW);
            RecordBatch stored = RecordBatches.in(log.read(0, 10_000, Long.MAX_VALUE, true).readFully()).iterator().next();
            assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(stored.maxTimestamp()).isEqualTo(NOW);
            assertThat(stored.isChecksumValid()).isTrue();
        }
    }

    @Test
    void aDamagedLengthOfALargeBatchIsCaughtByItsCrcBeforeTheBatchIsReadWhole(@TempDir Path dir) throws Exception {
        int value = LogRecovery.STREAMED_CHECK_BYTES;
        try (PartitionLog log = PartitionLog.open(dir, TP, LogConfig.builder().maxMessageBytes(4 * value).build(),
                new ManualClock(NOW))) {
            log.appendAsLeader(LogTestSupport.batch(1, 100, NOW), 0);
            log.appendAsLeader(LogTestSupport.batch(1, value, NOW), 0);
            log.appendAsLeader(LogTestSupport.batch(1, value, NOW), 0);
        }
        Path partition = dir.resolve(TP.directoryName());
        Path segment = LogTestSupport.segmentFile(partition, 0);
        long secondBatch = 0;
        try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(4);
            ch.read(len, RecordBatch.LENGTH_OFFSET);
            secondBatch = RecordBatch.LOG_OVERHEAD + len.getInt(0);
            ByteBuffer second = ByteBuffer.allocate(4);
            ch.read(second, secondBatch + RecordBatch.LENGTH_OFFSET);
            // One flipped high bit: the length now reaches into the third batch, still inside the file.
            ch.write(ByteBuffer.allocate(4).putInt(0, second.getInt(0) | (1 << 19)), secondBatch + RecordBatch.LENGTH_OFFSET);
        }
        Files.writeString(partition.resolve(PartitionLog.RECOVERY_POINT_FILE), "0\n1\n0\n");
        try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName());
             PartitionLog log = PartitionLog.open(dir, TP, LogConfig.defaults(), new ManualClock(NOW))) {
            assertThat(log.logEndOffset()).isEqualTo(1);
            assertThat(capture.warnings()).anyMatch(w -> w.contains("checked in chunks"));
        }
    }
}
