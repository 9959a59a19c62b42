package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.record.ValidationResult;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Writes validated batches, with their final offsets, into the active segment, rolling to a new
 * segment first when the {@link RollPolicy} says so.
 *
 * <p>Guarantees: the caller's bytes are written as they are, with one positional write; the log
 * end offset is published only after they are readable; a roll hands the old segment's fsync to
 * the log's {@link LogIo} (off the writer's thread in production) and the recovery point moves
 * past the old segment only once that fsync is done; an empty active segment that cannot
 * index the offsets (a follower jumping ahead) is replaced, never left behind as an empty
 * segment, and the log-start checkpoint is written first so recovery cannot bring it back.
 * Not thread-safe: used under the log's lock.
 */
final class SegmentRoller {
    private static final Logger log = LoggerFactory.getLogger(SegmentRoller.class);

    private final LogFileSystem fs;
    private final Path dir;
    private final TopicPartition tp;
    private final Clock clock;
    private final LogSegments segments;
    private final RetiredSegments retired;
    private final LogFlusher flusher;
    private final OffsetCheckpoint logStartCheckpoint;
    private final LogIo io;

    SegmentRoller(LogFileSystem fs, Path dir, TopicPartition tp, Clock clock, LogSegments segments,
                  RetiredSegments retired, LogFlusher flusher, OffsetCheckpoint logStartCheckpoint, LogIo io) {
        this.io = io;
        this.fs = fs;
        this.dir = dir;
        this.tp = tp;
        this.clock = clock;
        this.segments = segments;
        this.retired = retired;
        this.flusher = flusher;
        this.logStartCheckpoint = logStartCheckpoint;
    }

    /** Writes {@code records} holding {@code firstOffset..lastOffset}, as {@code v} describes them. */
    LogAppendInfo write(ByteBuffer records, long firstOffset, long lastOffset, ValidationResult v, LogConfig config) {
        LogSegment segment = maybeRoll(v.sizeInBytes(), firstOffset, lastOffset, config);
        segment.append(records, lastOffset, v.maxTimestamp(), clock.millis());
        segments.setLogEndOffset(lastOffset + 1);
        if (log.isDebugEnabled()) {
            log.debug("[{}] Appended offsets {} to {} ({} batch(es), {} record(s), {} bytes) to {}", tp, firstOffset,
                    lastOffset, v.batchCount(), v.recordCount(), v.sizeInBytes(), segment.logFile().getFileName());
        }
        flusher.onAppend(v.recordCount(), segments);
        return new LogAppendInfo(firstOffset, lastOffset, v.maxTimestamp(), v.recordCount(), v.batchCount(),
                v.sizeInBytes());
    }

    /** The segment to append {@code size} bytes holding {@code firstOffset..lastOffset} to, rolling if needed. */
    private LogSegment maybeRoll(int size, long firstOffset, long lastOffset, LogConfig config) {
        LogSegment segment = segments.active();
        boolean offsetsFit = RollPolicy.offsetsFit(segment, firstOffset, lastOffset);
        if (segment.isEmpty()) {
            return offsetsFit ? segment : replaceEmpty(segment, firstOffset, config);
        }
        String reason = RollPolicy.reason(segment, size, offsetsFit, lastOffset, config, clock.millis());
        if (reason == null) {
            return segment;
        }
        return roll(firstOffset, reason, config);
    }

    /**
     * An empty segment whose base cannot index these offsets (a follower jumping ahead) is
     * replaced rather than left behind. As in a restart, recovery must not bring the old empty
     * segment back below the new one.
     */
    private LogSegment replaceEmpty(LogSegment segment, long firstOffset, LogConfig config) {
        logStartCheckpoint.write(firstOffset);
        segments.remove(segment);
        retired.retire(segment);
        LogSegment replacement = LogSegment.create(fs, dir, tp, firstOffset, config);
        segments.addActive(replacement);
        segments.setLogStartOffset(segments.firstBase());
        log.info("[{}] Replaced empty segment at offset {} with one at offset {}", tp, segment.baseOffset(),
                firstOffset);
        return replacement;
    }

    private LogSegment roll(long newBaseOffset, String reason, LogConfig config) {
        LogSegment old = segments.active();
        old.prepareSeal();
        LogSegment segment = LogSegment.create(fs, dir, tp, newBaseOffset, config);
        segments.addActive(segment);
        flusher.rolled();
        seal(old, segments.logEndOffset());
        log.info("[{}] Rolled new log segment at offset {}: {}; previous segment {} holds {} bytes", tp, newBaseOffset,
                reason, old.logFile().getFileName(), old.sizeInBytes());
        return segment;
    }

    /**
     * Fsyncs {@code old} on the log's I/O executor (a segment's fsync can take long, and the writer
     * is a broker's event loop), then moves the recovery point to {@code end}: everything before it
     * is now on disk. A seal that a truncation or deletion of {@code old} overtook changes nothing:
     * the truncation fsynced what it kept and set the recovery point itself.
     */
    private void seal(LogSegment old, long end) {
        int truncationsAtRoll = old.truncationCount();
        io.submit("Sealing segment " + old.logFile().getFileName(), old::forceForSeal, failure -> {
            boolean intact = segments.contains(old) && old.truncationCount() == truncationsAtRoll;
            if (!intact) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            if (segments.active() != old) {
                old.finishSeal();
            }
            if (end <= segments.logEndOffset()) {
                flusher.sealed(old.baseOffset(), end);
            }
        });
    }
}
