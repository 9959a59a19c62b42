package io.replog.log;

import io.replog.errors.LogStorageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/** File operations shared by the log's classes, each turning an I/O failure into a precise error. */
final class FileUtil {

    private FileUtil() {
    }

    /**
     * Makes the creations, renames and unlinks so far in {@code dir} durable.
     *
     * @throws LogStorageException if the fsync fails: the names may not be on disk
     */
    static void fsyncDirectory(LogFileSystem fs, Path dir) {
        try {
            fs.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new LogStorageException("Cannot fsync log directory " + dir + ": " + e, e);
        }
    }

    /** Deletes {@code file} if it exists. */
    static void deleteIfExists(LogFileSystem fs, Path file) {
        try {
            fs.deleteIfExists(file);
        } catch (IOException e) {
            throw new LogStorageException("Cannot delete " + file + ": " + e, e);
        }
    }

    /** Opens {@code file}; {@code what} completes "Cannot open ... for" in the error. */
    static FileChannel open(LogFileSystem fs, Path file, String what, Set<? extends OpenOption> options) {
        try {
            return fs.open(file, options);
        } catch (IOException e) {
            throw new LogStorageException("Cannot open " + file + " for " + what + ": " + e, e);
        }
    }

    /** Closes {@code ch}, adding a failure to {@code failure} rather than hiding it. */
    static void closeQuietly(FileChannel ch, Throwable failure) {
        try {
            ch.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
