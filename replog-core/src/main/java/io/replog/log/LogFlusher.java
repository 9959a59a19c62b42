package io.replog.log;

/**
 * Makes appended data durable when the {@link FlushPolicy} says so, and keeps the recovery point
 * (the offset below which every batch is fsynced) and its checkpoint.
 *
 * <p>Guarantees: the checkpoint is written before the value in memory moves, so neither ever
 * claims more than the disk would hold after a crash; the recovery point only rises after every
 * segment below it is fsynced (a rolled segment's by its seal, see {@link SegmentRoller}). Not thread-safe: used under the log's lock.
 */
final class LogFlusher {
    private final OffsetCheckpoint checkpoint;
    private final FlushPolicy policy;
    private long recoveryPoint;

    LogFlusher(OffsetCheckpoint checkpoint, FlushPolicy policy, long recoveryPoint) {
        this.checkpoint = checkpoint;
        this.policy = policy;
        this.recoveryPoint = recoveryPoint;
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    /** Moves the recovery point to {@code offset}, durably; the caller knows the disk holds it. */
    void updateRecoveryPoint(long offset) {
        if (offset != recoveryPoint) {
            // The file first: the value in memory never claims more than the disk would after a crash.
            checkpoint.write(offset);
            recoveryPoint = offset;
        }
    }

    /** Counts {@code records} appended records; flushes if that made a flush due. */
    void onAppend(int records, LogSegments segments) {
        policy.onAppend(records);
        if (policy.isDue()) {
            flush(segments);
        }
    }

    /** Flushes if {@code flush.messages} or {@code flush.ms} say it is due; returns whether it did. */
    boolean maybeFlush(LogSegments segments) {
        if (!policy.isDue()) {
            return false;
        }
        flush(segments);
        return true;
    }

    /**
     * Fsyncs every segment from the one holding the recovery point (the active one, and rolled ones
     * whose background seal has not finished yet) and moves the recovery point to the end.
     */
    void flush(LogSegments segments) {
        long end = segments.logEndOffset();
        if (policy.hasUnflushed() || recoveryPoint < end) {
            for (LogSegment s : segments.fromSegmentHolding(recoveryPoint)) {
                s.flush();
            }
            policy.flushed();
            updateRecoveryPoint(end);
        }
    }

    /**
     * A segment was rolled: its appends are being fsynced by its seal, so they no longer count
     * towards {@code flush.messages} or {@code flush.ms}; the recovery point moves only when the
     * seal is done ({@link #sealed}).
     */
    void rolled() {
        policy.flushed();
    }

    /**
     * The seal of a rolled segment fsynced everything below {@code offset} in it: the recovery
     * point moves there, only upwards, and only if it already covers the segment's older
     * neighbours ({@code sealedBase}: its base offset), so a seal finishing out of order never
     * claims an older segment that is not fsynced yet.
     */
    void sealed(long sealedBase, long offset) {
        if (recoveryPoint >= sealedBase && offset > recoveryPoint) {
            updateRecoveryPoint(offset);
        }
    }

    /** Everything up to {@code offset} is fsynced by other means (a roll sealed the old segment, a restart). */
    void flushedUpTo(long offset) {
        policy.flushed();
        updateRecoveryPoint(offset);
    }
}
