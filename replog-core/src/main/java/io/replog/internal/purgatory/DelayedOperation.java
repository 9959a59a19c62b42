package io.replog.internal.purgatory;

import io.replog.time.Scheduler;

/**
 * A request that could not be answered at once and waits in a {@link Purgatory}, without a
 * thread, until the state behind its keys moves far enough or its timeout runs out.
 *
 * <p>Guarantees: exactly one of {@link #onComplete()} and {@link #onExpiration()} runs, once;
 * after it has run the operation is on no watch list and its timer is cancelled (or has fired).
 * The checks ({@link #tryComplete()}, {@link #tryComplete(Object)}, {@link #waitsOn(Object)})
 * only look: the purgatory decides when to answer. Everything runs on the purgatory's event loop.
 *
 * <p>Identity is the operation itself ({@code equals} and {@code hashCode} are final), so a
 * purgatory may hold two operations that wait for the same thing.
 *
 * @param <K> what the operation waits for (a partition, a topic)
 */
public abstract class DelayedOperation<K> {
    private boolean completed;
    private Scheduler.Timer timer;

    /** Whether it has answered, or is answering now. */
    public final boolean isCompleted() {
        return completed;
    }

    /** Checks everything it waits for: true when it can answer completely now. */
    protected abstract boolean tryComplete();

    /**
     * Checks again after the state behind {@code key} moved: true when it can answer completely
     * now. By default everything is checked; an operation that keeps a separate verdict per key
     * checks only {@code key}'s.
     */
    protected boolean tryComplete(K key) {
        return tryComplete();
    }

    /**
     * Whether it still waits for {@code key}. Asked after a check that did not complete it: an
     * operation that has its verdict for {@code key} but not for others leaves {@code key}'s watch
     * list, so that the list counts only operations that still need {@code key} to move.
     */
    protected boolean waitsOn(K key) {
        return true;
    }

    /** Answers with the complete result that the last check found. */
    protected abstract void onComplete();

    /** Answers with whatever there is: the timeout ran out, or the purgatory was closed. */
    protected abstract void onExpiration();

    /** Claims the single answer; false if it was claimed before. */
    final boolean claim() {
        if (completed) {
            return false;
        }
        completed = true;
        if (timer != null) {
            timer.cancel();
        }
        return true;
    }

    final void expireAfter(Scheduler scheduler, long timeoutMs, Runnable onTimeout) {
        timer = scheduler.schedule(timeoutMs, onTimeout);
    }

    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return super.hashCode();
    }
}
