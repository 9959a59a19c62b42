package io.replog.log;

import io.replog.errors.LogStorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces a small file so that a crash leaves either the old content or the new, never a mix:
 * the new content goes to {@code <name>.tmp}, is fsynced, renamed over the file, and the
 * directory is fsynced (until then a crash may bring back the old content). Also reads such
 * files back through the same {@link LogFileSystem}, so that a test's file layer sees every access.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code content} on the real file system. */
    public static void replace(Path file, byte[] content) {
        replace(LogFileSystem.nio(), file, content);
    }

    /**
     * Replaces {@code file} (its directory must exist) with {@code content} through {@code fs}.
     *
     * @throws LogStorageException naming the file if any step fails
     */
    public static void replace(LogFileSystem fs, Path file, byte[] content) {
        Path tmp = file.resolveSibling(file.getFileName() + CheckpointFile.TMP_SUFFIX);
        try {
            try (FileChannel ch = fs.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            fs.move(tmp, file);
        } catch (IOException e) {
            throw new LogStorageException("Cannot write " + file + ": " + e, e);
        }
        FileUtil.fsyncDirectory(fs, file.getParent());
    }

    /**
     * The lines of the small UTF-8 text file {@code file}, read through {@code fs}; empty if it
     * does not exist.
     *
     * @param maxBytes the most a valid file can hold: a larger one is refused rather than read
     *                 into memory (one flipped bit in a length must not mean an out-of-memory)
     * @throws LogStorageException naming the file if it cannot be read or is larger than {@code maxBytes}
     */
    public static Optional<List<String>> readLines(LogFileSystem fs, Path file, long maxBytes) {
        try {
            return read(fs, file, maxBytes).map(bytes -> new String(bytes, StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new LogStorageException("Cannot read " + file + ": " + e, e);
        }
    }

    private static Optional<byte[]> read(LogFileSystem fs, Path file, long maxBytes) throws IOException {
        try (FileChannel ch = fs.open(file, Set.of(StandardOpenOption.READ))) {
            long size = ch.size();
            if (size > maxBytes) {
                throw new IOException(file + " holds " + size + " bytes, more than a valid file (" + maxBytes + ")");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && ch.read(buffer, buffer.position()) >= 0) {
                // positional reads until full or end of file
            }
            return Optional.of(buffer.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
