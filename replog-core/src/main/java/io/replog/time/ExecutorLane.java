package io.replog.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A serial executor without a thread of its own: its tasks run on a {@link SharedEventLoop}'s
 * thread, in submission order, interleaved with the other lanes'. A broker's checkpoint writes and
 * its logs' slow file work use one so that the brokers of one JVM share a single I/O thread.
 *
 * <p>{@link #close()} refuses new tasks (a {@link RejectedExecutionException} naming the lane) and
 * waits, at most the shared loop's close timeout, for the tasks already handed over: a closed
 * broker's last checkpoint is on disk when its close returns. A task that throws is logged at
 * ERROR and the lane goes on.
 */
public final class ExecutorLane implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecutorLane.class);

    private final String name;
    private final SharedEventLoop shared;
    private final Executor executor;
    private final Duration closeTimeout;
    private volatile boolean closed;
    private volatile boolean terminated;

    ExecutorLane(String name, SharedEventLoop shared, Executor executor, Duration closeTimeout) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an executor lane needs a name");
        }
        this.name = name;
        this.shared = shared;
        this.executor = executor;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("The executor lane " + name + " is closed; task refused");
        }
        executor.execute(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                log.error("A task on the executor lane {} ({}) failed; the lane goes on", name,
                        shared.threadName(), t);
            }
        });
    }

    /** The lane's name. */
    public String name() {
        return name;
    }

    /** Whether {@link #close()} has begun: new tasks are refused. */
    public boolean isClosed() {
        return closed;
    }

    /** Whether {@link #close()} has finished: the last task handed over before it has run. */
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void close() {
        CountDownLatch drained = new CountDownLatch(1);
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                executor.execute(() -> {
                    terminated = true;
                    drained.countDown();
                });
            } catch (RejectedExecutionException sharedClosed) {
                terminated = true;
                return;
            }
        }
        if (shared.isLoopThread()) {
            return;
        }
        try {
            if (!drained.await(closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("The executor lane {} did not finish its queued tasks on {} within {}", name,
                        shared.threadName(), closeTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ExecutorLane(" + name + " on " + shared.threadName() + ")";
    }
}
