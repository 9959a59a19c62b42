package io.replog.internal.replica;

import io.replog.errors.LogStorageException;
import io.replog.log.LogFileSystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A marker in a broker's log directory saying its last process closed every log cleanly
 * (flushed): written last on a clean close, removed first on start (Kafka keeps
 * {@code .kafka_cleanshutdown} the same way). A start that finds none follows a crash or a
 * power loss, after which the logs may hold less than that process acknowledged. Created and
 * removed through the broker's {@link LogFileSystem}, each followed by a directory fsync.
 */
final class CleanShutdownFile {
    static final String FILE_NAME = ".replog_cleanshutdown";

    private CleanShutdownFile() {
    }

    /**
     * Whether the previous process shut down cleanly; removes the marker so that the next crash
     * counts as unclean. A directory without the marker counts as unclean even when it is empty:
     * a new broker cannot be told from one whose disk was replaced, and only the controller knows
     * whether the broker id held replicas (it acts only on brokers named in an ISR).
     */
    static boolean consume(LogFileSystem fs, Path logDir) {
        Path marker = logDir.resolve(FILE_NAME);
        try {
            if (!fs.deleteIfExists(marker)) {
                return false;
            }
            // Until the unlink is durable a power loss brings the marker back, and the next
            // process would take a crash that lost data for a clean shutdown.
            fs.fsyncDirectory(logDir);
            return true;
        } catch (IOException e) {
            throw new LogStorageException("Cannot remove the clean-shutdown marker " + marker + ": " + e, e);
        }
    }

    /** Records a clean shutdown: every log was flushed and closed. */
    static void write(LogFileSystem fs, Path logDir) {
        Path marker = logDir.resolve(FILE_NAME);
        try {
            fs.createDirectories(logDir);
            try (FileChannel ch = fs.open(marker, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE))) {
                ch.force(true);
            }
            // The marker's name is what counts; without this a power loss may drop it (safe, but
            // the next start would then count a clean shutdown as a crash).
            fs.fsyncDirectory(logDir);
        } catch (IOException e) {
            throw new LogStorageException("Cannot write the clean-shutdown marker " + marker + ": " + e, e);
        }
    }
}
