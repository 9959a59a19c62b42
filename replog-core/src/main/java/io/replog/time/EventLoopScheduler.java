package io.replog.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The production {@link Scheduler}: one named thread running a single-thread scheduled executor.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every task runs on the one thread named at construction, one at a time; tasks given to
 *       {@link #execute} run in submission order.</li>
 *   <li>A timer never runs before {@code delayMs} milliseconds of {@link #clock()} have passed: the
 *       executor's own wait is only a hint, and a timer that wakes early by the clock (a clock
 *       that is not the system's, or a slower one) waits again for what is left, at least a
 *       millisecond, so a hand-driven clock that stands still costs a wake-up per millisecond.</li>
 *   <li>A task that throws is logged at ERROR through SLF4J with the thread's name; the loop goes on
 *       with the next task.</li>
 *   <li>{@link #close()} refuses new work, drops the timers not yet due, lets the tasks already
 *       queued finish, and waits at most the close timeout for the thread to end. Only if they
 *       do not finish by then is the thread interrupted (a task inside a
 *       {@code PartitionLog} must not be interrupted, so that is the last resort) and a warning
 *       logged; a caller interrupted while waiting interrupts the loop at once and gets its
 *       interrupt flag back. Closing is idempotent; called on the loop thread itself it does not
 *       wait for itself.</li>
 *   <li>After {@link #close()} starts, {@link #execute}, {@link #schedule} and {@link #supply}
 *       throw a {@link RejectedExecutionException} naming the thread: work handed to a stopped
 *       loop is a caller's bug that must not vanish silently.</li>
 * </ul>
 *
 * <p>The thread is a daemon: a loop its owner forgot to close does not keep the JVM alive.
 *
 * <p>A loop may also be a <em>lane</em> of a {@link SharedEventLoop}: then it has no thread of its
 * own but runs its tasks on the shared one, interleaved with the other lanes', and keeps every
 * guarantee above for its own tasks. Closing a lane refuses its new work, cancels its timers and
 * waits for its queued tasks; it never interrupts the shared thread, which other lanes still use.
 */
public final class EventLoopScheduler implements Scheduler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoopScheduler.class);

    /** How long {@link #close()} waits for queued tasks when no other bound is given. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final long MIN_REARM_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final Clock clock;
    private final Duration closeTimeout;
    private final ScheduledThreadPoolExecutor executor;
    /** Set by the executor's thread factory; started in the constructor, so never null afterwards. */
    private volatile Thread thread;
    /** The loop whose thread this lane borrows; null for a loop with a thread of its own. */
    private final SharedEventLoop shared;
    /** A lane's tasks, in order on the shared thread: it refuses them once closed and drains at close. */
    private final ExecutorLane lane;
    /** A lane's pending timers, cancelled when it closes so a closed lane keeps nothing alive. */
    private final Set<ClockTimer> laneTimers;

    /** A loop on a thread called {@code threadName}, timed by the system clock. */
    public EventLoopScheduler(String threadName) {
        this(threadName, Clock.system());
    }

    /** A loop on a thread called {@code threadName} whose timers are measured with {@code clock}. */
    public EventLoopScheduler(String threadName, Clock clock) {
        this(threadName, clock, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * A loop on a thread called {@code threadName} whose timers are measured with {@code clock};
     * {@link #close()} waits at most {@code closeTimeout} for queued tasks.
     */
    public EventLoopScheduler(String threadName, Clock clock, Duration closeTimeout) {
        this.name = checkedName(threadName);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.closeTimeout = checkedCloseTimeout(closeTimeout);
        this.shared = null;
        this.lane = null;
        this.laneTimers = null;
        this.executor = loopExecutor(threadName, "The event loop ", t -> thread = t);
    }

    /**
     * One started daemon thread called {@code threadName} behind a scheduled executor that refuses
     * work once shut down (naming the loop) and drops its timers not yet due at shutdown (tasks
     * already due still run); {@code onThread} learns the thread when it is made.
     */
    static ScheduledThreadPoolExecutor loopExecutor(String threadName, String refusalPrefix,
                                                    java.util.function.Consumer<Thread> onThread) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            onThread.accept(t);
            return t;
        }, (r, e) -> {
            throw new RejectedExecutionException(refusalPrefix + threadName + " is closed; task refused");
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        // Started now, so the thread's name is visible (and its identity known) before the first task.
        executor.prestartCoreThread();
        return executor;
    }

    /** A lane named {@code name} of {@code shared}; see {@link SharedEventLoop#lane}. */
    EventLoopScheduler(String name, Clock clock, Duration closeTimeout, SharedEventLoop shared,
                       ScheduledThreadPoolExecutor sharedExecutor) {
        this.name = checkedName(name);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.closeTimeout = checkedCloseTimeout(closeTimeout);
        this.shared = Objects.requireNonNull(shared, "shared");
        this.executor = Objects.requireNonNull(sharedExecutor, "sharedExecutor");
        this.lane = new ExecutorLane(this.name, shared, sharedExecutor, this.closeTimeout);
        this.laneTimers = ConcurrentHashMap.newKeySet();
    }

    private static String checkedName(String name) {
        Objects.requireNonNull(name, "threadName");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the loop thread needs a name");
        }
        return name;
    }

    private static Duration checkedCloseTimeout(Duration closeTimeout) {
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("close timeout must be >= 0, was " + closeTimeout);
        }
        return closeTimeout;
    }

    /** Hands {@code task} to the executor, or to the lane, which refuses it once closed. */
    private void submit(Runnable task) {
        (lane != null ? lane : executor).execute(task);
    }

    private boolean laneClosed() {
        return lane != null && lane.isClosed();
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        submit(() -> runGuarded(task));
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delayMs < 0) {
            throw new IllegalArgumentException("delay must be >= 0 ms, was " + delayMs);
        }
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMs);
        ClockTimer timer = new ClockTimer(clock.nanos() + delayNanos, task);
        if (laneTimers == null) {
            timer.arm(delayNanos);
            return timer;
        }
        if (laneClosed()) {
            throw new RejectedExecutionException("The event loop " + name + " is closed; task refused");
        }
        laneTimers.add(timer);
        timer.arm(delayNanos);
        if (laneClosed()) {
            timer.cancel(); // the lane closed meanwhile, perhaps after cancelling the timers it had
        }
        return timer;
    }

    /**
     * {@code query} answered on the loop, for reading state that belongs to the loop alone. The
     * future completes on the loop thread with the answer, or exceptionally with what the query
     * threw (then nothing is logged: the caller owns the failure).
     */
    public <T> CompletableFuture<T> supply(Supplier<T> query) {
        Objects.requireNonNull(query, "query");
        CompletableFuture<T> answer = new CompletableFuture<>();
        submit(() -> {
            try {
                answer.complete(query.get());
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        return answer;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The loop thread's name. */
    public String name() {
        return name;
    }

    /** Whether the calling thread is this loop's thread. */
    public boolean isLoopThread() {
        return shared != null ? shared.isLoopThread() : Thread.currentThread() == thread;
    }

    /** Whether {@link #close()} has finished: the thread is gone, or for a lane its last queued task ran. */
    public boolean isTerminated() {
        return lane != null ? lane.isTerminated() : executor.isTerminated();
    }

    @Override
    public void close() {
        if (shared != null) {
            closeLane();
            return;
        }
        executor.shutdown();
        if (isLoopThread()) {
            return;
        }
        boolean interrupted = false;
        try {
            if (!executor.awaitTermination(closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("The event loop {} did not finish its queued tasks within {}; interrupting it", name,
                        closeTimeout);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            executor.shutdownNow();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Refuses new work and waits (bounded) for the lane's queued tasks, then cancels its timers;
     * the shared thread is never interrupted, other lanes run on it.
     */
    private void closeLane() {
        lane.close();
        for (ClockTimer t : List.copyOf(laneTimers)) {
            t.cancel();
        }
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.error("A task on the event loop {} failed; the loop goes on", name, t);
        }
    }

    @Override
    public String toString() {
        return "EventLoopScheduler(" + name + ")";
    }

    /** A timer whose deadline is on this scheduler's clock; re-armed on the loop when it wakes early. */
    private final class ClockTimer implements Timer {
        private final long deadlineNanos;
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> pending;

        ClockTimer(long deadlineNanos, Runnable task) {
            this.deadlineNanos = deadlineNanos;
            this.task = task;
        }

        void arm(long delayNanos) {
            if (laneClosed()) {
                return;
            }
            pending = executor.schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
            if (cancelled) {
                pending.cancel(false);
            }
        }

        private void fire() {
            if (cancelled || laneClosed()) {
                return;
            }
            long remaining = deadlineNanos - clock.nanos();
            if (remaining > 0) {
                try {
                    // At least a millisecond: a hand-driven clock that lags must not make the loop spin.
                    arm(Math.max(remaining, MIN_REARM_NANOS));
                } catch (RejectedExecutionException closing) {
                    // The loop is closing: timers not yet due are dropped, as documented.
                }
                return;
            }
            if (laneTimers != null) {
                laneTimers.remove(this);
            }
            runGuarded(task);
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (laneTimers != null) {
                laneTimers.remove(this);
            }
            ScheduledFuture<?> f = pending;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
