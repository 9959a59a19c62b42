package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.FencedLeaderEpochException;
import io.replog.record.BatchValidator;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.record.ValidationResult;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;

/**
 * Validates appended batches once and gives them their place in the log: as leader, assigns
 * offsets from the log end offset and stamps the leader epoch in place; as follower, checks the
 * leader's offsets against the log end. Then hands the same buffer to the {@link SegmentRoller}.
 *
 * <p>Guarantees: every check (format, size, epoch fence, timestamps, offsets) runs before the
 * first byte is written or the leader epoch cache is touched, so a refused append leaves the log
 * and its epoch cache as they were; the bytes are never copied here, and a leader's stamps are
 * written into the caller's buffer in place. Not thread-safe: used under the log's lock.
 */
final class LogAppender {
    private final TopicPartition tp;
    private final Clock clock;
    private final LogSegments segments;
    private final LeaderEpochCache epochCache;
    private final SegmentRoller roller;

    LogAppender(TopicPartition tp, Clock clock, LogSegments segments, LeaderEpochCache epochCache,
                SegmentRoller roller) {
        this.tp = tp;
        this.clock = clock;
        this.segments = segments;
        this.epochCache = epochCache;
        this.roller = roller;
    }

    /** See {@link PartitionLog#appendAsLeader}. */
    LogAppendInfo appendAsLeader(ByteBuffer records, int leaderEpoch, LogConfig config) {
        ValidationResult v = BatchValidator.validate(records, BatchValidator.Mode.LEADER, config.maxMessageBytes());
        if (v.batchCount() == 0) {
            return LogAppendInfo.empty(segments.logEndOffset());
        }
        int latest = epochCache.latestEpoch();
        if (leaderEpoch < latest) {
            throw new FencedLeaderEpochException("Cannot append to " + tp + " as leader of epoch " + leaderEpoch
                    + ": the log already holds epoch " + latest);
        }
        long now = clock.millis();
        long first = segments.logEndOffset();
        long next = first;
        int index = 0;
        // One pass: a refused timestamp throws before anything is recorded or written.
        for (RecordBatch batch : RecordBatches.in(records)) {
            if (config.logAppendTime()) {
                batch.setLogAppendTime(now);
            } else {
                checkTimestamp(batch, index++, now, config);
            }
            batch.setBaseOffset(next);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            next = batch.nextOffset();
        }
        if (config.logAppendTime()) {
            v = v.withMaxTimestamp(now);
        }
        epochCache.assign(leaderEpoch, first);
        return roller.write(records, first, next - 1, v, config);
    }

    /** Under CreateTime, a batch stamped too far ahead of the clock would pin its segment against retention.ms. */
    private void checkTimestamp(RecordBatch batch, int index, long now, LogConfig config) {
        long ts = batch.maxTimestamp();
        if (ts > now && ts - now > config.timestampAfterMaxMs()) {
            throw new CorruptRecordException("Cannot append to " + tp + ": batch " + index + " of the request has max"
                    + " timestamp " + ts + ", " + (ts - now) + " ms ahead of the broker's clock (" + now
                    + "); message.timestamp.after.max.ms allows " + config.timestampAfterMaxMs() + " ms");
        }
    }

    /** See {@link PartitionLog#appendAsFollower}. */
    LogAppendInfo appendAsFollower(ByteBuffer records, LogConfig config) {
        ValidationResult v = BatchValidator.validate(records, BatchValidator.Mode.FOLLOWER, Integer.MAX_VALUE);
        long logEndOffset = segments.logEndOffset();
        if (v.batchCount() == 0) {
            return LogAppendInfo.empty(logEndOffset);
        }
        if (v.firstOffset() < logEndOffset) {
            throw new UnexpectedAppendOffsetException("Cannot append to " + tp + " as follower: the first offset "
                    + v.firstOffset() + " is below the log end offset " + logEndOffset
                    + " (truncate the log first)", v.firstOffset(), logEndOffset);
        }
        if (v.lastOffset() - v.firstOffset() > Integer.MAX_VALUE) {
            throw new CorruptRecordException("Cannot append to " + tp + ": offsets " + v.firstOffset() + " to "
                    + v.lastOffset() + " span more than one segment can index in a single append");
        }
        for (RecordBatch batch : RecordBatches.in(records)) {
            int epoch = batch.partitionLeaderEpoch();
            if (epoch >= 0 && epoch > epochCache.latestEpoch()) {
                epochCache.assign(epoch, batch.baseOffset());
            }
        }
        return roller.write(records, v.firstOffset(), v.lastOffset(), v, config);
    }
}
