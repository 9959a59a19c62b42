package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.indexFile;
import static io.replog.log.LogTestSupport.range;
import static io.replog.log.LogTestSupport.readAllOffsets;
import static io.replog.log.LogTestSupport.segmentFile;
import static org.assertj.core.api.Assertions.assertThat;

class LogTruncationTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();
    private final LogConfig config = LogConfig.builder().segmentBytes(600).indexIntervalBytes(100).build();

    /** 30 batches of 4 records (offsets 0..119), epoch = batch / 10 + 1, in several segments. */
    private PartitionLog filled() {
        PartitionLog log = PartitionLog.open(tmp, TP, config, clock);
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch(4, 20, 1_000L + i), i / 10 + 1);
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        return log;
    }

    @Test
    void truncateToABatchBoundaryInTheMiddleOfASegment() {
        try (PartitionLog log = filled()) {
            List<Long> bases = log.segmentBaseOffsets();
            long target = bases.get(1) + 8; // two batches into the second segment
            log.truncateTo(target);
            assertThat(log.logEndOffset()).isEqualTo(target);
            assertThat(log.segmentBaseOffsets()).containsExactly(bases.get(0), bases.get(1));
            assertThat(log.activeSegmentBaseOffset()).isEqualTo(bases.get(1));
            assertThat(readAllOffsets(log)).isEqualTo(range(0, target));
            assertThat(segmentFile(log.directory(), bases.get(2))).doesNotExist();
            assertThat(indexFile(log.directory(), bases.get(2))).doesNotExist();
            // The truncated segment takes appends again, at the new end.
            assertThat(log.appendAsLeader(batch(1, 20, 1L), 3).firstOffset()).isEqualTo(target);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, target + 1));
        }
    }

    @Test
    void truncateInsideABatchRemovesTheWholeBatch() {
        try (PartitionLog log = filled()) {
            log.truncateTo(42); // batch 40..43 straddles 42
            assertThat(log.logEndOffset()).isEqualTo(40);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, 40));
            log.truncateTo(40); // a boundary: nothing more goes
            assertThat(log.logEndOffset()).isEqualTo(40);
        }
    }

    @Test
    void truncateAcrossSegmentsToTheFirstSegment() {
        try (PartitionLog log = filled()) {
            log.truncateTo(5);
            assertThat(log.logEndOffset()).isEqualTo(4);
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, 4));
            log.truncateTo(0);
            assertThat(log.logEndOffset()).isZero();
            assertThat(log.logStartOffset()).isZero();
            assertThat(log.sizeInBytes()).isZero();
            assertThat(log.leaderEpochs().entries()).isEmpty();
            assertThat(log.appendAsLeader(batch(2, 20, 1L), 7).firstOffset()).isZero();
        }
    }

    @Test
    void truncateToASegmentBaseOffsetDropsThatSegment() {
        try (PartitionLog log = filled()) {
            List<Long> bases = log.segmentBaseOffsets();
            log.truncateTo(bases.get(2));
            assertThat(log.segmentBaseOffsets()).containsExactly(bases.get(0), bases.get(1));
            assertThat(log.logEndOffset()).isEqualTo(bases.get(2));
        }
    }

    @Test
    void truncateAtOrAboveTheEndChangesNothing() {
        try (PartitionLog log = filled()) {
            long size = log.sizeInBytes();
            log.truncateTo(120);
            log.truncateTo(500);
            assertThat(log.logEndOffset()).isEqualTo(120);
            assertThat(log.sizeInBytes()).isEqualTo(size);
        }
    }

    @Test
    void truncationCutsTheLeaderEpochCacheToo() {
        try (PartitionLog log = filled()) {
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 40),
                    new EpochEntry(3, 80));
            log.truncateTo(81);
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 40));
            assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 80));
            log.truncateTo(40);
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(1, 0));
            assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(1, 40));
        }
        // ... durably
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(1, 0));
            assertThat(log.logEndOffset()).isEqualTo(40);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, 40));
        }
    }

    @Test
    void truncationSurvivesReopen() {
        long end;
        try (PartitionLog log = filled()) {
            log.truncateTo(63);
            end = log.logEndOffset();
            log.appendAsLeader(batch(2, 20, 1L), 3);
        }
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            assertThat(log.logEndOffset()).isEqualTo(end + 2);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, end + 2));
            assertThat(log.batchesValidatedOnOpen()).isZero();
        }
    }

    @Test
    void truncateFullyAndStartAtEmptiesTheLogAndRestartsIt() {
        try (PartitionLog log = filled()) {
            List<Long> bases = log.segmentBaseOffsets();
            log.truncateFullyAndStartAt(1_000);
            assertThat(log.logStartOffset()).isEqualTo(1_000);
            assertThat(log.logEndOffset()).isEqualTo(1_000);
            assertThat(log.segmentBaseOffsets()).containsExactly(1_000L);
            assertThat(log.sizeInBytes()).isZero();
            assertThat(log.leaderEpochs().entries()).isEmpty();
            for (long base : bases) {
                assertThat(segmentFile(log.directory(), base)).doesNotExist();
            }
            assertThat(log.appendAsLeader(batch(3, 20, 1L), 9).firstOffset()).isEqualTo(1_000);
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(9, 1_000));
            // Truncating below the start offset restarts the log there.
            log.truncateTo(10);
            assertThat(log.logStartOffset()).isEqualTo(10);
            assertThat(log.logEndOffset()).isEqualTo(10);
            log.truncateFullyAndStartAt(0);
            assertThat(log.segmentBaseOffsets()).containsExactly(0L);
        }
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            assertThat(log.logStartOffset()).isZero();
            assertThat(log.logEndOffset()).isZero();
        }
    }
}
