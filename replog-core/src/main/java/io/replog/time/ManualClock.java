package io.replog.time;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to. Used by tests and by the deterministic simulation:
 * wall-clock and monotonic time advance together, so an interval measured with either agrees.
 *
 * <p>Thread-safe; time never goes backwards.
 */
public final class ManualClock implements Clock {
    private final AtomicLong nanos;
    private final long epochOffsetMillis;

    /** A clock whose wall-clock reading starts at {@code startMillis}. */
    public ManualClock(long startMillis) {
        this.epochOffsetMillis = startMillis;
        this.nanos = new AtomicLong(0);
    }

    /** A clock starting at an arbitrary but fixed instant (2026-01-01T00:00:00Z). */
    public ManualClock() {
        this(1_767_225_600_000L);
    }

    @Override
    public long millis() {
        return epochOffsetMillis + TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    /** Moves time forward by {@code amount}; a negative amount is refused. */
    public void advance(Duration amount) {
        advanceNanos(amount.toNanos());
    }

    /** Moves time forward by {@code millis} milliseconds. */
    public void advanceMillis(long millis) {
        advanceNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Moves time forward by {@code delta} nanoseconds. */
    public void advanceNanos(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("time cannot move backwards: delta " + delta + " ns");
        }
        nanos.addAndGet(delta);
    }

    @Override
    public String toString() {
        return "ManualClock[" + millis() + " ms]";
    }
}
