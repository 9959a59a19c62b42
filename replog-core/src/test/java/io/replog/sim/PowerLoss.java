package io.replog.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What a power loss leaves of a crashed broker's log directory: every byte the log made
 * durable, and of the rest (the page cache's share) a random prefix. "Durable" is what the log
 * itself reports as fsynced: its recovery-point checkpoint, below which every batch was fsynced
 * (segments are fsynced when rolled, and the checkpoint is written after the fsync). Each
 * partition's unflushed tail is cut at a random byte past that point, often inside a batch, so
 * recovery meets torn batches; checkpoint files are replaced atomically after an fsync and are
 * kept as they are.
 *
 * <p>This is the only place the simulation decides what a power loss keeps; a file layer that
 * tracks durability itself can replace it behind {@link SimCluster#powerLoss}.
 */
final class PowerLoss {
    private static final String RECOVERY_POINT_FILE = "recovery-point-offset-checkpoint";
    private static final int BATCH_HEADER_PREFIX = 12; // base offset (8) + batch length (4)

    private PowerLoss() {
    }

    /** Cuts every partition directory under {@code brokerDir}; returns what was cut, for the trace. */
    static List<String> cutUnflushedTails(Path brokerDir, Random random) {
        List<String> cuts = new ArrayList<>();
        if (!Files.isDirectory(brokerDir)) {
            return cuts;
        }
        for (Path partitionDir : list(brokerDir)) {
            if (Files.isDirectory(partitionDir)) {
                String cut = cutPartition(partitionDir, random);
                if (cut != null) {
                    cuts.add(cut);
                }
            }
        }
        return cuts;
    }

    private static String cutPartition(Path dir, Random random) {
        long recoveryPoint = readRecoveryPoint(dir);
        List<Path> segments = list(dir).stream().filter(p -> p.getFileName().toString().endsWith(".log"))
                .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        if (segments.isEmpty()) {
            return null;
        }
        // The last segment starting at or below the recovery point holds its boundary; any
        // segment after it was never fsynced (a roll fsyncs the old segment and moves the point).
        int boundary = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (baseOffset(segments.get(i)) <= recoveryPoint) {
                boundary = i;
            }
        }
        try {
            Path segment = segments.get(boundary);
            long size = Files.size(segment);
            long durable = positionOf(segment, recoveryPoint);
            long keep = durable + (size > durable ? (long) (random.nextDouble() * (size - durable + 1)) : 0);
            keep = Math.min(keep, size);
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.truncate(keep);
            }
            for (Path later : segments.subList(boundary + 1, segments.size())) {
                Files.deleteIfExists(later);
                Files.deleteIfExists(later.resolveSibling(later.getFileName().toString().replace(".log", ".index")));
            }
            return dir.getFileName() + ": recovery point " + recoveryPoint + ", kept " + keep + " of " + size
                    + " bytes of " + segment.getFileName() + (segments.size() > boundary + 1
                    ? ", dropped " + (segments.size() - boundary - 1) + " later segment(s)" : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file position of the first batch at or after {@code offset} (the file's end if none). */
    private static long positionOf(Path segment, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = ch.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(BATCH_HEADER_PREFIX);
            while (position + BATCH_HEADER_PREFIX <= size) {
                header.clear();
                ch.read(header, position);
                long baseOffset = header.getLong(0);
                int length = header.getInt(8);
                if (baseOffset >= offset || length <= 0) {
                    return position;
                }
                position += BATCH_HEADER_PREFIX + length;
            }
            return Math.min(position, size);
        }
    }

    private static long readRecoveryPoint(Path dir) {
        Path file = dir.resolve(RECOVERY_POINT_FILE);
        try {
            if (!Files.exists(file)) {
                return 0L;
            }
            List<String> lines = Files.readAllLines(file);
            return lines.size() >= 3 ? Long.parseLong(lines.get(2).trim()) : 0L;
        } catch (IOException | NumberFormatException e) {
            return 0L;
        }
    }

    private static long baseOffset(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring(0, 20));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes everything under {@code brokerDir}, as a replaced disk would be. */
    static void wipe(Path brokerDir) {
        if (!Files.exists(brokerDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(brokerDir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
