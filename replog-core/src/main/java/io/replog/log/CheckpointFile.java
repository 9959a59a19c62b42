package io.replog.log;

import io.replog.errors.LogStorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A small text file holding a versioned list of entries, replaced atomically: the new content
 * goes to {@code <name>.tmp}, is fsynced, renamed over the old file, and the directory is
 * fsynced, so a crash leaves either the old or the new content, never a mix. The layout is
 * Kafka's checkpoint layout:
 * <pre>
 * 0          the format version
 * 2          the number of entries
 * 0 0        one entry per line
 * 3 1200
 * </pre>
 * Reading reports anything that does not match this layout as {@link CorruptCheckpointException}
 * so that the owner can fall back to a safe value instead of failing.
 *
 * @param <T> the entry type
 */
final class CheckpointFile<T> {

    /** Converts one entry to and from its line. */
    interface EntryFormat<T> {
        String format(T entry);

        /** Parses a line; any exception is reported as corruption. */
        T parse(String line);
    }

    /** The file exists but does not hold a valid checkpoint. */
    static final class CorruptCheckpointException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptCheckpointException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String TMP_SUFFIX = ".tmp";
    /** Far above any real checkpoint (one line per leader epoch), far below a memory problem. */
    private static final long MAX_BYTES = 16L << 20;

    private final LogFileSystem fs;
    private final Path file;
    private final int version;
    private final EntryFormat<T> format;

    CheckpointFile(LogFileSystem fs, Path file, int version, EntryFormat<T> format) {
        this.fs = fs;
        this.file = file;
        this.version = version;
        this.format = format;
    }

    Path path() {
        return file;
    }

    /** Atomically replaces the file with {@code entries}. */
    void write(Collection<T> entries) {
        StringBuilder text = new StringBuilder();
        text.append(version).append('\n').append(entries.size()).append('\n');
        for (T entry : entries) {
            text.append(format.format(entry)).append('\n');
        }
        AtomicFiles.replace(fs, file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The entries, or empty if the file does not exist.
     *
     * @throws CorruptCheckpointException if the file cannot be parsed
     * @throws LogStorageException        if the file exists but cannot be read
     */
    Optional<List<T>> read() throws CorruptCheckpointException {
        List<String> lines;
        try (FileChannel ch = fs.open(file, Set.of(StandardOpenOption.READ))) {
            lines = decode(ch);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw new CorruptCheckpointException("not UTF-8 text", e);
        } catch (IOException e) {
            throw new LogStorageException("Cannot read checkpoint file " + file + ": " + e, e);
        }
        try {
            if (lines.size() < 2) {
                throw new IllegalArgumentException("expected a version line and a count line, found "
                        + lines.size() + " line(s)");
            }
            int fileVersion = Integer.parseInt(lines.get(0).trim());
            if (fileVersion != version) {
                throw new IllegalArgumentException("unsupported version " + fileVersion + ", expected " + version);
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count < 0 || lines.size() != count + 2) {
                throw new IllegalArgumentException("declares " + count + " entries but holds "
                        + (lines.size() - 2) + " line(s)");
            }
            List<T> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(format.parse(lines.get(i + 2).trim()));
            }
            return Optional.of(entries);
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException(e.getMessage(), e);
        }
    }

    /** A checkpoint is a few lines: read it whole, refusing anything implausibly large. */
    private List<String> decode(FileChannel ch) throws IOException, CorruptCheckpointException {
        long size = ch.size();
        if (size > MAX_BYTES) {
            throw new CorruptCheckpointException("holds " + size + " bytes, more than any checkpoint ("
                    + MAX_BYTES + ")", null);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
            // positional reads until full or end of file
        }
        buf.flip();
        String text = StandardCharsets.UTF_8.newDecoder().decode(buf).toString();
        List<String> lines = List.of(text.split("\n", -1));
        // A final newline ends the last line rather than starting an empty one.
        return text.endsWith("\n") ? lines.subList(0, lines.size() - 1) : lines;
    }
}
