package io.replog.log;

import io.replog.config.LogConfig;

/**
 * Decides when the active segment is closed for appends and a new one started.
 *
 * <p>Guarantees: a roll is called for when the append would take the segment past
 * {@code segment.bytes}, when {@code segment.ms} has passed since its first append (by the
 * clock), when its offset index is full, or when the append's offsets do not fit the segment's
 * 4-byte relative offsets; an empty segment is never rolled. Stateless.
 */
final class RollPolicy {

    private RollPolicy() {
    }

    /** Whether {@code firstOffset..lastOffset} can be indexed relative to {@code segment}'s base. */
    static boolean offsetsFit(LogSegment segment, long firstOffset, long lastOffset) {
        return firstOffset >= segment.baseOffset() && lastOffset - segment.baseOffset() <= Integer.MAX_VALUE;
    }

    /**
     * Why {@code segment} (not empty) must be rolled before an append of {@code size} bytes ending
     * at {@code lastOffset}, for the log line; {@code null} if it need not be.
     */
    static String reason(LogSegment segment, int size, boolean offsetsFit, long lastOffset, LogConfig config,
                         long nowMs) {
        if ((long) segment.sizeInBytes() + size > config.segmentBytes()) {
            return "segment.bytes=" + config.segmentBytes() + " reached (" + segment.sizeInBytes() + " + " + size
                    + " bytes)";
        } else if (segment.firstAppendMs() >= 0 && nowMs - segment.firstAppendMs() > config.segmentMs()) {
            return "segment.ms=" + config.segmentMs() + " passed since its first append";
        } else if (segment.isIndexFull()) {
            return "its offset index is full (segment.index.bytes=" + config.segmentIndexBytes() + ")";
        } else if (!offsetsFit) {
            return "offset " + lastOffset + " does not fit its 4-byte relative offsets";
        }
        return null;
    }
}
