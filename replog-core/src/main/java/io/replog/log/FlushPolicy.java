package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.time.Clock;

import java.util.concurrent.TimeUnit;

/**
 * Kafka's default durability policy: appends are not fsynced one by one (replication, not the
 * disk, protects acknowledged data); the log is fsynced once {@code flush.messages} records are
 * waiting or {@code flush.ms} has passed since the last fsync. Intervals are measured on the
 * {@link Clock}'s monotonic reading. Not thread-safe: used under the log's lock.
 */
final class FlushPolicy {
    private final long flushMessages;
    private final long flushMs;
    private final Clock clock;
    private long unflushedMessages;
    private long lastFlushNanos;

    FlushPolicy(LogConfig config, Clock clock) {
        this.flushMessages = config.flushMessages();
        this.flushMs = config.flushMs();
        this.clock = clock;
        this.lastFlushNanos = clock.nanos();
    }

    void onAppend(int records) {
        unflushedMessages += records;
    }

    /** Whether unflushed data has waited long enough, by count or by time. */
    boolean isDue() {
        if (unflushedMessages == 0) {
            return false;
        }
        if (unflushedMessages >= flushMessages) {
            return true;
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(clock.nanos() - lastFlushNanos);
        return waitedMs >= flushMs;
    }

    boolean hasUnflushed() {
        return unflushedMessages > 0;
    }

    long unflushedMessages() {
        return unflushedMessages;
    }

    void flushed() {
        unflushedMessages = 0;
        lastFlushNanos = clock.nanos();
    }
}
