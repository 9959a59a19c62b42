package io.replog.log;

import io.replog.errors.LogStorageException;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs a log's slow file work (a rolled segment's fsync, the unlinks and directory fsync of
 * segments retention deleted) on the executor given to {@link PartitionLog#open}, off the writer's
 * thread, and then applies its outcome under the log's lock.
 *
 * <p>Guarantees: the slow part runs without the log's lock, so appends and reads go on meanwhile;
 * the outcome (a recovery point that may move, an I/O failure that takes the log offline) is
 * applied under the lock, and only while the log is open and online: work finishing after a close
 * changes nothing. With an inline executor ({@code Runnable::run}, the simulation's) everything
 * happens at once on the writer's thread, still under the lock, and a failure is thrown to the
 * writer as the synchronous code did. An executor that refuses the work (shut down while a broker
 * closes) has it run inline too. Tasks must run one at a time, in the order given (a single
 * thread); see {@link LogFlusher#sealed} for why order matters only for how far the recovery
 * point may move, never for what it claims.
 */
final class LogIo {
    private static final Logger log = LoggerFactory.getLogger(LogIo.class);

    private final TopicPartition tp;
    private final Executor executor;
    private final Object lock;
    private final LogState state;

    LogIo(TopicPartition tp, Executor executor, Object lock, LogState state) {
        this.tp = tp;
        this.executor = executor;
        this.lock = lock;
        this.state = state;
    }

    /**
     * Runs {@code slow} on the executor, then {@code outcome} under the log's lock with the
     * {@link LogStorageException} {@code slow} threw, or null; {@code outcome} throws one to take
     * the log offline.
     */
    void submit(String what, Runnable slow, Consumer<LogStorageException> outcome) {
        Runnable task = () -> run(what, slow, outcome);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void run(String what, Runnable slow, Consumer<LogStorageException> outcome) {
        // Holding the lock here means the executor ran the work inline, inside the writer's call.
        boolean inline = Thread.holdsLock(lock);
        LogStorageException failure = null;
        try {
            slow.run();
        } catch (LogStorageException e) {
            failure = e;
        } catch (RuntimeException e) {
            // Nothing may escape to the executor's thread, whose owner would only print it.
            failure = new LogStorageException(what + " failed: " + e, e);
        }
        synchronized (lock) {
            if (state.isClosed() || state.isOffline()) {
                return;
            }
            try {
                outcome.accept(failure);
            } catch (LogStorageException e) {
                state.goOffline(e);
                if (inline) {
                    throw e;
                }
                log.error("[{}] {} failed in the background; the log is offline: {}", tp, what, e.getMessage());
            }
        }
    }
}
