package io.replog.log;

import io.replog.errors.LogStorageException;
import io.replog.topic.TopicId;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The topic id a partition directory belongs to, in Kafka's {@code partition.metadata} layout
 * ({@code version: 0} then {@code topic_id: <id>}). Directories are named by topic and
 * partition only, so after a topic is deleted and created again under the same name only this
 * id tells the new topic's directory from one the old topic left behind (KIP-516). Written
 * atomically (temporary file, fsync, rename, directory fsync).
 */
public final class PartitionMetadataFile {
    /** The file's name inside a partition directory. */
    public static final String FILE_NAME = "partition.metadata";

    /** Far above the two lines of a valid file. */
    private static final long MAX_BYTES = 4096;

    private PartitionMetadataFile() {
    }

    /**
     * The topic id stored in {@code partitionDir}, read through {@code fs}, or empty if the
     * directory has no such file.
     *
     * @throws LogStorageException if the file cannot be read or is malformed; the message names
     *                             the path, the line and the expected layout
     */
    public static Optional<TopicId> read(LogFileSystem fs, Path partitionDir) {
        Path file = partitionDir.resolve(FILE_NAME);
        Optional<List<String>> content = AtomicFiles.readLines(fs, file, MAX_BYTES);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = content.get();
        if (lines.size() < 2 || !lines.get(0).trim().equals("version: 0") || !lines.get(1).startsWith("topic_id: ")) {
            throw new LogStorageException("Malformed " + file + ": expected the lines 'version: 0' and "
                    + "'topic_id: <22-character id>', found " + lines);
        }
        try {
            return Optional.of(TopicId.parse(lines.get(1).substring("topic_id: ".length()).trim()));
        } catch (IllegalArgumentException e) {
            throw new LogStorageException("Malformed " + file + ", line 2: " + e.getMessage(), e);
        }
    }

    /** Stores {@code id} as the topic id of {@code partitionDir}, which must exist, through {@code fs}. */
    public static void write(LogFileSystem fs, Path partitionDir, TopicId id) {
        AtomicFiles.replace(fs, partitionDir.resolve(FILE_NAME),
                ("version: 0\ntopic_id: " + id + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
