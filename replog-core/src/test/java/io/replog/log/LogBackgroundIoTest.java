package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.segmentFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The slow file work of a log on its I/O executor: a roll returns before the old segment is
 * fsynced and the recovery point passes it only once that fsync ran; retention's unlinks and
 * directory fsync run on the executor's thread, not the writer's.
 */
class LogBackgroundIoTest {
    private static final String FIRST_SEGMENT = "00000000000000000000.log";

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();
    private final int batchSize = batch(1, 50, 1L).remaining();
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());

    private PartitionLog openQueued(PowerLossFileSystem fs) {
        fs.onStep(step -> steps.add(step + " @" + Thread.currentThread().getName()));
        return PartitionLog.open(tmp, TP, LogConfig.builder().segmentBytes(batchSize * 3).build(), clock, fs,
                queued::add);
    }

    @Test
    void aRollReturnsBeforeTheOldSegmentIsFsyncedAndTheRecoveryPointMovesOnlyOnceItIs() {
        PowerLossFileSystem fs = PowerLossFileSystem.over(tmp);
        try (PartitionLog log = openQueued(fs)) {
            for (int i = 0; i < 3; i++) {
                log.appendAsLeader(batch(1, 50, 1L), 0);
            }
            steps.clear();
            log.appendAsLeader(batch(1, 50, 1L), 0);

            assertThat(log.segmentBaseOffsets()).as("the append rolled").containsExactly(0L, 3L);
            assertThat(steps).as("no fsync of the rolled segment during the append")
                    .noneMatch(s -> s.startsWith("fsync " + FIRST_SEGMENT));
            assertThat(log.recoveryPoint()).as("nothing claimed durable yet").isZero();
            assertThat(queued).as("the seal waits on the executor").hasSize(1);

            queued.poll().run();

            assertThat(steps).as("the seal fsynced the rolled segment").anyMatch(s -> s.startsWith("fsync " + FIRST_SEGMENT));
            assertThat(log.recoveryPoint()).as("and only then the recovery point passed it").isEqualTo(3);
            assertThat(new OffsetCheckpoint(fs, log.directory().resolve(PartitionLog.RECOVERY_POINT_FILE),
                    "recovery point").read()).as("checkpointed").contains(3L);
        }
    }

    @Test
    void aFlushBeforeTheSealRanFsyncsTheRolledSegmentTooAndALateSealDoesNotMoveTheRecoveryPointBack() {
        PowerLossFileSystem fs = PowerLossFileSystem.over(tmp);
        try (PartitionLog log = openQueued(fs)) {
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(batch(1, 50, 1L), 0);
            }
            steps.clear();
            log.flush();
            assertThat(steps).as("flush fsynced the rolled segment whose seal is pending")
                    .anyMatch(s -> s.startsWith("fsync " + FIRST_SEGMENT));
            assertThat(log.recoveryPoint()).isEqualTo(4);

            queued.poll().run();
            assertThat(log.recoveryPoint()).isEqualTo(4);
        }
    }

    @Test
    void aSealThatFinishesAfterTheLogClosedChangesNothing() {
        PowerLossFileSystem fs = PowerLossFileSystem.over(tmp);
        PartitionLog log = openQueued(fs);
        for (int i = 0; i < 4; i++) {
            log.appendAsLeader(batch(1, 50, 1L), 0);
        }
        log.close();
        assertThat(log.recoveryPoint()).isEqualTo(4);
        queued.poll().run();
        assertThat(log.isOffline()).as("a closed channel is not an I/O error of an open log").isFalse();
    }

    @Test
    void retentionDeletesOnTheIoThreadNotTheWritersAndTheSealsRunThereToo() throws Exception {
        PowerLossFileSystem fs = PowerLossFileSystem.over(tmp);
        fs.onStep(step -> steps.add(step + " @" + Thread.currentThread().getName()));
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "replog-log-io-test"));
        try (PartitionLog log = PartitionLog.open(tmp, TP, LogConfig.builder().segmentBytes(batchSize * 3)
                .retentionBytes(batchSize * 4L).build(), clock, fs, io)) {
            for (int i = 0; i < 7; i++) {
                log.appendAsLeader(batch(1, 50, 1L), 0);
            }
            await("both seals ran and moved the recovery point").atMost(Duration.ofSeconds(10))
                    .until(log::recoveryPoint, rp -> rp == 6);
            String writer = Thread.currentThread().getName();
            assertThat(new ArrayList<>(steps)).filteredOn(s -> s.startsWith("fsync " + FIRST_SEGMENT))
                    .as("the rolled segment's seal fsynced it on the I/O thread").isNotEmpty()
                    .allMatch(s -> s.endsWith("@replog-log-io-test"));
            steps.clear();

            assertThat(log.applyRetention(log.logEndOffset())).isEqualTo(2);
            assertThat(log.logStartOffset()).isEqualTo(6);
            assertThat(segmentFile(log.directory(), 0)).as("renamed before applyRetention returned").doesNotExist();

            await("the deleted segment's files are unlinked").atMost(Duration.ofSeconds(10))
                    .until(() -> steps.stream().anyMatch(s -> s.startsWith("unlink " + FIRST_SEGMENT + ".deleted")));
            await("and the directory fsynced after the unlink").atMost(Duration.ofSeconds(10))
                    .until(() -> lastIndexOf("fsync dir", "@replog-log-io-test") > lastIndexOf("unlink ", ""));
            synchronized (steps) {
                // (The leader epoch checkpoint, rewritten for the new log start, fsyncs the directory on the writer.)
                assertThat(steps).filteredOn(s -> s.startsWith("unlink "))
                        .as("retention's unlinks ran on the I/O thread")
                        .isNotEmpty().allMatch(s -> s.endsWith("@replog-log-io-test"));
                assertThat(steps).filteredOn(s -> s.startsWith("rename " + FIRST_SEGMENT))
                        .as("the rename, which frees the name, on the writer").isNotEmpty()
                        .allMatch(s -> s.endsWith("@" + writer));
            }
        } finally {
            io.shutdown();
            assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private int lastIndexOf(String prefix, String suffix) {
        synchronized (steps) {
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i).startsWith(prefix) && steps.get(i).endsWith(suffix)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
