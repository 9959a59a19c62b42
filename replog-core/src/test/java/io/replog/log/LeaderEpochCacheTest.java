package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.testsupport.LogCapture;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.leaderBatch;
import static org.assertj.core.api.Assertions.assertThat;

class LeaderEpochCacheTest {

    @TempDir
    Path tmp;

    private final AtomicLong logEnd = new AtomicLong(100);

    private LeaderEpochCache cache() {
        return LeaderEpochCache.load(LogFileSystem.nio(), tmp, TP, logEnd::get);
    }

    @Test
    void endOffsetForFollowsKip101And279() {
        LeaderEpochCache cache = cache();
        assertThat(cache.endOffsetFor(0)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(cache.latestEpoch()).isEqualTo(LeaderEpochCache.UNDEFINED_EPOCH);
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(5, 20);
        assertThat(cache.latestEpoch()).isEqualTo(5);
        // Known epochs end where the next begins; the latest ends at the log end offset.
        assertThat(cache.endOffsetFor(1)).isEqualTo(new EpochEndOffset(1, 10));
        assertThat(cache.endOffsetFor(3)).isEqualTo(new EpochEndOffset(3, 20));
        assertThat(cache.endOffsetFor(5)).isEqualTo(new EpochEndOffset(5, 100));
        // An unknown epoch in the middle answers for the largest known epoch below it.
        assertThat(cache.endOffsetFor(2)).isEqualTo(new EpochEndOffset(1, 10));
        assertThat(cache.endOffsetFor(4)).isEqualTo(new EpochEndOffset(3, 20));
        // Above the latest: the latest, ending at the log end offset.
        assertThat(cache.endOffsetFor(9)).isEqualTo(new EpochEndOffset(5, 100));
        // Below the earliest: undefined.
        assertThat(cache.endOffsetFor(0)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(cache.endOffsetFor(-1)).isEqualTo(EpochEndOffset.UNDEFINED);
        logEnd.set(150);
        assertThat(cache.endOffsetFor(5)).isEqualTo(new EpochEndOffset(5, 150));
    }

    @Test
    void staleAndRepeatedEpochsAreIgnored() {
        LeaderEpochCache cache = cache();
        assertThat(cache.assign(2, 5)).isTrue();
        assertThat(cache.assign(2, 9)).isFalse();
        assertThat(cache.assign(2, 1)).isFalse();
        assertThat(cache.assign(1, 20)).isFalse();
        assertThat(cache.assign(3, 30)).isTrue();
        assertThat(cache.entries()).containsExactly(new EpochEntry(2, 5), new EpochEntry(3, 30));
        // A newer epoch starting below existing entries replaces the conflicting ones.
        assertThat(cache.assign(4, 25)).isTrue();
        assertThat(cache.entries()).containsExactly(new EpochEntry(2, 5), new EpochEntry(4, 25));
    }

    @Test
    void truncateFromEndAndFromStart() {
        LeaderEpochCache cache = cache();
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 20);
        cache.assign(4, 30);
        cache.truncateFromEnd(21);
        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 10), new EpochEntry(3, 20));
        cache.truncateFromEnd(20);
        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 10));
        cache.assign(3, 20);
        cache.truncateFromStart(15);
        assertThat(cache.entries()).containsExactly(new EpochEntry(2, 15), new EpochEntry(3, 20));
        cache.truncateFromStart(20);
        assertThat(cache.entries()).containsExactly(new EpochEntry(3, 20));
        cache.truncateFromStart(5);
        assertThat(cache.entries()).containsExactly(new EpochEntry(3, 20));
    }

    @Test
    void checkpointRoundTrip() throws IOException {
        LeaderEpochCache cache = cache();
        cache.assign(0, 0);
        cache.assign(7, 1234);
        cache.assign(8, 3_000_000_000L);
        assertThat(Files.readString(tmp.resolve(LeaderEpochCache.FILE_NAME)))
                .isEqualTo("0\n3\n0 0\n7 1234\n8 3000000000\n");
        LeaderEpochCache reloaded = cache();
        assertThat(reloaded.needsRebuild()).isFalse();
        assertThat(reloaded.entries()).isEqualTo(cache.entries());
        assertThat(tmp.resolve(LeaderEpochCache.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void corruptCheckpointsAreReportedAndNeedARebuild() throws IOException {
        String[] corrupt = {"", "0\n", "1\n1\n0 0\n", "0\n2\n0 0\n", "0\n1\n0\n", "0\n1\nx y\n",
                "0\n2\n3 10\n2 20\n", "0\n2\n1 10\n2 5\n", "0\n1\n-1 0\n", "\u0000\u0001garbage", "\u00ff\u00fe\u00fd"};
        for (String content : corrupt) {
            Files.write(tmp.resolve(LeaderEpochCache.FILE_NAME), content.getBytes(StandardCharsets.ISO_8859_1));
            try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName())) {
                LeaderEpochCache cache = cache();
                assertThat(cache.needsRebuild()).as(content).isTrue();
                assertThat(cache.entries()).isEmpty();
                assertThat(capture.warnings()).anySatisfy(w -> assertThat(w)
                        .contains(tmp.resolve(LeaderEpochCache.FILE_NAME).toString()));
            }
        }
    }

    @Test
    void aLogWithACorruptOrMissingCheckpointRebuildsTheCacheFromItsBatches() throws IOException {
        ManualClock clock = new ManualClock();
        LogConfig config = LogConfig.builder().segmentBytes(300).build();
        try (PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
            log.appendAsFollower(leaderBatch(0, 1, 3, 1L));
            log.appendAsFollower(leaderBatch(3, 1, 3, 1L));
            log.appendAsFollower(leaderBatch(6, 4, 3, 1L));
            log.appendAsFollower(leaderBatch(9, 6, 3, 1L));
            log.appendAsFollower(leaderBatch(12, 6, 3, 1L));
            assertThat(log.segmentCount()).isGreaterThan(1);
        }
        Path checkpoint = tmp.resolve(TP.directoryName()).resolve(LeaderEpochCache.FILE_NAME);
        for (boolean delete : new boolean[]{false, true}) {
            if (delete) {
                Files.delete(checkpoint);
            } else {
                Files.writeString(checkpoint, "0\n7\nbroken");
            }
            try (LogCapture capture = new LogCapture(PartitionLog.class.getPackageName());
                 PartitionLog log = PartitionLog.open(tmp, TP, config, clock)) {
                assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(4, 6),
                        new EpochEntry(6, 9));
                assertThat(log.endOffsetForEpoch(5)).isEqualTo(new EpochEndOffset(4, 9));
                assertThat(log.endOffsetForEpoch(6)).isEqualTo(new EpochEndOffset(6, 15));
                if (!delete) {
                    assertThat(capture.warnings()).anySatisfy(w -> assertThat(w).contains(checkpoint.toString()));
                }
            }
            assertThat(Files.readString(checkpoint)).isEqualTo("0\n3\n1 0\n4 6\n6 9\n");
        }
    }

    @Test
    void leaderAppendsRecordEachNewEpochOnce() {
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.defaults(), new ManualClock())) {
            log.appendAsLeader(batch(2, 5, 1L), 0);
            log.appendAsLeader(batch(2, 5, 1L), 0);
            log.appendAsLeader(batch(2, 5, 1L), 3);
            assertThat(log.leaderEpochs().entries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(3, 4));
            assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 4));
            assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 6));
            assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(0, 4));
        }
    }
}
