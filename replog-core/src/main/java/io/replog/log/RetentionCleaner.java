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
 * hole; the files are renamed to {@code .deleted} before it returns (freeing their names), and
 * their unlinks and the directory fsync that makes them durable run on the log's {@link LogIo},
 * off the writer's thread (a crash before then brings the segments back, which only moves the
 * log start offset back: nothing checkpoints it for retention); leader epochs below the new
 * start are dropped. Not thread-safe: used under the log's lock.
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
    private final LogIo io;

    RetentionCleaner(LogFileSystem fs, Path dir, TopicPartition tp, Clock clock, LogSegments segments,
                     RetiredSegments retired, LeaderEpochCache epochCache, LogIo io) {
        this.io = io;
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
        List<Path> unlinks = new ArrayList<>();
        for (RetentionPolicy.Deletion d : deletions) {
            segments.remove(d.segment());
            unlinks.addAll(retired.retireLater(d.segment()));
            log.info("[{}] Deleted log segment {} ({} bytes) by retention: {}", tp, d.segment().logFile().getFileName(),
                    d.segment().sizeInBytes(), d.reason());
        }
        io.submit("Deleting " + unlinks.size() + " file(s) of retained-out segments", () -> {
            SegmentFiles.unlink(fs, tp, unlinks);
            FileUtil.fsyncDirectory(fs, dir);
        }, failure -> {
            if (failure != null) {
                throw failure;
            }
        });
        epochCache.truncateFromStart(newStart);
        log.info("[{}] Log start offset moved to {} after deleting {} segment(s)", tp, newStart, deletions.size());
        return deletions.size();
    }
}
