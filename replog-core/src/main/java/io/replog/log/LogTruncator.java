package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Removes the end of the log (a follower diverged from its leader) or all of it (a restart at a
 * new offset).
 *
 * <p>Guarantees: readers see the new bounds before any byte goes; the recovery point never
 * claims offsets the disk no longer holds, even part-way through; removals go newest first and
 * are made durable (directory fsync) before the cut, so a crash at any point leaves a log without
 * a hole; the oldest segment always stays, so the log keeps its start offset; leader epochs from
 * the new end on are dropped. A full restart writes the log-start checkpoint before anything
 * goes, so recovery finds either the old log or the new empty one, never an empty log at
 * offset 0. Not thread-safe: used under the log's lock.
 */
final class LogTruncator {
    private static final Logger log = LoggerFactory.getLogger(LogTruncator.class);

    private final LogFileSystem fs;
    private final Path dir;
    private final TopicPartition tp;
    private final LogSegments segments;
    private final RetiredSegments retired;
    private final LogFlusher flusher;
    private final OffsetCheckpoint logStartCheckpoint;
    private final LeaderEpochCache epochCache;

    LogTruncator(LogFileSystem fs, Path dir, TopicPartition tp, LogSegments segments, RetiredSegments retired,
                 LogFlusher flusher, OffsetCheckpoint logStartCheckpoint, LeaderEpochCache epochCache) {
        this.fs = fs;
        this.dir = dir;
        this.tp = tp;
        this.segments = segments;
        this.retired = retired;
        this.flusher = flusher;
        this.logStartCheckpoint = logStartCheckpoint;
        this.epochCache = epochCache;
    }

    /** See {@link PartitionLog#truncateTo}. */
    void truncateTo(long offset, LogConfig config) {
        if (offset >= segments.logEndOffset()) {
            return;
        }
        if (offset < segments.logStartOffset()) {
            truncateFullyAndStartAt(offset, "truncation to " + offset + " below the log start offset", config);
            return;
        }
        long oldEnd = segments.logEndOffset();
        long oldSize = segments.sizeInBytes();
        long oldRecoveryPoint = flusher.recoveryPoint();
        // The checkpoint must never claim offsets the disk no longer holds, even mid-way: lower it
        // to the segment being cut before anything goes (recovery then re-validates that segment).
        long cutSegmentBase = segments.floorBase(offset);
        if (flusher.recoveryPoint() > cutSegmentBase) {
            flusher.updateRecoveryPoint(cutSegmentBase);
        }
        // Readers bound themselves by the end offset; lower it before any byte goes.
        segments.setLogEndOffset(offset);
        retired.closeAll();
        long firstBase = segments.firstBase();
        // Newest first, so that a crash losing some of the unlinks still leaves a log without a hole.
        boolean removed = false;
        for (LogSegment s : segments.fromNewestDownTo(offset)) {
            if (s.baseOffset() == firstBase) {
                break; // the oldest segment stays, cut to empty below, so the log keeps its start offset
            }
            segments.remove(s);
            retired.retire(s);
            removed = true;
        }
        if (removed) {
            // Before the cut: a cut segment followed by resurrected later ones would be a hole.
            FileUtil.fsyncDirectory(fs, dir);
        }
        segments.activateLast();
        long newEnd = segments.last().truncateTo(offset);
        segments.setLogEndOffset(newEnd);
        epochCache.truncateFromEnd(newEnd);
        // The cut is fsynced: what the old recovery point covered below the new end is still durable.
        flusher.updateRecoveryPoint(Math.min(oldRecoveryPoint, newEnd));
        log.info("[{}] Truncated log to offset {} (requested {}): log end offset was {}, {} bytes removed", tp,
                newEnd, offset, oldEnd, oldSize - segments.sizeInBytes());
    }

    /**
     * See {@link PartitionLog#truncateFullyAndStartAt}. The restart is made crash-safe by the
     * log-start checkpoint, written first: whatever subset of the following unlinks and creations
     * a crash keeps, recovery deletes old segments below the new start and starts an empty
     * directory there, so the log is either the old one (when the new start is below it) or the
     * new, empty one, never empty at offset 0.
     */
    void truncateFullyAndStartAt(long newStartOffset, String why, LogConfig config) {
        long oldStart = segments.logStartOffset();
        long oldEnd = segments.logEndOffset();
        if (flusher.recoveryPoint() > newStartOffset) {
            // Never above what the disk may hold mid-way: the old log may be gone before the new one exists.
            flusher.updateRecoveryPoint(newStartOffset);
        }
        logStartCheckpoint.write(newStartOffset);
        retired.closeAll();
        List<LogSegment> all = segments.newestFirst();
        segments.setLogStartOffset(newStartOffset);
        segments.setLogEndOffset(newStartOffset);
        segments.clear();
        for (LogSegment s : all) {
            retired.retire(s);
        }
        // Creating the new segment fsyncs the directory, which makes the unlinks durable too.
        LogSegment fresh = LogSegment.create(fs, dir, tp, newStartOffset, config);
        segments.addActive(fresh);
        epochCache.replaceAll(List.of());
        flusher.flushedUpTo(newStartOffset);
        log.info("[{}] Truncated log fully and restarted it at offset {} ({}); it held offsets {} to {}", tp,
                newStartOffset, why, oldStart, oldEnd);
    }
}
