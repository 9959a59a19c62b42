package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.time.ManualClock;
import io.replog.topic.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Opens a log on a crash image and checks what a storage engine must guarantee after a power
 * loss: the open succeeds; every batch between the log start and end reads back without error,
 * contiguously (no hole below the log end) and byte for byte as written; the log ends at or above
 * what was promised durable, and at or above the recovery point the image had checkpointed; the
 * leader-epoch cache matches the batches' epochs.
 */
final class CrashChecker {
    private final TopicPartition tp;
    private final LogConfig config;
    private final Path scratch;
    private int checked;

    CrashChecker(TopicPartition tp, LogConfig config, Path scratch) {
        this.tp = tp;
        this.config = config;
        this.scratch = scratch;
    }

    /** Crash states opened so far. */
    int checked() {
        return checked;
    }

    /** Materializes {@code image} in a fresh directory, checks it, and removes it; returns the violation or null. */
    String check(CrashImage image, CrashExpectation expected) {
        Path root = scratch.resolve("crash-" + checked++);
        image.writeTo(root);
        try {
            return checkOpen(root, readRecoveryPoint(image), expected, LogFileSystem.nio());
        } finally {
            deleteTree(root);
        }
    }

    /** Checks the log under {@code root}, opened through {@code fs}. */
    String checkOpen(Path root, long storedRecoveryPoint, CrashExpectation expected, LogFileSystem fs) {
        try (PartitionLog log = PartitionLog.open(root, tp, config, new ManualClock(0), fs)) {
            return problem(log, storedRecoveryPoint, expected);
        } catch (RuntimeException e) {
            return "open or read failed: " + e;
        }
    }

    private static String problem(PartitionLog log, long storedRecoveryPoint, CrashExpectation expected) {
        long start = log.logStartOffset();
        long end = log.logEndOffset();
        if (start < expected.minStart() || start > expected.maxStart()) {
            return "log start " + start + " outside [" + expected.minStart() + ", " + expected.maxStart() + "]";
        }
        if (end < expected.promisedEnd()) {
            return "log end " + end + " is below " + expected.promisedEnd() + ", which was promised durable";
        }
        if (storedRecoveryPoint > end) {
            return "the checkpointed recovery point " + storedRecoveryPoint + " is above the recovered log end " + end
                    + ": it covered bytes the disk did not hold";
        }
        List<EpochEntry> derived = new ArrayList<>();
        long next = start;
        while (next < end) {
            LogSlice slice = log.read(next, Integer.MAX_VALUE, end, true);
            if (slice.isEmpty()) {
                return "read at " + next + " returned nothing below the log end " + end + " (a hole)";
            }
            for (RecordBatch batch : RecordBatches.in(slice.readFully())) {
                if (batch.baseOffset() != next) {
                    return "batch at " + batch.baseOffset() + " follows offset " + (next - 1) + " (a hole or overlap)";
                }
                byte[] bytes = new byte[batch.sizeInBytes()];
                batch.slice().get(bytes);
                String p = expected.batchProblem(batch.baseOffset(), bytes);
                if (p != null) {
                    return p;
                }
                int epoch = batch.partitionLeaderEpoch();
                if (derived.isEmpty() || epoch > derived.get(derived.size() - 1).epoch()) {
                    derived.add(new EpochEntry(epoch, batch.baseOffset()));
                }
                next = batch.lastOffset() + 1;
            }
        }
        if (next != end) {
            return "batches end at " + next + " but the log end offset is " + end;
        }
        List<EpochEntry> cached = log.leaderEpochs().entries();
        if (!cached.equals(derived)) {
            return "leader epoch cache " + cached + " does not match the batches' epochs " + derived;
        }
        return null;
    }

    /** The recovery point a crash image holds, 0 if none (as the log reads it). */
    static long readRecoveryPoint(CrashImage image) {
        for (Map<String, byte[]> files : image.directories().values()) {
            byte[] content = files.get(PartitionLog.RECOVERY_POINT_FILE);
            if (content != null) {
                String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
                try {
                    return lines.length == 3 ? Long.parseLong(lines[2].trim()) : 0L;
                } catch (NumberFormatException e) {
                    return 0L;
                }
            }
        }
        return 0L;
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
