package io.replog.internal.replica;

import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.errors.LogStorageException;
import io.replog.log.LogFileSystem;
import io.replog.log.PartitionLog;
import io.replog.log.PartitionMetadataFile;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which topic a partition directory on this broker belongs to. A directory is named by topic
 * name and partition only, so a broker that was down while a topic was deleted may still hold
 * the old topic's directory when a topic of the same name is created: the topic id the
 * controller sends tells them apart, and a directory holding another id is removed before the
 * replica opens (KIP-516). Every file access goes through the broker's {@link LogFileSystem}.
 * Event-loop confined.
 */
final class PartitionDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDirectories.class);

    private final int brokerId;
    private final Path logDir;
    private final LogFileSystem fs;
    private final PlantedBugs bugs;

    /** @param bugs asked for {@link PlantedBug#STALE_TOPIC_DIRECTORY_REUSED}: open whatever directory exists */
    PartitionDirectories(int brokerId, Path logDir, LogFileSystem fs, PlantedBugs bugs) {
        this.brokerId = brokerId;
        this.logDir = logDir;
        this.fs = fs;
        this.bugs = bugs;
    }

    /** Whether a replica opened for topic id {@code open} serves topic id {@code wanted} (zero: unknown, anything goes). */
    static boolean sameTopic(TopicId open, TopicId wanted) {
        return open.isZero() || wanted.isZero() || open.equals(wanted);
    }

    /** Before opening {@code tp} for topic {@code wanted}: removes the directory if a different topic left it. */
    void removeIfStale(TopicPartition tp, TopicId wanted) {
        Path dir = logDir.resolve(tp.directoryName());
        if (bugs.has(PlantedBug.STALE_TOPIC_DIRECTORY_REUSED) || wanted.isZero() || !fs.exists(dir)) {
            return;
        }
        Optional<TopicId> stored = PartitionMetadataFile.read(fs, dir);
        if (stored.isPresent() && !stored.get().equals(wanted)) {
            LOG.warn("[broker {}] {}: the directory {} belongs to topic id {}, a deleted topic of the same name; "
                    + "removing it before opening the replica of topic id {}", brokerId, tp, dir, stored.get(), wanted);
            PartitionLog.deleteDirectory(fs, dir);
        }
    }

    /** After opening: the topic id the directory serves (stores {@code wanted} if it held none). */
    TopicId claim(PartitionLog log, TopicId wanted) {
        Optional<TopicId> stored = PartitionMetadataFile.read(fs, log.directory());
        if (stored.isPresent()) {
            return stored.get();
        }
        if (!wanted.isZero()) {
            PartitionMetadataFile.write(fs, log.directory(), wanted);
        }
        return wanted;
    }

    /** Deletes the directory of a replica this process has not opened; returns whether there was one. */
    boolean deleteUnopened(TopicPartition tp) {
        Path dir = logDir.resolve(tp.directoryName());
        if (!fs.exists(dir)) {
            return false;
        }
        PartitionLog.deleteDirectory(fs, dir);
        LOG.info("[broker {}] {}: deleted the directory of a replica of a deleted topic", brokerId, tp);
        return true;
    }

    /** Whether the log directory holds a partition directory other than those of {@code opened}. */
    boolean hasUnopened(java.util.Set<TopicPartition> opened) {
        if (!fs.exists(logDir)) {
            return false;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        opened.forEach(tp -> names.add(tp.directoryName()));
        try {
            // Partition directories are the entries that are not files (checkpoints, markers, the lock).
            return fs.list(logDir).stream().anyMatch(p -> fs.exists(p) && !fs.isRegularFile(p)
                    && !names.contains(p.getFileName().toString()));
        } catch (IOException e) {
            throw new LogStorageException("Cannot list " + logDir + ": " + e, e);
        }
    }
}
