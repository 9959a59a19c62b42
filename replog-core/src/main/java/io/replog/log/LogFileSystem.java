package io.replog.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Every file-system call a {@link PartitionLog} makes goes through this interface: opening files,
 * fsyncing directories, renaming, deleting and listing. File data is written, cut and fsynced
 * through the returned {@link FileChannel}s. The default, {@link #nio()}, is the platform's file
 * system; a test plugs in an implementation that records what an fsync has made durable and can
 * build the files a power loss could leave, or that fails chosen calls the way a disk does.
 *
 * <p>What the log relies on, and so what an implementation must provide: {@link FileChannel#force}
 * makes a file's bytes and length durable; {@link #fsyncDirectory} makes every earlier creation,
 * rename and unlink in that directory durable; {@link #move} replaces the target atomically (a
 * crash leaves the old or the new name, never neither). An {@link IOException} from any call means
 * the file system may have lost what it was asked to do; the log then stops using the directory.
 *
 * <p>Implementations must be thread-safe: readers open and read files while the writer appends.
 */
public interface LogFileSystem {

    /** The platform's file system ({@link java.nio.file.Files} and {@link FileChannel}). */
    static LogFileSystem nio() {
        return NioLogFileSystem.INSTANCE;
    }

    /**
     * The platform's file system with every fsync left out, for brokers that never lose power (a
     * test cluster's): a process crash leaves the same files, a machine's crash may lose
     * acknowledged records.
     */
    static LogFileSystem nioWithoutFsync() {
        return UnsyncedLogFileSystem.INSTANCE;
    }

    /** Opens (creating, with {@code CREATE}) a file, as {@link FileChannel#open(Path, Set, java.nio.file.attribute.FileAttribute[])}. */
    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;

    /**
     * Makes earlier creations, renames and unlinks in {@code dir} durable.
     *
     * @throws IOException if the directory cannot be opened or fsynced; a platform that cannot fsync
     *                     a directory at all does nothing instead
     */
    void fsyncDirectory(Path dir) throws IOException;

    /** Renames {@code source} to {@code target}, replacing it atomically; both in the same directory. */
    void move(Path source, Path target) throws IOException;

    /** Removes {@code file}; returns false if it did not exist. */
    boolean deleteIfExists(Path file) throws IOException;

    /** The entries of {@code dir}, in no particular order. */
    List<Path> list(Path dir) throws IOException;

    /** Whether {@code file} exists and is a regular file. */
    boolean isRegularFile(Path file);

    /** Whether {@code file} exists. */
    boolean exists(Path file);

    /** Creates {@code dir} and missing parents; returns whether {@code dir} was created. */
    boolean createDirectories(Path dir) throws IOException;
}
