package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.LogStorageException;
import io.replog.record.RecordBatch;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creates, opens and removes the files of one {@link LogSegment}.
 *
 * <p>Guarantees: a created segment's names are durable in its directory before it is returned;
 * nothing is left open when creating or opening fails; removal renames each file to
 * {@code .deleted} before unlinking it, so a crash at any point leaves only names that the next
 * open cleans up (the caller makes the removal durable with a directory fsync).
 */
final class SegmentFiles {
    private static final Logger log = LoggerFactory.getLogger(SegmentFiles.class);

    private SegmentFiles() {
    }

    /** See {@link LogSegment#create}. */
    static LogSegment create(LogFileSystem fs, Path dir, TopicPartition tp, long baseOffset, LogConfig config) {
        Path file = dir.resolve(LogSegment.fileName(baseOffset, LogSegment.LOG_SUFFIX));
        FileChannel ch = FileUtil.open(fs, file, "creating a segment", Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        OffsetIndex index = null;
        try {
            index = OffsetIndex.create(fs, dir.resolve(LogSegment.fileName(baseOffset, LogSegment.INDEX_SUFFIX)),
                    baseOffset, config.maxIndexEntries());
            FileUtil.fsyncDirectory(fs, dir);
            return new LogSegment(fs, tp, dir, baseOffset, ch, 0, config, index, RecordBatch.NO_TIMESTAMP, baseOffset,
                    -1L);
        } catch (RuntimeException e) {
            if (index != null) {
                index.close();
            }
            FileUtil.closeQuietly(ch, e);
            throw e;
        }
    }

    /** See {@link LogSegment#open}. */
    static LogSegment open(LogFileSystem fs, Path dir, TopicPartition tp, long baseOffset, LogConfig config,
                           long nowMs) {
        Path file = dir.resolve(LogSegment.fileName(baseOffset, LogSegment.LOG_SUFFIX));
        FileChannel ch = FileUtil.open(fs, file, "reading and writing", Set.of(StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        long fileSize;
        try {
            fileSize = ch.size();
        } catch (IOException e) {
            LogStorageException failure = new LogStorageException("Cannot read the size of segment file " + file
                    + ": " + e, e);
            FileUtil.closeQuietly(ch, failure);
            throw failure;
        }
        int size = (int) Math.min(fileSize, Integer.MAX_VALUE);
        // A loaded segment's age counts from when this process opened it: the clock is the only time source.
        return new LogSegment(fs, tp, dir, baseOffset, ch, size, config, null, LogSegment.UNKNOWN_TIMESTAMP, -1L,
                size > 0 ? nowMs : -1L);
    }

    /**
     * Renames each file to {@code .deleted} (a file already gone is skipped) and returns the new
     * names, for {@link #unlink} to remove later: the rename is what frees the name for a new
     * segment, so it happens now; the unlink may wait.
     */
    static List<Path> renameForDeletion(LogFileSystem fs, Path logFile, Path indexFile) {
        List<Path> renamed = new ArrayList<>(2);
        for (Path file : new Path[]{logFile, indexFile}) {
            Path deleted = file.resolveSibling(file.getFileName() + LogSegment.DELETED_SUFFIX);
            try {
                fs.move(file, deleted);
                renamed.add(deleted);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new LogStorageException("Cannot rename " + file + " to " + deleted + " for deletion: " + e, e);
            }
        }
        return renamed;
    }

    /** Unlinks {@code files} in order; one that cannot be is left for the next open's cleanup. */
    static void unlink(LogFileSystem fs, TopicPartition tp, List<Path> files) {
        for (Path file : files) {
            try {
                fs.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("[{}] Cannot delete {}: {}", tp, file, e.toString());
            }
        }
    }

    /** Renames each file to {@code .deleted}, then unlinks it; a file already gone is skipped. */
    static void delete(LogFileSystem fs, TopicPartition tp, Path logFile, Path indexFile) {
        for (Path file : new Path[]{logFile, indexFile}) {
            Path deleted = file.resolveSibling(file.getFileName() + LogSegment.DELETED_SUFFIX);
            try {
                fs.move(file, deleted);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new LogStorageException("Cannot rename " + file + " to " + deleted + " for deletion: " + e, e);
            }
            try {
                fs.deleteIfExists(deleted);
            } catch (IOException e) {
                // Left for the next open's cleanup of stray .deleted files.
                log.warn("[{}] Cannot delete {}: {}", tp, deleted, e.toString());
            }
        }
    }
}
