package io.replog.log;

import io.replog.errors.LogStorageException;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a partition's log: prepares and locks its directory, reads the checkpoints that bound
 * recovery, runs {@link LogRecovery} and hands what it recovered to a new {@link PartitionLog}.
 *
 * <p>Guarantees: a new partition directory's name is fsynced in its parent; a failed open leaves
 * nothing open (recovered segments closed, directory lock released), the first failure thrown
 * with later ones suppressed; every failure to touch the disk is a {@link LogStorageException}
 * naming the path. Stateless.
 */
final class LogOpener {

    private LogOpener() {
    }

    /** See {@link PartitionLog#open(Path, TopicPartition, LogConfig, Clock, LogFileSystem)}. */
    static PartitionLog open(Path parentDir, TopicPartition tp, LogConfig config, Clock clock, LogFileSystem fs) {
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
            partitionLog = new PartitionLog(fs, tp, dir, config, clock, directoryLock, recovered, storedRecoveryPoint);
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
}
