package io.replog.internal.replica;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.LogStorageException;
import io.replog.log.LogFileSystem;
import io.replog.log.PartitionLog;
import io.replog.time.Clock;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The replicas open on one broker, and the opening and deleting of them: each replica's log
 * belongs to the topic id it was opened for, a replica left open for a deleted topic of the same
 * name is deleted before the new one opens, and the checkpointed high watermarks of replicas not
 * opened yet are kept until they open or are deleted (replicas open lazily, on LeaderAndIsr).
 * Event loop only.
 */
final class LocalReplicas {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReplicas.class);

    private final ReplicaSettings settings;
    private final Clock clock;
    private final LogFileSystem logFileSystem;
    /** Where the logs fsync rolled segments and unlink deleted ones (see {@link PartitionLog#open}). */
    private final java.util.concurrent.Executor logIo;
    private final PartitionDirectories directories;
    private final LeaderEligibility eligibility;
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    private final Map<TopicPartition, TopicId> topicIds = new HashMap<>();
    private final Map<TopicPartition, Long> checkpointedNotOpened = new HashMap<>();

    LocalReplicas(ReplicaSettings settings, Clock clock, LogFileSystem logFileSystem, LeaderEligibility eligibility,
                  java.util.concurrent.Executor logIo) {
        this.logIo = logIo;
        this.settings = settings;
        this.clock = clock;
        this.logFileSystem = logFileSystem;
        this.eligibility = eligibility;
        this.directories = new PartitionDirectories(settings.brokerId(), settings.logDir(), logFileSystem,
                settings.plantedBugs());
    }

    /** The replica of {@code tp}, or null. */
    Partition get(TopicPartition tp) {
        return partitions.get(tp);
    }

    /** The open replicas, live (iterated in the order of a map keyed by partition). */
    Collection<Partition> all() {
        return partitions.values();
    }

    Map<TopicPartition, Partition> view() {
        return Collections.unmodifiableMap(partitions);
    }

    /** Remembers the checkpointed high watermarks read at start, for the replicas as they open. */
    void checkpointed(Map<TopicPartition, Long> highWatermarks) {
        checkpointedNotOpened.putAll(highWatermarks);
    }

    /**
     * The replica of {@code tp} for topic id {@code topicId}, opened if need be with
     * {@code config}. One still open for another topic id is {@code retire}d (no longer led,
     * fetched or waited for), closed and deleted first.
     *
     * @throws LogStorageException if the log cannot be opened
     */
    Partition getOrOpen(TopicPartition tp, TopicId topicId, LeaderAndIsr state, TopicSettings config,
                        Consumer<Partition> retire) {
        Partition existing = partitions.get(tp);
        if (existing != null && PartitionDirectories.sameTopic(topicIds.get(tp), topicId)) {
            existing.updateConfig(config.replication());
            existing.log().updateConfig(config.log());
            return existing;
        }
        if (existing != null) {
            // Still open for a deleted topic of the same name: that replica is gone for good.
            LOG.warn("[broker {}] {}: open replica belongs to topic id {}, not {}; deleting it", settings.brokerId(),
                    tp, topicIds.get(tp), topicId);
            retire.accept(existing);
            remove(existing);
            existing.log().delete();
        }
        directories.removeIfStale(tp, topicId);
        boolean existed = logFileSystem.exists(settings.logDir().resolve(tp.directoryName()));
        PartitionLog log = PartitionLog.open(settings.logDir(), tp, config.log(), clock, logFileSystem, logIo);
        try {
            topicIds.put(tp, directories.claim(log, topicId));
        } catch (LogStorageException e) {
            log.closeWithoutFlush();
            throw e;
        }
        Long fromFile = checkpointedNotOpened.remove(tp);
        long checkpointed = !existed ? 0L : fromFile != null ? fromFile : log.checkpointedHighWatermark();
        Partition p = new Partition(tp, settings.brokerId(), log, config.replication(), settings.plantedBugs(),
                checkpointed);
        partitions.put(tp, p);
        eligibility.opened(tp, existed, state);
        return p;
    }

    /** Forgets {@code p} (its log is the caller's to delete or close). */
    void remove(Partition p) {
        partitions.remove(p.topicPartition());
        topicIds.remove(p.topicPartition());
        eligibility.forget(p.topicPartition());
    }

    /** Deletes what is left on disk of {@code tp}, a replica deleted while this broker was down. */
    void deleteUnopened(TopicPartition tp) {
        directories.deleteUnopened(tp);
        checkpointedNotOpened.remove(tp);
    }

    /** The high watermarks to checkpoint: the open replicas' and those of replicas not opened yet. */
    Map<TopicPartition, Long> highWatermarks() {
        Map<TopicPartition, Long> out = new HashMap<>(checkpointedNotOpened);
        partitions.forEach((tp, p) -> {
            // An offline log may have lost what its high watermark covers; restart recovery decides.
            if (!p.log().isOffline()) {
                out.put(tp, p.highWatermark());
            }
        });
        return out;
    }

    /** Whether every replica directory of the log directory is open here (so closing them all flushes it all). */
    boolean everyReplicaOpened() {
        return checkpointedNotOpened.isEmpty() && !directories.hasUnopened(partitions.keySet());
    }

    /** Forgets every replica (their logs already closed). */
    void clear() {
        partitions.clear();
        topicIds.clear();
    }
}
