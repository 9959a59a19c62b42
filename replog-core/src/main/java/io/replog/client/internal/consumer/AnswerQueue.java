package io.replog.client.internal.consumer;

import io.replog.errors.ReplogException;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Where the network's threads leave the consumer's answers for the application thread, which
 * applies them inside {@code poll} and {@code position}, waiting on this queue rather than on a
 * sleep.
 *
 * <p>Guarantees: answers are applied in the order they arrived, on the thread that calls
 * {@link #applyAll} or {@link #awaitOne}; after {@link #close()} new answers are dropped.
 */
final class AnswerQueue {
    private final LinkedBlockingQueue<Runnable> answers = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    /** Queues {@code work}; called from any thread. */
    void add(Runnable work) {
        if (!closed) {
            answers.add(work);
        }
    }

    /** Applies every answer queued. */
    void applyAll() {
        Runnable work;
        while ((work = answers.poll()) != null) {
            work.run();
        }
    }

    /** Waits up to {@code waitMs} for an answer and applies it. */
    void awaitOne(long waitMs) {
        try {
            Runnable work = answers.poll(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
            if (work != null) {
                work.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplogException("Interrupted while the consumer waited for brokers", e);
        }
    }

    /** Drops what is queued and everything that arrives later. */
    void close() {
        closed = true;
        answers.clear();
    }
}
