package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.LogStorageException;
import io.replog.record.RecordBatchBuilder;
import io.replog.time.ManualClock;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.time.Duration;

/**
 * Drives a log on a {@link PowerLossFileSystem} through random appends, flushes, rolls,
 * truncations, retention, restarts at a new offset, checkpoint writes and clean reopens; after
 * every file-system step it takes the crash images a power loss could leave there, and after each
 * operation checks them all against what the log may hold ({@link CrashExpectation#during}). For
 * a sample of images it also crashes the recovery itself, at every step of it.
 */
final class PowerLossWorkload {
    static final TopicPartition TP = new TopicPartition("powerloss", 0);
    static final LogConfig CONFIG = LogConfig.builder().segmentBytes(1100).indexIntervalBytes(150)
            .retentionBytes(2600).build();

    /** A violation: what was wrong, the crash image, and the operation it was taken in. */
    record Violation(String problem, String operation, String image) {
    }

    private final Random random;
    private final Path root;
    private final CrashChecker checker;
    private final int randomImagesPerPrefix;
    private final int recoveryCrashEvery;
    private final ManualClock clock = new ManualClock(1_000_000L);
    private final List<Violation> violations = new ArrayList<>();
    private final List<CrashImage> captured = new ArrayList<>();
    private PowerLossFileSystem fs;
    private PartitionLog log;
    private TreeMap<Long, byte[]> batches = new TreeMap<>();
    private long start;
    private long end;
    private long promised;
    private int epoch;
    private int counter;
    private int recoveryImages;
    private LogStorageException failure;
    private CrashExpectation expectationAfterFailure;

    PowerLossWorkload(long seed, Path workDir, int randomImagesPerPrefix, int recoveryCrashEvery) {
        this.random = new Random(seed);
        this.root = workDir.resolve("live");
        this.checker = new CrashChecker(TP, CONFIG, workDir.resolve("scratch"));
        this.randomImagesPerPrefix = randomImagesPerPrefix;
        this.recoveryCrashEvery = recoveryCrashEvery;
    }

    /** Runs {@code operations} random operations; returns the violations (empty when the log kept its promises). */
    List<Violation> run(int operations) {
        fs = PowerLossFileSystem.over(root);
        fs.onStep(step -> captured.addAll(fs.crashImages(random, randomImagesPerPrefix)));
        log = PartitionLog.open(root, TP, CONFIG, clock, fs);
        try {
            for (int i = 0; i < operations; i++) {
                step();
            }
        } finally {
            log.close();
        }
        return violations;
    }

    /**
     * Runs random operations, arming {@code errno} on the next {@code fault} call after
     * {@code armAfter} operations, until that call fails an operation (or {@code maxOperations}).
     * Then checks the log is offline and refuses every further use, and checks every crash state
     * it leaves. Returns the violations; {@link #failure()} is the error the fault caused.
     */
    List<Violation> runWithFault(int armAfter, int maxOperations, PowerLossFileSystem.Operation fault,
                                 PowerLossFileSystem.Errno errno) {
        fs = PowerLossFileSystem.over(root);
        fs.onStep(step -> captured.addAll(fs.crashImages(random, randomImagesPerPrefix)));
        log = PartitionLog.open(root, TP, CONFIG, clock, fs);
        try {
            for (int i = 0; i < maxOperations && failure == null; i++) {
                if (i == armAfter) {
                    fs.failNext(fault, errno);
                }
                step();
            }
            if (failure != null) {
                furtherUseIsRefused();
                checkCaptured("after the failure", expectationAfterFailure);
                for (CrashImage image : fs.crashImages(random, randomImagesPerPrefix)) {
                    String problem = checker.check(image, expectationAfterFailure);
                    if (problem != null) {
                        violations.add(new Violation(problem, "power loss after the failure", image.toString()));
                    }
                }
            }
        } finally {
            log.close();
        }
        return violations;
    }

    /** The error the injected fault caused, or null if it never fired. */
    LogStorageException failure() {
        return failure;
    }

    private void furtherUseIsRefused() {
        List<Runnable> uses = List.of(() -> log.appendAsLeader(batch(1, 10), epoch), log::flush,
                () -> log.truncateTo(start), () -> log.checkpointHighWatermark(end), () -> log.applyRetention(end),
                () -> log.truncateFullyAndStartAt(end), () -> log.read(start, 1000, Long.MAX_VALUE, true));
        if (!log.isOffline()) {
            violations.add(new Violation("the log is not offline after " + failure, "-", "-"));
        }
        for (Runnable use : uses) {
            try {
                use.run();
                violations.add(new Violation("the offline log accepted a further operation", "-", "-"));
            } catch (LogStorageException expected) {
                if (expected.getCause() != failure) {
                    violations.add(new Violation("the refusal does not name the first failure: " + expected, "-", "-"));
                }
            } catch (IllegalStateException closedByTheFailedClose) {
                // The fault hit close(), which still released the files: a closed log refuses everything.
            } catch (RuntimeException other) {
                violations.add(new Violation("a further operation failed with " + other + " instead of the offline error",
                        "-", "-"));
            }
        }
    }

    /** Crash states opened (including those taken during recovery). */
    int crashStatesChecked() {
        return checker.checked() + recoveryImages;
    }

