package io.replog.zk;

import io.replog.time.Clock;
import io.replog.time.EventLoopScheduler;
import io.replog.time.Scheduler;

import java.util.function.Supplier;

/**
 * A broker's event loop for these tests: the production {@link EventLoopScheduler} plus a
 * blocking {@link #ask} that fails the test when the loop does not answer in time.
 */
final class ThreadScheduler implements Scheduler, AutoCloseable {
    private final EventLoopScheduler loop;

    ThreadScheduler(String name) {
        loop = new EventLoopScheduler(name);
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        return loop.schedule(delayMs, task);
    }

    @Override
    public Clock clock() {
        return loop.clock();
    }

    /** {@code query} answered on the loop (the broker's state is the loop's alone). */
    <T> T ask(Supplier<T> query) {
        return ZkTestSupport.get(loop.supply(query));
    }

    @Override
    public void close() {
        loop.close();
    }
}
