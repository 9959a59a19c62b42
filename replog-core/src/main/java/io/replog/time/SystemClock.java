package io.replog.time;

/** The operating system's clocks: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
public final class SystemClock implements Clock {

    /** Stateless, so one instance serves every caller. */
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "SystemClock";
    }
}
