package io.replog.internal.replica;

import io.replog.errors.LogStorageException;
import io.replog.log.AtomicFiles;
import io.replog.log.LogFileSystem;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The high watermarks of every replica in one log directory, in one file (Kafka's
 * {@code replication-offset-checkpoint}: a version line, a count line, then
 * {@code <topic> <partition> <offset>} per replica), replaced atomically: temporary file, fsync,
 * rename, directory fsync. The event loop only takes a snapshot; the file is written on
 * {@code io}, so a broker with many partitions pays a few fsyncs per interval, on another thread,
 * not two per partition on the thread that serves followers. Snapshots handed over while a write
 * is pending replace the pending one, and an older snapshot never overwrites a newer file. The
 * file is read and written through the broker's {@link LogFileSystem}, like the logs beside it.
 */
final class HighWatermarkCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(HighWatermarkCheckpoints.class);
    static final String FILE_NAME = "replication-offset-checkpoint";
    private static final String VERSION = "0";
    /** About 30 bytes a replica: far above any real broker's file, far below a memory problem. */
    private static final long MAX_BYTES = 256L << 20;

    private record Snapshot(long sequence, Map<TopicPartition, Long> highWatermarks) {
    }

    private final int brokerId;
    private final Path file;
    private final Executor io;
    private final LogFileSystem fs;
    private final AtomicReference<Snapshot> pending = new AtomicReference<>();
    private final AtomicLong sequence = new AtomicLong();
    private long written = -1; // guarded by this

    HighWatermarkCheckpoints(int brokerId, Path logDir, Executor io, LogFileSystem fs) {
        this.brokerId = brokerId;
        this.file = logDir.resolve(FILE_NAME);
        this.io = io;
        this.fs = fs;
    }

    /**
     * The stored high watermarks; empty if there is no file. A malformed file is logged at WARN
     * (path, line, expected layout) and read as empty: the logs then fall back to their own,
     * older checkpoints, which only ever makes a high watermark lower.
     */
    Map<TopicPartition, Long> read() {
        Optional<List<String>> content = AtomicFiles.readLines(fs, file, MAX_BYTES);
        if (content.isEmpty()) {
            return Map.of();
        }
        try {
            return parse(content.get());
        } catch (IllegalArgumentException e) {
            LOG.warn("[broker {}] Ignoring malformed {}: {} (expected '0', a count, then '<topic> <partition> "
                    + "<offset>' lines)", brokerId, file, e.getMessage());
            return Map.of();
        }
    }

    static Map<TopicPartition, Long> parse(List<String> lines) {
        if (lines.size() < 2 || !lines.get(0).trim().equals(VERSION)) {
            throw new IllegalArgumentException("line 1 must be the version 0, was " + (lines.isEmpty() ? "missing"
                    : "'" + lines.get(0) + "'"));
        }
        int count;
        try {
            count = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line 2 must be the entry count, was '" + lines.get(1) + "'");
        }
        if (count != lines.size() - 2) {
            throw new IllegalArgumentException("line 2 promises " + count + " entries, the file has " + (lines.size() - 2));
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        for (int i = 2; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split(" ");
            try {
                long offset = Long.parseLong(parts[2]);
                if (parts.length != 3 || offset < 0) {
                    throw new NumberFormatException();
                }
                out.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), offset);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " must be '<topic> <partition> <offset>' with "
                        + "a non-negative offset, was '" + lines.get(i) + "'");
            }
        }
        return out;
    }

    /** Hands a snapshot to the writer thread; returns at once. */
    void writeInBackground(Map<TopicPartition, Long> highWatermarks) {
        Snapshot snapshot = new Snapshot(sequence.incrementAndGet(), highWatermarks);
        if (pending.getAndSet(snapshot) == null) {
            io.execute(() -> {
                Snapshot next = pending.getAndSet(null);
                if (next != null) {
                    writeQuietly(next);
                }
            });
        }
    }

    /** Writes a snapshot now, on the calling thread (a clean shutdown). */
    void writeNow(Map<TopicPartition, Long> highWatermarks) {
        pending.set(null);
        write(new Snapshot(sequence.incrementAndGet(), highWatermarks));
    }

    private void writeQuietly(Snapshot snapshot) {
        try {
            write(snapshot);
        } catch (LogStorageException e) {
            LOG.error("[broker {}] cannot checkpoint the high watermarks: {}", brokerId, e.getMessage());
        }
    }

    private synchronized void write(Snapshot snapshot) {
        if (snapshot.sequence() <= written) {
            return;
        }
        StringBuilder text = new StringBuilder(VERSION).append('\n').append(snapshot.highWatermarks().size()).append('\n');
        new TreeMap<>(snapshot.highWatermarks()).forEach((tp, hw) ->
                text.append(tp.topic()).append(' ').append(tp.partition()).append(' ').append(hw).append('\n'));
        try {
            fs.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new LogStorageException("Cannot create " + file.getParent() + ": " + e, e);
        }
        AtomicFiles.replace(fs, file, text.toString().getBytes(StandardCharsets.UTF_8));
        written = snapshot.sequence();
    }
}
