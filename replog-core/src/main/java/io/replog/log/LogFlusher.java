package io.replog.log;

/**
 * Makes appended data durable when the {@link FlushPolicy} says so, and keeps the recovery point
 * (the offset below which every batch is fsynced) and its checkpoint.
 *
 * <p>Guarantees: the checkpoint is written before the value in memory moves, so neither ever
 * claims more than the disk would hold after a crash; the recovery point only rises after the
 * active segment is fsynced. Not thread-safe: used under the log's lock.
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

    /** Fsyncs the active segment (older ones were fsynced when rolled) and moves the recovery point to the end. */
    void flush(LogSegments segments) {
        long end = segments.logEndOffset();
        if (policy.hasUnflushed() || recoveryPoint < end) {
            segments.active().flush();
            policy.flushed();
            updateRecoveryPoint(end);
        }
    }

    /** Everything up to {@code offset} is fsynced by other means (a roll sealed the old segment, a restart). */
    void flushedUpTo(long offset) {
        policy.flushed();
        updateRecoveryPoint(offset);
    }
}
