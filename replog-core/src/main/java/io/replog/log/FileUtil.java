package io.replog.log;

import io.replog.errors.LogStorageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File operations shared by the log's classes, each turning an I/O failure into a precise error. */
final class FileUtil {

    private FileUtil() {
    }

    /**
     * Makes a rename or file creation in {@code dir} durable. Some platforms cannot open a
     * directory for fsync; there the rename is as durable as the platform makes it.
     */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported (e.g. Windows): nothing more can be done.
        }
    }

    /** Deletes {@code file} if it exists. */
    static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw new LogStorageException("Cannot delete " + file + ": " + e, e);
        }
    }
}
