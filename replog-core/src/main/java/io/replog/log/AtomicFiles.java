package io.replog.log;

import io.replog.errors.LogStorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash leaves either the old content or the new, never a mix:
 * the new content goes to {@code <name>.tmp}, is fsynced, renamed over the file, and the
 * directory is fsynced.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Replaces {@code file} (its directory must exist) with {@code content}.
     *
     * @throws LogStorageException naming the file if any step fails
     */
    public static void replace(Path file, byte[] content) {
        Path tmp = file.resolveSibling(file.getFileName() + CheckpointFile.TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LogStorageException("Cannot write " + file + ": " + e, e);
        }
        FileUtil.fsyncDirectory(file.getParent());
    }
}
