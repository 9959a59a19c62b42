package io.replog.time;

/**
 * The one source of time in replog. Every timeout, lag measurement, segment age and retention
 * decision reads time through a {@code Clock}, so that a deterministic simulation can drive
 * time by hand ({@link ManualClock}) while production uses {@link SystemClock}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Clock {

    /** Wall-clock time in milliseconds since the epoch; used for timestamps and file ages. */
    long millis();

    /**
     * A monotonic reading in nanoseconds with an arbitrary origin; used for measuring intervals.
     * Never goes backwards.
     */
    long nanos();

    /** The system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
