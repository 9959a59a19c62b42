package io.replog.log;

import io.replog.errors.LogStorageException;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether a partition's log is open, offline after an I/O error, or closed, and the release of
 * its files when it closes.
 *
 * <p>Guarantees: once an I/O error is recorded the log stays offline, and every later check fails
 * with a {@link LogStorageException} naming that first error (the file system may have dropped
 * data it had accepted); once closed every check fails with an {@link IllegalStateException}.
 * Releasing closes every file even when some fail, throwing the first failure with the others
 * suppressed. The flags are volatile for the lock-free readers; changes happen under the log's lock.
 */
final class LogState {
    private static final Logger log = LoggerFactory.getLogger(LogState.class);

    private final TopicPartition tp;
    private final Path dir;
    private volatile boolean closed;
    /** The first I/O failure; once set the log is offline. */
    private volatile LogStorageException failure;

    LogState(TopicPartition tp, Path dir) {
        this.tp = tp;
        this.dir = dir;
    }

    /** Throws unless the log is open and online. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The log of " + tp + " in " + dir + " is closed");
        }
        LogStorageException cause = failure;
        if (cause != null) {
            throw new LogStorageException("The log of " + tp + " in " + dir + " is offline after an I/O error ("
                    + cause.getMessage() + "); close it and open it again to recover from what is on disk", cause);
        }
    }

    /** Takes the log offline after the I/O failure {@code e}; returns {@code e} for the caller to throw. */
    LogStorageException goOffline(LogStorageException e) {
        if (failure == null) {
            failure = e;
            log.error("[{}] The log in {} is offline after an I/O error: {}", tp, dir, e.getMessage());
        }
        return e;
    }

    boolean isOffline() {
        return failure != null;
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the log closed and closes {@code segments}, then the directory lock. */
    void release(List<LogSegment> segments, LogDirectoryLock directoryLock) {
        closed = true;
        RuntimeException first = null;
        for (LogSegment s : segments) {
            try {
                s.close();
            } catch (RuntimeException e) {
                first = keep(first, e);
            }
        }
        try {
            directoryLock.close();
        } catch (RuntimeException e) {
            first = keep(first, e);
        }
        if (first != null) {
            throw first;
        }
    }

    private static RuntimeException keep(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
