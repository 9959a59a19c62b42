package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.leaderBatch;
import static io.replog.log.LogTestSupport.range;
import static io.replog.log.LogTestSupport.readAllOffsets;
import static io.replog.log.LogTestSupport.segmentFile;
import static org.assertj.core.api.Assertions.assertThat;

class LogRollTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();

    @Test
    void rollsWhenTheNextAppendWouldExceedSegmentBytes() {
        int batchSize = batch(1, 50, 1L).remaining();
        LogConfig config = LogConfig.builder().segmentBytes(batchSize * 3).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            for (int i = 0; i < 7; i++) {
                log.appendAsLeader(batch(1, 50, 1L), 0);
            }
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 3L, 6L);
            assertThat(log.activeSegmentBaseOffset()).isEqualTo(6);
            assertThat(segmentFile(log.directory(), 3)).hasSize(batchSize * 3L);
            // The rolled segment is fsynced: the recovery point covers it.
            assertThat(log.recoveryPoint()).isEqualTo(6);
        }
    }

    @Test
    void aBatchLargerThanSegmentBytesGetsASegmentOfItsOwn() {
        LogConfig config = LogConfig.builder().segmentBytes(LogConfig.MIN_SEGMENT_BYTES).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            for (int i = 0; i < 3; i++) {
                log.appendAsLeader(batch(2, 50, 1L), 0);
            }
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L, 4L);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, 6));
        }
    }

    @Test
    void rollsWhenTheActiveSegmentIsOlderThanSegmentMs() {
        LogConfig config = LogConfig.builder().segmentMs(60_000).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            // An empty segment never rolls, however old.
            clock.advanceMillis(120_000);
            log.appendAsLeader(batch(1, 10, 1L), 0);
            clock.advanceMillis(60_000);
            log.appendAsLeader(batch(1, 10, 1L), 0);
            assertThat(log.segmentCount()).isEqualTo(1);
            clock.advanceMillis(1);
            log.appendAsLeader(batch(1, 10, 1L), 0);
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);
            clock.advanceMillis(59_999);
            log.appendAsLeader(batch(1, 10, 1L), 0);
            assertThat(log.segmentCount()).isEqualTo(2);
        }
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() {
        LogConfig config = LogConfig.builder().segmentIndexBytes(16).indexIntervalBytes(0).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            // First batch: no entry; then one entry per batch until 2 entries fill 16 bytes.
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(batch(1, 10, 1L), 0);
            }
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 3L);
            assertThat(LogTestSupport.indexFile(log.directory(), 0)).hasSize(16);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, 4));
        }
    }

    @Test
    void rollsWhenAnOffsetWouldNotFitTheRelativeOffsetOfTheSegment() {
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock)) {
            log.appendAsFollower(leaderBatch(0, 1, 2, 1L));
            long far = (long) Integer.MAX_VALUE + 1; // base 0 + MAX_VALUE is the last that fits
            log.appendAsFollower(leaderBatch(Integer.MAX_VALUE - 1L, 1, 2, 1L)); // last offset MAX_VALUE fits
            assertThat(log.segmentCount()).isEqualTo(1);
            log.appendAsFollower(leaderBatch(far, 1, 1, 1L));
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, far);
            assertThat(readAllOffsets(log)).containsExactly(0L, 1L, (long) Integer.MAX_VALUE - 1, (long) Integer.MAX_VALUE, far);
        }
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock)) {
            assertThat(log.logEndOffset()).isEqualTo((long) Integer.MAX_VALUE + 2);
            assertThat(log.read(5, 1000, Long.MAX_VALUE, false).firstBatchBaseOffset()).isEqualTo(Integer.MAX_VALUE - 1L);
        }
    }

    @Test
    void anEmptyActiveSegmentIsReplacedWhenAFollowerJumpsFarAhead() {
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock)) {
            long far = 10_000_000_000L;
            log.appendAsFollower(leaderBatch(far, 2, 3, 1L));
            assertThat(log.segmentBaseOffsets()).containsExactly(far);
            assertThat(log.logStartOffset()).isEqualTo(far);
            assertThat(segmentFile(log.directory(), 0)).doesNotExist();
            assertThat(readAllOffsets(log)).isEqualTo(range(far, far + 3));
        }
    }
}
