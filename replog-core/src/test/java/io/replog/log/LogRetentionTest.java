package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.range;
import static io.replog.log.LogTestSupport.readAllOffsets;
import static io.replog.log.LogTestSupport.segmentFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogRetentionTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();
    private final int batchSize = batch(2, 40, 0L).remaining();

    /** Segments of exactly 3 batches of 2 records: segment i holds offsets 6i..6i+5. */
    private PartitionLog log(LogConfig.Builder config, int batches) {
        PartitionLog log = PartitionLog.open(tmp, TP, config.segmentBytes(batchSize * 3).build(), clock);
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(batch(2, 40, clock.millis()), i / 6);
            clock.advanceMillis(1_000);
        }
        return log;
    }

    @Test
    void retentionBytesDeletesOldestSegmentsWhileTheRestStaysAboveTheLimit() {
        // 5 segments of 3 batches, the active one with 1 batch: 13 batches.
        try (PartitionLog log = log(LogConfig.builder().retentionBytes(batchSize * 7L), 13)) {
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 6L, 12L, 18L, 24L);
            // 13 batches; keeping >= 7 batches allows dropping 2 segments (6 batches).
            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(2);
            assertThat(log.segmentBaseOffsets()).containsExactly(12L, 18L, 24L);
            assertThat(log.logStartOffset()).isEqualTo(12);
            assertThat(log.sizeInBytes()).isEqualTo(7L * batchSize);
            assertThat(segmentFile(log.directory(), 0)).doesNotExist();
            assertThat(readAllOffsets(log)).isEqualTo(range(12, 26));
            assertThatThrownBy(() -> log.read(11, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("from 12");
            assertThat(log.applyRetention(log.logEndOffset())).isZero();
        }
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), clock)) {
            assertThat(log.logStartOffset()).isEqualTo(12);
        }
    }

    @Test
    void deletedSegmentsAreClosedAfterTheReadersDelayWithoutWaitingForTheNextDeletion() {
        try (PartitionLog log = log(LogConfig.builder().retentionBytes(batchSize * 7L), 13)) {
            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(2);
            assertThat(log.retiredSegmentCount()).as("kept open for readers of a slice").isEqualTo(2);
            log.closeExpiredRetiredSegments();
            assertThat(log.retiredSegmentCount()).isEqualTo(2);
            clock.advanceMillis(PartitionLog.RETIRED_CLOSE_DELAY_MS + 1);
            log.closeExpiredRetiredSegments();
            assertThat(log.retiredSegmentCount()).as("closed: their space is freed").isZero();
        }
    }

    @Test
    void changedSegmentAndRetentionSettingsReachAnOpenLog() {
        try (PartitionLog log = log(LogConfig.builder(), 2)) {
            assertThat(log.segmentBaseOffsets()).containsExactly(0L);
            log.updateConfig(LogConfig.builder().segmentBytes(batchSize).retentionBytes(batchSize * 2L).build());
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(batch(2, 40, clock.millis()), 0);
            }
            assertThat(log.segmentCount()).as("segment.bytes applies from the next roll").isGreaterThan(2);
            assertThat(log.applyRetention(log.logEndOffset())).as("retention.bytes applies at the next check")
                    .isPositive();
            assertThat(log.sizeInBytes()).isLessThanOrEqualTo(batchSize * 3L);
        }
    }

    @Test
    void retentionMsDeletesSegmentsWhoseNewestTimestampIsTooOld() {
        // Batch i has timestamp start + i s; segment k's newest is batch 3k+2.
        long start = clock.millis();
        try (PartitionLog log = log(LogConfig.builder().retentionMs(10_000), 10)) {
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 6L, 12L, 18L);
            // now = start + 10 s; segment 0's newest is start + 2 s: 8 s old, kept.
            assertThat(log.applyRetention(log.logEndOffset())).isZero();
            clock.advanceMillis(2_001); // now = start + 12.001 s: segment 0 is 10.001 s old
            assertThat(clock.millis() - start).isEqualTo(12_001);
            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(6);
            clock.advanceMillis(3_000);
            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(1);
            clock.advanceMillis(1_000_000);
            // Everything is old, but the active segment stays.
            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(1);
            assertThat(log.segmentBaseOffsets()).containsExactly(18L);
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(1, 18));
        }
    }

    @Test
    void retentionByTimeWorksForSegmentsLoadedFromDisk() {
        try (PartitionLog log = log(LogConfig.builder(), 10)) {
            assertThat(log.segmentCount()).isEqualTo(4);
        }
        clock.advanceMillis(60_000);
        LogConfig config = LogConfig.builder().segmentBytes(batchSize * 3).retentionMs(55_000).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            // now = start + 70 s; the non-active segments' newest timestamps are start + 2, 5 and 8 s: all older than 55 s.
            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(3);
            assertThat(log.segmentBaseOffsets()).containsExactly(18L);
        }
    }

    @Test
    void retentionNeverDeletesASegmentHoldingOffsetsAtOrAboveTheHighWatermark() {
        try (PartitionLog log = log(LogConfig.builder().retentionBytes(0).retentionMs(0), 13)) {
            clock.advanceMillis(1_000_000);
            // Segment 6..11 holds offset 11 >= HW 11: neither it nor later ones may go.
            assertThat(log.applyRetention(11)).isEqualTo(1);
            assertThat(log.segmentBaseOffsets()).containsExactly(6L, 12L, 18L, 24L);
            assertThat(log.applyRetention(12)).isEqualTo(1);
            assertThat(log.applyRetention(0)).isZero();
            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(2);
            assertThat(log.segmentBaseOffsets()).containsExactly(24L);
            assertThat(log.logStartOffset()).isEqualTo(24);
        }
    }

    @Test
    void unlimitedRetentionKeepsEverything() {
        try (PartitionLog log = log(LogConfig.builder().retentionBytes(-1).retentionMs(-1), 13)) {
            clock.advanceMillis(Long.MAX_VALUE / 4);
            assertThat(log.applyRetention(Long.MAX_VALUE)).isZero();
            assertThat(log.segmentCount()).isEqualTo(5);
        }
    }

    @Test
    void aSliceOfADeletedSegmentStaysReadableUntilTheNextRemoval() {
        try (PartitionLog log = log(LogConfig.builder().retentionBytes(0), 13)) {
            LogSlice slice = log.read(0, 1 << 20, Long.MAX_VALUE, false);
            assertThat(log.applyRetention(6)).isEqualTo(1);
            assertThat(slice.readFully().remaining()).isEqualTo(slice.length());
            log.applyRetention(12);
            assertThatThrownBy(slice::readFully).isInstanceOf(io.replog.errors.LogStorageException.class);
            assertThat(List.of(log.logStartOffset())).containsExactly(12L);
        }
    }
}
