package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.record.RecordBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which of the oldest segments retention removes. Deletion is always a prefix of the
 * log: walking from the oldest segment, a segment goes if it is not the active one, every offset
 * in it is below the high watermark (the next segment starts at or below it), and either its
 * newest batch timestamp is more than {@code retention.ms} before now or the log without it is
 * still at least {@code retention.bytes}; the walk stops at the first segment that stays.
 * A segment with no batch timestamp is never old by time.
 */
final class RetentionPolicy {

    /** A segment to delete and why, for the log line. */
    record Deletion(LogSegment segment, String reason) {
    }

    private RetentionPolicy() {
    }

    /**
     * @param segments every segment, oldest first; the last is the active one
     */
    static List<Deletion> select(List<LogSegment> segments, long highWatermark, LogConfig config, long nowMs) {
        List<Deletion> out = new ArrayList<>();
        long retentionBytes = config.retentionBytes();
        long retentionMs = config.retentionMs();
        if (retentionBytes < 0 && retentionMs < 0) {
            return out;
        }
        long total = 0;
        for (LogSegment s : segments) {
            total += s.sizeInBytes();
        }
        long excess = retentionBytes < 0 ? Long.MIN_VALUE : total - retentionBytes;
        for (int i = 0; i < segments.size() - 1; i++) {
            LogSegment segment = segments.get(i);
            long nextBase = segments.get(i + 1).baseOffset();
            if (nextBase > highWatermark) {
                break;
            }
            String reason = null;
            if (retentionMs >= 0) {
                long ts = segment.maxTimestamp();
                if (ts != RecordBatch.NO_TIMESTAMP && nowMs - ts > retentionMs) {
                    reason = "its newest timestamp " + ts + " is more than retention.ms=" + retentionMs
                            + " before now (" + nowMs + ")";
                }
            }
            if (reason == null && retentionBytes >= 0 && excess - segment.sizeInBytes() >= 0) {
                reason = "the log is " + (excess + retentionBytes) + " bytes, above retention.bytes="
                        + retentionBytes + " by at least this segment's " + segment.sizeInBytes() + " bytes";
            }
            if (reason == null) {
                break;
            }
            if (retentionBytes >= 0) {
                excess -= segment.sizeInBytes();
            }
            out.add(new Deletion(segment, reason));
        }
        return out;
    }
}
