package io.replog.zk;

import io.replog.time.Clock;
import io.replog.time.Scheduler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A single named thread as a broker's event loop, as the threaded broker will have. */
final class ThreadScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor;

    ThreadScheduler(String name) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        var f = executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Clock clock() {
        return Clock.system();
    }

    /** {@code query} answered on the loop (the broker's state is the loop's alone). */
    <T> T ask(Supplier<T> query) {
        return ZkTestSupport.get(CompletableFuture.supplyAsync(query, executor));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
