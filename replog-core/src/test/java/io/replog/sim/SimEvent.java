package io.replog.sim;

/**
 * One pending unit of work in the simulation: a task that runs on a node at a simulated time.
 * Events are ordered by time, then by the order they were created, which is what makes a run
 * repeatable: two events due at the same millisecond always run in submission order.
 */
final class SimEvent implements Comparable<SimEvent> {
    final long timeMs;
    final long sequence;
    final SimScheduler node;
    /** The node generation the event was created under; a crash makes older ones stale. */
    final long generation;
    final String description;
    /** Dropped on cancellation: a cancelled timer stays in the queue until its time, and must not keep what its task holds alive. */
    private Runnable task;
    /** Pending until it runs (polled) or is cancelled; never both. */
    private boolean pending = true;
    private boolean cancelled;

    SimEvent(long timeMs, long sequence, SimScheduler node, long generation, String description, Runnable task) {
        this.timeMs = timeMs;
        this.sequence = sequence;
        this.node = node;
        this.generation = generation;
        this.description = description;
        this.task = task;
    }

    /** Cancels the event; returns whether it was still pending. */
    boolean cancel() {
        if (!pending) {
            return false;
        }
        pending = false;
        cancelled = true;
        task = null;
        return true;
    }

    /** Marks the event as taken from the queue to run. */
    void taken() {
        pending = false;
    }

    /** The work to run; {@code null} once cancelled. */
    Runnable task() {
        return task;
    }

    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public int compareTo(SimEvent o) {
        int byTime = Long.compare(timeMs, o.timeMs);
        return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
    }

    @Override
    public String toString() {
        return "t=" + timeMs + "ms node=" + node.name() + " " + description;
    }
}
