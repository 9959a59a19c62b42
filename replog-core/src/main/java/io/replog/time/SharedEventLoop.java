package io.replog.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One named thread that several event loops share: each {@link #lane lane} is an
 * {@link EventLoopScheduler} without a thread of its own, and each {@link #executorLane executor
 * lane} a serial executor for slow file work. The brokers of one in-JVM cluster put their engines
 * on one shared loop and their file work on another, so a three-broker test cluster costs two
 * threads here instead of nine.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every lane keeps {@link EventLoopScheduler}'s guarantees for its own tasks: one at a time,
 *       in submission order, timers never early; tasks of different lanes interleave in the order
 *       they were handed over, so a slow task in one lane delays the others (the price of sharing).</li>
 *   <li>Closing a lane refuses its new work, cancels its timers and waits (bounded) for its queued
 *       tasks; the shared thread and the other lanes go on.</li>
 *   <li>{@link #close()} refuses work in every lane, lets the tasks already queued run, and waits
 *       at most the close timeout for the thread to end before interrupting it. Close the lanes'
 *       owners first.</li>
 *   <li>The thread is a daemon and named at construction.</li>
 * </ul>
 */
public final class SharedEventLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedEventLoop.class);

    private final String threadName;
    private final Duration closeTimeout;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    /** A shared loop on a thread called {@code threadName}; closing waits at most 10 s. */
    public SharedEventLoop(String threadName) {
        this(threadName, EventLoopScheduler.DEFAULT_CLOSE_TIMEOUT);
    }

    /** A shared loop on a thread called {@code threadName}; closing waits at most {@code closeTimeout}. */
    public SharedEventLoop(String threadName, Duration closeTimeout) {
        Objects.requireNonNull(threadName, "threadName");
        if (threadName.isBlank()) {
            throw new IllegalArgumentException("the shared loop thread needs a name");
        }
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("close timeout must be >= 0, was " + closeTimeout);
        }
        this.threadName = threadName;
        this.closeTimeout = closeTimeout;
        this.executor = EventLoopScheduler.loopExecutor(threadName, "The shared event loop ", t -> thread = t);
    }

    /** A lane called {@code name} whose timers are measured with {@code clock}. */
    public EventLoopScheduler lane(String name, Clock clock) {
        return lane(name, clock, EventLoopScheduler.DEFAULT_CLOSE_TIMEOUT);
    }

    /** A lane called {@code name}; closing it waits at most {@code closeTimeout} for its queued tasks. */
    public EventLoopScheduler lane(String name, Clock clock, Duration closeTimeout) {
        refuseIfClosed(name);
        return new EventLoopScheduler(name, clock, closeTimeout, this, executor);
    }

    /** A serial executor called {@code name} on this thread; see {@link ExecutorLane}. */
    public ExecutorLane executorLane(String name) {
        refuseIfClosed(name);
        return new ExecutorLane(name, this, executor, closeTimeout);
    }

    private void refuseIfClosed(String lane) {
        if (executor.isShutdown()) {
            throw new IllegalStateException("cannot open lane " + lane + ": the shared event loop " + threadName
                    + " is closed");
        }
    }

    /** The shared thread's name. */
    public String threadName() {
        return threadName;
    }

    /** Whether the calling thread is the shared thread. */
    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Whether {@link #close()} has finished and the thread is gone. */
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public void close() {
        executor.shutdown();
        if (isLoopThread()) {
            return;
        }
        try {
            if (!executor.awaitTermination(closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("The shared event loop {} did not finish its queued tasks within {}; interrupting it",
                        threadName, closeTimeout);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SharedEventLoop(" + threadName + ")";
    }
}
