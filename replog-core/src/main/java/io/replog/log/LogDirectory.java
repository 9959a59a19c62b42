package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.LogStorageException;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A partition's directory from creation to removal: opening prepares and locks it, reads the
 * checkpoints that bound recovery, runs {@link LogRecovery}, hands what it recovered to a new
 * {@link PartitionLog} and reconciles the leader epoch cache with the recovered batches; removal
 * deletes it with everything in it.
 *
 * <p>Guarantees: a new partition directory's name is fsynced in its parent; a failed open leaves
 * nothing open (recovered segments closed, directory lock released), the first failure thrown
 * with later ones suppressed; removal unlinks {@code partition.metadata} last, after the other
 * unlinks are durable; every failure to touch the disk is a {@link LogStorageException} naming
 * the path. Stateless.
 */
final class LogDirectory {
    private static final Logger log = LoggerFactory.getLogger(LogDirectory.class);

    private LogDirectory() {
    }

    /** See {@link PartitionLog#open(Path, TopicPartition, LogConfig, Clock, LogFileSystem)}. */
    static PartitionLog open(Path parentDir, TopicPartition tp, LogConfig config, Clock clock, LogFileSystem fs,
                             java.util.concurrent.Executor ioExecutor) {
        Path dir = parentDir.resolve(tp.directoryName());
        try {
            if (fs.createDirectories(dir)) {
                // The partition directory's own name must survive a power loss too.
                fs.fsyncDirectory(parentDir);
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot create log directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new LogStorageException("Cannot write to log directory " + dir + ": permission denied");
        }
        long startNanos = clock.nanos();
        LogDirectoryLock directoryLock = LogDirectoryLock.acquire(fs, dir);
        LogRecovery.Result recovered = null;
        PartitionLog partitionLog = null;
        try {
            long storedRecoveryPoint = new OffsetCheckpoint(fs, dir.resolve(PartitionLog.RECOVERY_POINT_FILE),
                    "recovery point").read().orElse(0L);
            long logStartFloor = new OffsetCheckpoint(fs, dir.resolve(PartitionLog.LOG_START_FILE),
                    "log start offset").read().orElse(0L);
            recovered = LogRecovery.run(fs, dir, tp, config, storedRecoveryPoint, logStartFloor, clock.millis());
            partitionLog = new PartitionLog(fs, tp, dir, config, clock, directoryLock, recovered, storedRecoveryPoint,
                    ioExecutor);
            partitionLog.finishOpen(recovered, startNanos);
            return partitionLog;
        } catch (RuntimeException e) {
            try {
                if (partitionLog != null) {
                    partitionLog.closeWithoutFlush();
                } else {
                    closeAll(recovered, e);
                    directoryLock.close();
                }
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A failed open must not leak the recovered segments' descriptors. */
    private static void closeAll(LogRecovery.Result recovered, RuntimeException failure) {
        if (recovered == null) {
            return;
        }
        for (LogSegment s : recovered.segments()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Makes the leader epoch cache agree with the recovered log: rebuilt from the batch headers
     * when its checkpoint was unusable, then cut to the log's bounds.
     */
    static void reconcileEpochs(TopicPartition tp, LeaderEpochCache epochCache, LogSegments segments) {
        long logStartOffset = segments.logStartOffset();
        long logEndOffset = segments.logEndOffset();
        if (epochCache.needsRebuild() && logEndOffset > logStartOffset) {
            List<EpochEntry> rebuilt = SegmentScans.epochStarts(segments.all());
            epochCache.replaceAll(rebuilt);
            log.info("[{}] Rebuilt the leader epoch cache from the log's batches: {}", tp, rebuilt);
        }
        // Start first: moving the oldest entry up to the log start must not leave one at an empty log's end.
        epochCache.truncateFromStart(logStartOffset);
        epochCache.truncateFromEnd(logEndOffset);
    }

    /** See {@link PartitionLog#deleteDirectory}. */
    static void delete(LogFileSystem fs, Path dir) {
        try {
            Path metadata = dir.resolve(PartitionMetadataFile.FILE_NAME);
            for (Path f : fs.list(dir)) {
                if (!f.getFileName().equals(metadata.getFileName())) {
                    fs.deleteIfExists(f);
                }
            }
            fs.fsyncDirectory(dir);
            fs.deleteIfExists(metadata);
            fs.deleteIfExists(dir);
            fs.fsyncDirectory(dir.getParent());
        } catch (IOException e) {
            throw new LogStorageException("Cannot delete log directory " + dir + ": " + e, e);
        }
    }
}
