package io.replog.sim;

import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The simulation's pending events in (time, insertion sequence) order. Cancelled events stay
 * in the heap until they reach its head (removing from the middle of a heap is linear), and
 * are skipped there; {@link #size()} counts only live ones.
 */
final class EventQueue {
    private final PriorityQueue<SimEvent> heap = new PriorityQueue<>();
    private long nextSequence;
    private int live;

    /** Adds a task due at {@code timeMs}; later additions for the same time run later. */
    SimEvent add(long timeMs, SimScheduler node, long generation, String description, Runnable task) {
        SimEvent event = new SimEvent(timeMs, nextSequence++, node, generation, description, task);
        heap.add(event);
        live++;
        return event;
    }

    /** The next live event without removing it, or {@code null} when none is pending. */
    SimEvent peek() {
        dropCancelledHead();
        return heap.peek();
    }

    /** Removes and returns the next live event, or {@code null} when none is pending. */
    SimEvent poll() {
        dropCancelledHead();
        SimEvent event = heap.poll();
        if (event != null) {
            event.taken();
            live--;
        }
        return event;
    }

    /** Cancels the event if it is still pending. */
    void cancel(SimEvent event) {
        if (event.cancel()) {
            live--;
        }
    }

    /** Cancels every pending event that matches; returns how many. */
    int cancelIf(Predicate<SimEvent> which) {
        int count = 0;
        for (SimEvent event : heap) {
            if (!event.isCancelled() && which.test(event) && event.cancel()) {
                count++;
            }
        }
        live -= count;
        return count;
    }

    /** The number of live pending events. */
    int size() {
        return live;
    }

    private void dropCancelledHead() {
        while (!heap.isEmpty() && heap.peek().isCancelled()) {
            heap.poll();
        }
    }
}
