package io.replog.log;

import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The leader epochs a partition's log has seen, each with the offset where it started, kept in
 * the partition directory as {@value #FILE_NAME}. It answers the follower's question after a
 * leader change: up to which offset does my data agree with the leader's
 * ({@link #endOffsetFor(int)})?
 *
 * <p>Guarantees: epochs strictly increase and start offsets never decrease along the list;
 * every change is on disk (atomically replaced checkpoint) before the method returns. A stale or
 * repeated epoch is ignored. A corrupt checkpoint is logged at WARN and the owning
 * {@link PartitionLog} rebuilds the cache from the batches' leader epochs.
 *
 * <p>Thread-safe: the log's writer changes it while request threads query it.
 */
public final class LeaderEpochCache {
    private static final Logger log = LoggerFactory.getLogger(LeaderEpochCache.class);

    /** The checkpoint's file name inside the partition directory (Kafka's name). */
    public static final String FILE_NAME = "leader-epoch-checkpoint";

    /** The epoch value meaning "none". */
    public static final int UNDEFINED_EPOCH = -1;

    private static final CheckpointFile.EntryFormat<EpochEntry> FORMAT = new CheckpointFile.EntryFormat<>() {
        @Override
        public String format(EpochEntry entry) {
            return entry.epoch() + " " + entry.startOffset();
        }

        @Override
        public EpochEntry parse(String line) {
            String[] parts = line.split(" ");
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected '<epoch> <start offset>', found '" + line + "'");
            }
            return new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
    };

    private final CheckpointFile<EpochEntry> checkpoint;
    private final TopicPartition tp;
    private final LongSupplier logEndOffset;
    private final List<EpochEntry> entries = new ArrayList<>();
    private final boolean needsRebuild;

    private LeaderEpochCache(CheckpointFile<EpochEntry> checkpoint, TopicPartition tp, LongSupplier logEndOffset,
                             List<EpochEntry> initial, boolean needsRebuild) {
        this.checkpoint = checkpoint;
        this.tp = tp;
        this.logEndOffset = logEndOffset;
        this.entries.addAll(initial);
        this.needsRebuild = needsRebuild;
    }

    /**
     * Loads the cache of the partition in {@code dir}. A missing file gives an empty cache; a
     * corrupt one (unparseable, or epochs not increasing) is logged at WARN and gives an empty
     * cache that {@link #needsRebuild()}.
     */
    static LeaderEpochCache load(LogFileSystem fs, Path dir, TopicPartition tp, LongSupplier logEndOffset) {
        CheckpointFile<EpochEntry> file = new CheckpointFile<>(fs, dir.resolve(FILE_NAME), 0, FORMAT);
        boolean exists = fs.exists(file.path());
        try {
            Optional<List<EpochEntry>> read = file.read();
            List<EpochEntry> list = read.orElse(List.of());
            String problem = monotonicityProblem(list);
            if (problem != null) {
                log.warn("[{}] Ignoring corrupt leader epoch checkpoint {}: {}; rebuilding it from the log",
                        tp, file.path(), problem);
                return new LeaderEpochCache(file, tp, logEndOffset, List.of(), true);
            }
            return new LeaderEpochCache(file, tp, logEndOffset, list, !exists);
        } catch (CheckpointFile.CorruptCheckpointException e) {
            log.warn("[{}] Ignoring corrupt leader epoch checkpoint {}: {}; rebuilding it from the log",
                    tp, file.path(), e.getMessage());
            return new LeaderEpochCache(file, tp, logEndOffset, List.of(), true);
        }
    }

    private static String monotonicityProblem(List<EpochEntry> list) {
        for (int i = 1; i < list.size(); i++) {
            EpochEntry prev = list.get(i - 1);
            EpochEntry cur = list.get(i);
            if (cur.epoch() <= prev.epoch() || cur.startOffset() < prev.startOffset()) {
                return "entry " + cur + " does not follow " + prev;
            }
        }
        return null;
    }

    /** Whether the checkpoint was missing or corrupt, so the log should rebuild the cache from its batches. */
    boolean needsRebuild() {
        return needsRebuild;
    }

    /** The checkpoint file. */
    public Path path() {
        return checkpoint.path();
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}, if {@code epoch} is newer than
     * every known epoch; an older or equal epoch is ignored. Should a new epoch start below an
     * existing entry's start (the log was truncated without telling the cache), the conflicting
     * entries are dropped first, with a WARN.
     *
     * @return whether the cache changed
     */
    public synchronized boolean assign(int epoch, long startOffset) {
        if (!entries.isEmpty() && epoch <= latest().epoch()) {
            return false;
        }
        EpochEntry entry = new EpochEntry(epoch, startOffset);
        List<EpochEntry> removed = new ArrayList<>();
        while (!entries.isEmpty() && latest().startOffset() > startOffset) {
            removed.add(0, entries.remove(entries.size() - 1));
        }
        if (!removed.isEmpty()) {
            log.warn("[{}] Leader epoch {} starting at {} conflicts with later entries {}; dropped them",
                    tp, epoch, startOffset, removed);
        }
        entries.add(entry);
        persist();
        log.debug("[{}] Leader epoch {} starts at offset {}", tp, epoch, startOffset);
        return true;
    }

    /** The newest known epoch, or {@value #UNDEFINED_EPOCH} if none. */
    public synchronized int latestEpoch() {
        return entries.isEmpty() ? UNDEFINED_EPOCH : latest().epoch();
    }

    /** The oldest known entry, if any. */
    public synchronized Optional<EpochEntry> earliestEntry() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
    }

    /** A snapshot of every entry, oldest first. */
    public synchronized List<EpochEntry> entries() {
        return List.copyOf(entries);
    }

    /**
     * For the largest known epoch not above {@code requestedEpoch}: that epoch and its end
     * offset, which is the start offset of the next known epoch, or the log end offset if it is
     * the latest. {@link EpochEndOffset#UNDEFINED} if {@code requestedEpoch} is below the
     * earliest known epoch or nothing is known.
     */
    public synchronized EpochEndOffset endOffsetFor(int requestedEpoch) {
        int floor = -1;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).epoch() <= requestedEpoch) {
                floor = i;
                break;
            }
        }
        if (floor < 0) {
            return EpochEndOffset.UNDEFINED;
        }
        long end = floor == entries.size() - 1 ? logEndOffset.getAsLong() : entries.get(floor + 1).startOffset();
        return new EpochEndOffset(entries.get(floor).epoch(), end);
    }

    /** Drops every epoch that starts at or after {@code endOffset}: the log was truncated there. */
    public synchronized void truncateFromEnd(long endOffset) {
        boolean changed = false;
        while (!entries.isEmpty() && latest().startOffset() >= endOffset) {
            entries.remove(entries.size() - 1);
            changed = true;
        }
        if (changed) {
            persist();
            log.debug("[{}] Leader epochs truncated from end offset {}: {}", tp, endOffset, entries);
        }
    }

    /**
     * The log now starts at {@code startOffset}: drops epochs that ended before it and moves the
     * start of the epoch that covers it up to {@code startOffset}.
     */
    public synchronized void truncateFromStart(long startOffset) {
        EpochEntry lastRemoved = null;
        int removed = 0;
        while (!entries.isEmpty() && entries.get(0).startOffset() <= startOffset) {
            lastRemoved = entries.remove(0);
            removed++;
        }
        if (lastRemoved != null) {
            EpochEntry moved = new EpochEntry(lastRemoved.epoch(), startOffset);
            entries.add(0, moved);
            if (removed > 1 || !moved.equals(lastRemoved)) {
                persist();
                log.debug("[{}] Leader epochs truncated from start offset {}: {}", tp, startOffset, entries);
            }
        }
    }

    /** Replaces every entry (rebuild from the log, or a log restarted at a new offset). */
    synchronized void replaceAll(List<EpochEntry> newEntries) {
        String problem = monotonicityProblem(newEntries);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        entries.clear();
        entries.addAll(newEntries);
        persist();
    }

    private EpochEntry latest() {
        return entries.get(entries.size() - 1);
    }

    private void persist() {
        checkpoint.write(entries);
    }

    @Override
    public synchronized String toString() {
        return "LeaderEpochCache" + entries;
    }
}
