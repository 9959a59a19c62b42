package io.replog.log;

import io.replog.errors.LogStorageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * An exclusive lock on a partition directory (file {@value #FILE_NAME}), so two
 * {@link PartitionLog}s, in this process or another, never write the same files.
 */
final class LogDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private LogDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LogDirectoryLock acquire(LogFileSystem fs, Path dir) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch;
        try {
            ch = fs.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new LogStorageException("Cannot create lock file " + file + " in log directory " + dir + ": " + e, e);
        }
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new LogDirectoryLock(ch, lock);
        } catch (OverlappingFileLockException | IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // reporting the lock failure matters more
            }
            throw new LogStorageException("Cannot lock log directory " + dir + ": it is already open in another log "
                    + "(in this process or another)", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new LogStorageException("Cannot close lock file: " + e, e);
            }
        }
    }
}