    private void step() {
        CrashExpectation before = expectation();
        int r = random.nextInt(100);
        // If the operation fails, the crash may show any state between before and what it attempted.
        long[] attempted = {Long.MAX_VALUE, Long.MIN_VALUE, promised};
        String op;
        try {
            if (r < 45 || r >= 90) {
                op = append(attempted);
            } else if (r < 57) {
                op = "flush";
                log.flush();
                if (log.recoveryPoint() != end) {
                    violations.add(new Violation("flush() left the recovery point at " + log.recoveryPoint()
                            + ", not the log end " + end, op, "-"));
                }
            } else if (r < 65) {
                long to = start + (end > start ? random.nextLong(end - start + 1) : 0);
                op = "truncateTo(" + to + ")";
                attempted[2] = Math.min(promised, to);
                log.truncateTo(to);
                end = log.logEndOffset();
                batches.tailMap(end, true).clear();
            } else if (r < 73) {
                clock.advance(Duration.ofMillis(10));
                op = "applyRetention";
                attempted[1] = end;
                log.applyRetention(end);
                start = log.logStartOffset();
                batches.headMap(start, false).clear();
            } else if (r < 78) {
                long to = random.nextInt(4) == 0 ? random.nextLong(Math.max(1, start + 1)) : end + random.nextInt(40);
                op = "truncateFullyAndStartAt(" + to + ")";
                attempted[0] = Math.min(start, to);
                attempted[1] = Math.max(end, to);
                attempted[2] = Math.min(promised, to);
                log.truncateFullyAndStartAt(to);
                batches.clear();
                start = to;
                end = to;
            } else if (r < 84) {
                op = "checkpointHighWatermark";
                log.checkpointHighWatermark(end);
            } else {
                op = "close and reopen";
                log.close();
                log = PartitionLog.open(root, TP, CONFIG, clock, fs);
                if (log.logEndOffset() != end || log.logStartOffset() != start) {
                    violations.add(new Violation("a clean reopen gave offsets " + log.logStartOffset() + ".."
                            + log.logEndOffset() + ", expected " + start + ".." + end, op, "-"));
                }
            }
        } catch (LogStorageException e) {
            failure = e;
            CrashExpectation widened = new CrashExpectation(batches, Math.min(start, attempted[0]),
                    Math.max(start, attempted[1]), Math.min(promised, attempted[2]));
            checkCaptured("failed operation", CrashExpectation.during(before, widened, Long.MAX_VALUE,
                    Long.MIN_VALUE));
            expectationAfterFailure = widened;
            return;
        }
        promised = log.recoveryPoint();
        CrashExpectation during = CrashExpectation.during(before, expectation(), attempted[0],
                attempted[0] == Long.MAX_VALUE ? Long.MIN_VALUE : attempted[1]);
        checkCaptured(op, during);
    }

    private String append(long[] attempted) {
        if (random.nextInt(10) == 0) {
            epoch++;
        }
        int records = 1 + random.nextInt(5);
        ByteBuffer batch = batch(records, 20 + random.nextInt(60));
        try {
            LogAppendInfo info = log.appendAsLeader(batch, epoch);
            batches.put(info.firstOffset(), CrashChecker.bytesOf(batch));
            end = info.lastOffset() + 1;
            return "appendAsLeader(" + records + " records, epoch " + epoch + ") at " + info.firstOffset();
        } catch (LogStorageException e) {
            // Stamped in place before the write failed: these bytes may be on disk.
            batches.put(end, CrashChecker.bytesOf(batch));
            throw e;
        }
    }

    private ByteBuffer batch(int records, int valueSize) {
        RecordBatchBuilder b = new RecordBatchBuilder(64 + records * (valueSize + 24));
        b.reset(0L);
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueSize];
            byte[] tag = ("value-" + counter++).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(tag, 0, value, 0, Math.min(tag.length, valueSize));
            b.append(clock.millis(), null, value);
        }
        return b.buildCopy();
    }

    private CrashExpectation expectation() {
        return new CrashExpectation(batches, start, start, promised);
    }

    private void checkCaptured(String op, CrashExpectation expected) {
        List<CrashImage> images = new ArrayList<>(captured);
        captured.clear();
        for (int i = 0; i < images.size(); i++) {
            CrashImage image = images.get(i);
            String problem = checker.check(image, expected);
            if (problem != null) {
                violations.add(new Violation(problem, op, image.toString()));
            } else if (recoveryCrashEvery > 0 && i % recoveryCrashEvery == 0) {
                crashDuringRecovery(op, image, expected);
            }
        }
    }

    /** Opens {@code image} on a tracking file system and checks a crash at every step of that recovery. */
    private void crashDuringRecovery(String op, CrashImage image, CrashExpectation expected) {
        Path dir = root.resolveSibling("recovering");
        image.writeTo(dir);
        try {
            PowerLossFileSystem recoveryFs = PowerLossFileSystem.over(dir);
            List<CrashImage> inRecovery = new ArrayList<>();
            recoveryFs.onStep(step -> inRecovery.addAll(recoveryFs.crashImages(random, 1)));
            try {
                PartitionLog.open(dir, TP, CONFIG, clock, recoveryFs).close();
            } catch (LogStorageException e) {
                violations.add(new Violation("recovery failed: " + e, op, image.toString()));
                return;
            }
            for (CrashImage nested : inRecovery) {
                recoveryImages++;
                String problem = checker.check(nested, expected);
                if (problem != null) {
                    violations.add(new Violation("after a crash during recovery: " + problem, op,
                            image + " then " + nested));
                }
            }
        } finally {
            CrashChecker.deleteTree(dir);
        }
    }
}
