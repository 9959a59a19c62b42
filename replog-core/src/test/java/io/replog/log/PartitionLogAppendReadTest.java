package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.FencedLeaderEpochException;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.errors.RecordTooLargeException;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.testsupport.LogCapture;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.bytes;
import static io.replog.log.LogTestSupport.concat;
import static io.replog.log.LogTestSupport.leaderBatch;
import static io.replog.log.LogTestSupport.range;
import static io.replog.log.LogTestSupport.readAllOffsets;
import static io.replog.log.LogTestSupport.segmentFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogAppendReadTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();

    private PartitionLog open(LogConfig config) {
        return PartitionLog.open(tmp, TP, config, clock);
    }

    @Test
    void leaderAppendAssignsOffsetsAndEpochInPlaceAndReportsWhatItWrote() {
        try (PartitionLog log = open(LogConfig.defaults())) {
            ByteBuffer first = batch(3, 10, 1_000L);
            LogAppendInfo a = log.appendAsLeader(first, 5);
            assertThat(a).isEqualTo(new LogAppendInfo(0, 2, 1_000L, 3, 1, first.remaining()));
            assertThat(first.position()).isZero();
            RecordBatch stamped = RecordBatch.wrap(first, 0);
            assertThat(stamped.baseOffset()).isZero();
            assertThat(stamped.partitionLeaderEpoch()).isEqualTo(5);
            assertThat(stamped.isChecksumValid()).isTrue();

            ByteBuffer two = concat(batch(2, 10, 2_000L), batch(4, 10, 1_500L));
            LogAppendInfo b = log.appendAsLeader(two, 5);
            assertThat(b).isEqualTo(new LogAppendInfo(3, 8, 2_000L, 6, 2, two.remaining()));
            assertThat(log.logEndOffset()).isEqualTo(9);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, 9));
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(5, 0));
        }
    }

    @Test
    void readsReturnFilePositionsOfWholeBatchesAcrossSegments() throws Exception {
        LogConfig config = LogConfig.builder().segmentBytes(1024).indexIntervalBytes(200).build();
        List<long[]> batches = new ArrayList<>(); // base, last
        try (PartitionLog log = open(config)) {
            for (int i = 0; i < 60; i++) {
                LogAppendInfo info = log.appendAsLeader(batch(1 + i % 4, 20, 1_000L + i), 1);
                batches.add(new long[]{info.firstOffset(), info.lastOffset()});
            }
            assertThat(log.segmentCount()).isGreaterThan(3);
            long end = log.logEndOffset();
            assertThat(readAllOffsets(log)).isEqualTo(range(0, end));

            // Every offset reads back from the batch that holds it, as a region of that segment's file.
            for (long offset = 0; offset < end; offset++) {
                LogSlice slice = log.read(offset, 300, Long.MAX_VALUE, false);
                assertThat(slice.isEmpty()).isFalse();
                long segmentBase = log.segmentBaseOffsets().stream().filter(b -> b <= slice.firstBatchBaseOffset())
                        .reduce((x, y) -> y).orElseThrow();
                byte[] file = bytes(segmentFile(log.directory(), segmentBase));
                assertThat(slice.position() + slice.length()).isLessThanOrEqualTo(file.length);
                ByteBuffer read = slice.readFully();
                assertThat(read.array()).isEqualTo(Arrays.copyOfRange(file, (int) slice.position(),
                        (int) slice.position() + slice.length()));
                assertThat(slice.length()).isLessThanOrEqualTo(300);
                List<RecordBatch> got = new ArrayList<>();
                RecordBatches.in(read).forEach(got::add);
                assertThat(got).isNotEmpty();
                assertThat(got.stream().mapToInt(RecordBatch::sizeInBytes).sum()).isEqualTo(slice.length());
                assertThat(got.get(0).baseOffset()).isLessThanOrEqualTo(offset);
                assertThat(got.get(0).lastOffset()).isGreaterThanOrEqualTo(offset);
                assertThat(slice.firstBatchBaseOffset()).isEqualTo(got.get(0).baseOffset());
                assertThat(slice.nextOffset()).isEqualTo(got.get(got.size() - 1).nextOffset());
            }
        }
    }

    @Test
    void aReadNeverSpansSegmentsAndTheNextReadContinuesInTheNextSegment() {
        LogConfig config = LogConfig.builder().segmentBytes(500).build();
        try (PartitionLog log = open(config)) {
            for (int i = 0; i < 20; i++) {
                log.appendAsLeader(batch(2, 30, 1L), 0);
            }
            List<Long> bases = log.segmentBaseOffsets();
            assertThat(bases.size()).isGreaterThan(2);
            LogSlice slice = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false);
            assertThat(slice.nextOffset()).isEqualTo(bases.get(1));
            LogSlice next = log.read(slice.nextOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, false);
            assertThat(next.firstBatchBaseOffset()).isEqualTo(bases.get(1));
            assertThat(next.position()).isZero();
        }
    }

    @Test
    void maxOffsetExclusiveIsNeverExceededEvenWithMinOneBatch() {
        try (PartitionLog log = open(LogConfig.defaults())) {
            log.appendAsLeader(batch(5, 10, 1L), 0); // 0..4
            log.appendAsLeader(batch(5, 10, 1L), 0); // 5..9
            log.appendAsLeader(batch(5, 10, 1L), 0); // 10..14

            assertThat(offsetsIn(log.read(0, 1 << 20, 10, false))).isEqualTo(range(0, 10));
            // High watermark inside the second batch: that batch is not committed as a whole.
            assertThat(offsetsIn(log.read(0, 1 << 20, 7, false))).isEqualTo(range(0, 5));
            assertThat(log.read(5, 1 << 20, 7, true).isEmpty()).isTrue();
            assertThat(log.read(5, 1 << 20, 7, true).nextOffset()).isEqualTo(5);
            assertThat(log.read(3, 1 << 20, 3, true).isEmpty()).isTrue();
            assertThat(log.read(0, 1 << 20, 0, true).isEmpty()).isTrue();
            // At the log end offset: nothing yet, not an error.
            assertThat(log.read(15, 1 << 20, Long.MAX_VALUE, true).isEmpty()).isTrue();
        }
    }

    @Test
    void maxBytesLimitsTheSliceToWholeBatchesAndMinOneBatchReturnsALargeFirstBatch() {
        try (PartitionLog log = open(LogConfig.defaults())) {
            int size = log.appendAsLeader(batch(1, 100, 1L), 0).sizeInBytes();
            log.appendAsLeader(batch(1, 100, 1L), 0);
            log.appendAsLeader(batch(1, 100, 1L), 0);

            assertThat(log.read(0, size * 2 + size / 2, Long.MAX_VALUE, false).length()).isEqualTo(size * 2);
            assertThat(log.read(0, size - 1, Long.MAX_VALUE, false).isEmpty()).isTrue();
            LogSlice one = log.read(0, size - 1, Long.MAX_VALUE, true);
            assertThat(one.length()).isEqualTo(size);
            assertThat(offsetsIn(one)).containsExactly(0L);
            assertThat(log.read(1, 0, Long.MAX_VALUE, true).length()).isEqualTo(size);
        }
    }

    @Test
    void readsOutsideTheLogNameTheRange() {
        try (PartitionLog log = open(LogConfig.defaults())) {
            log.appendAsLeader(batch(4, 10, 1L), 0);
            assertThatThrownBy(() -> log.read(5, 100, Long.MAX_VALUE, true))
                    .isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("Offset 5")
                    .hasMessageContaining("from 0")
                    .hasMessageContaining("to 4")
                    .hasMessageContaining(TP.toString());
            log.truncateFullyAndStartAt(100);
            assertThatThrownBy(() -> log.read(99, 100, Long.MAX_VALUE, true))
                    .isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("from 100");
            assertThatThrownBy(() -> log.read(100, -1, Long.MAX_VALUE, true)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sliceTransfersToAChannel() {
        try (PartitionLog log = open(LogConfig.defaults())) {
            ByteBuffer b = batch(3, 50, 1L);
            log.appendAsLeader(b, 2);
            LogSlice slice = log.read(0, 1 << 20, Long.MAX_VALUE, false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(slice.transferTo(Channels.newChannel(out))).isEqualTo(b.remaining());
            assertThat(out.toByteArray()).isEqualTo(b.array());
            assertThat(LogSlice.empty(3).readFully().remaining()).isZero();
        }
    }

    @Test
    void badLeaderInputIsRejectedAndNothingIsWritten() {
        try (PartitionLog log = open(LogConfig.builder().maxMessageBytes(200).build())) {
            ByteBuffer corrupt = batch(2, 10, 1L);
            corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
            assertThatThrownBy(() -> log.appendAsLeader(corrupt, 0)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("CRC");
            assertThatThrownBy(() -> log.appendAsLeader(batch(1, 300, 1L), 0))
                    .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("200");
            log.appendAsLeader(batch(1, 10, 1L), 3);
            assertThatThrownBy(() -> log.appendAsLeader(batch(1, 10, 1L), 2))
                    .isInstanceOf(FencedLeaderEpochException.class).hasMessageContaining("epoch 3");
            assertThat(log.logEndOffset()).isEqualTo(1);
            assertThat(log.sizeInBytes()).isEqualTo(batch(1, 10, 1L).remaining());
            assertThat(log.appendAsLeader(ByteBuffer.allocate(0), 3)).isEqualTo(LogAppendInfo.empty(1));
        }
    }

    @Test
    void followerAppendKeepsTheLeadersBytesAndLearnsEpochs() {
        try (PartitionLog log = open(LogConfig.defaults())) {
            ByteBuffer fetched = concat(leaderBatch(0, 1, 3, 10L), leaderBatch(3, 1, 2, 11L), leaderBatch(5, 4, 2, 12L));
            byte[] original = fetched.array().clone();
            LogAppendInfo info = log.appendAsFollower(fetched);
            assertThat(info).isEqualTo(new LogAppendInfo(0, 6, 12L, 7, 3, original.length));
            assertThat(log.read(0, 1 << 20, Long.MAX_VALUE, false).readFully().array()).isEqualTo(original);
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(4, 5));

            // The leader's offsets may jump ahead; they are kept as they are.
            log.appendAsFollower(leaderBatch(10, 4, 1, 13L));
            assertThat(log.logEndOffset()).isEqualTo(11);
            assertThat(readAllOffsets(log)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 10L);
            assertThat(offsetsIn(log.read(8, 1 << 20, Long.MAX_VALUE, false))).containsExactly(10L);
        }
    }

    @Test
    void followerAppendBelowTheLogEndOffsetIsRejectedPrecisely() {
        try (PartitionLog log = open(LogConfig.defaults())) {
            log.appendAsFollower(leaderBatch(0, 1, 5, 10L));
            assertThatThrownBy(() -> log.appendAsFollower(leaderBatch(3, 1, 5, 10L)))
                    .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class, e -> {
                        assertThat(e.firstOffset()).isEqualTo(3);
                        assertThat(e.logEndOffset()).isEqualTo(5);
                    })
                    .hasMessageContaining("first offset 3 is below the log end offset 5");
            assertThatThrownBy(() -> log.appendAsFollower(concat(leaderBatch(5, 1, 2, 1L), leaderBatch(6, 1, 2, 1L))))
                    .isInstanceOf(CorruptRecordException.class);
            assertThat(log.logEndOffset()).isEqualTo(5);
        }
    }

    @Test
    void logReopensWithTheSameContent() {
        LogConfig config = LogConfig.builder().segmentBytes(700).build();
        long end;
        try (PartitionLog log = open(config)) {
            for (int i = 0; i < 30; i++) {
                log.appendAsLeader(batch(3, 20, 1L), i / 10);
            }
            end = log.logEndOffset();
        }
        try (PartitionLog log = open(config)) {
            assertThat(log.logEndOffset()).isEqualTo(end);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, end));
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(1, 30),
                    new EpochEntry(2, 60));
            log.appendAsLeader(batch(1, 20, 1L), 2);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, end + 1));
        }
    }

    static List<Long> offsetsIn(LogSlice slice) {
        List<Long> out = new ArrayList<>();
        if (slice.isEmpty()) {
            return out;
        }
        for (RecordBatch b : RecordBatches.in(slice.readFully())) {
            for (Record r : b) {
                out.add(r.offset());
            }
        }
        return out;
    }

    /** A follower append of many batches writes all their index entries, and a reopen trusts them. */
    @Test
    void anAppendOfManyBatchesIndexesThemAllAndTheIndexSurvivesAReopen() throws Exception {
        LogConfig config = LogConfig.builder().indexIntervalBytes(100).build();
        List<ByteBuffer> batches = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batches.add(leaderBatch(i * 5L, 1, 5, 1_000L));
        }
        ByteBuffer all = concat(batches.toArray(new ByteBuffer[0]));
        int entries;
        try (PartitionLog log = open(config)) {
            log.appendAsFollower(all);
            entries = log.activeSegmentIndexEntryCount();
            assertThat(entries).isGreaterThan(64);
            assertThat(bytes(LogTestSupport.indexFile(tmp.resolve(TP.directoryName()), 0))).hasSize(entries * 8);
            assertThat(readAllOffsets(log)).isEqualTo(range(0, 500));
        }
        try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName()); PartitionLog log = open(config)) {
            assertThat(log.activeSegmentIndexEntryCount()).isEqualTo(entries);
            assertThat(capture.warnings()).isEmpty();
            assertThat(capture.infos()).noneMatch(m -> m.contains("rebuilding"));
            assertThat(log.read(333, 1 << 20, Long.MAX_VALUE, false).firstBatchBaseOffset()).isEqualTo(330);
        }
    }
}
