package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the oldest segments that the {@link RetentionPolicy} selects and moves the log start
 * offset past them.
 *
 * <p>Guarantees: the log start offset moves before any segment disappears (readers check it
 * first); deletions go oldest first, so a crash losing some unlinks still leaves a log without a
 * hole, and are made durable with a directory fsync before it returns; leader epochs below the
 * new start are dropped. Not thread-safe: used under the log's lock.
 */
final class RetentionCleaner {
    private static final Logger log = LoggerFactory.getLogger(RetentionCleaner.class);

    private final LogFileSystem fs;
    private final Path dir;
    private final TopicPartition tp;
    private final Clock clock;
    private final LogSegments segments;
    private final RetiredSegments retired;
    private final LeaderEpochCache epochCache;

    RetentionCleaner(LogFileSystem fs, Path dir, TopicPartition tp, Clock clock, LogSegments segments,
                     RetiredSegments retired, LeaderEpochCache epochCache) {
        this.fs = fs;
        this.dir = dir;
        this.tp = tp;
        this.clock = clock;
        this.segments = segments;
        this.retired = retired;
        this.epochCache = epochCache;
    }

    /** See {@link PartitionLog#applyRetention}; returns how many segments were deleted. */
    int apply(long highWatermark, LogConfig config) {
        List<RetentionPolicy.Deletion> deletions = RetentionPolicy.select(new ArrayList<>(segments.all()),
                highWatermark, config, clock.millis());
        if (deletions.isEmpty()) {
            return 0;
        }
        retired.closeAll();
        LogSegment lastDeleted = deletions.get(deletions.size() - 1).segment();
        // Readers check the start offset first, so move it before the segments disappear.
        long newStart = segments.higherBase(lastDeleted.baseOffset());
        segments.setLogStartOffset(newStart);
        // Oldest first, so that a crash losing some of the unlinks still leaves a log without a hole.
        for (RetentionPolicy.Deletion d : deletions) {
            segments.remove(d.segment());
            retired.retire(d.segment());
            log.info("[{}] Deleted log segment {} ({} bytes) by retention: {}", tp, d.segment().logFile().getFileName(),
                    d.segment().sizeInBytes(), d.reason());
        }
        FileUtil.fsyncDirectory(fs, dir);
        epochCache.truncateFromStart(newStart);
        log.info("[{}] Log start offset moved to {} after deleting {} segment(s)", tp, newStart, deletions.size());
        return deletions.size();
    }
}
