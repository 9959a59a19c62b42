package io.replog.time;

import java.util.concurrent.Executor;

/**
 * The event loop one broker's state machines run on. Replication, fetching and the
 * controller are plain single-threaded objects: every request, response, timer and coordinator
 * notification reaches them through this interface, one at a time, in submission order.
 * Production backs it with one named thread per broker ({@link EventLoopScheduler}); the
 * deterministic simulation backs it with a single seeded event queue and a {@link ManualClock}.
 */
public interface Scheduler extends Executor {

    /** Runs {@code task} on the loop after the tasks already submitted. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} on the loop once {@code delayMs} milliseconds of this scheduler's clock have passed. */
    Timer schedule(long delayMs, Runnable task);

    /** The clock this scheduler's delays are measured with. */
    Clock clock();

    /** A pending timer; cancelling one that has already run or was cancelled does nothing. */
    interface Timer {
        void cancel();
    }
}
