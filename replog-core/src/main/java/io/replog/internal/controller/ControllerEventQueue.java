package io.replog.internal.controller;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs the controller's events one at a time, each to the end of its asynchronous work
 * (coordinator reads and writes) before the next starts, as Kafka's controller thread does, but
 * without blocking a thread: an event is a function returning the future of its completion.
 * This is what makes every decision see the effects of the one before it.
 *
 * <p>Confined to the controller's event loop.
 */
final class ControllerEventQueue {
    private static final Logger log = LoggerFactory.getLogger(ControllerEventQueue.class);

    private record Event(String name, Supplier<CompletableFuture<?>> handler) {
    }

    private final Deque<Event> pending = new ArrayDeque<>();
    private final String logPrefix;
    private boolean running;
    private boolean closed;

    ControllerEventQueue(String logPrefix) {
        this.logPrefix = logPrefix;
    }

    /** Queues an event; it runs once every earlier one has completed. */
    void submit(String name, Supplier<CompletableFuture<?>> handler) {
        if (closed) {
            return;
        }
        pending.add(new Event(name, handler));
        if (!running) {
            runNext();
        }
    }

    /** Drops every queued event; the running one finds the controller inactive and stops. */
    void close() {
        closed = true;
        pending.clear();
    }

    private void runNext() {
        // A loop rather than recursion: events that complete at once must not grow the stack.
        while (true) {
            Event event = closed ? null : pending.poll();
            if (event == null) {
                running = false;
                return;
            }
            running = true;
            CompletableFuture<?> done;
            try {
                done = event.handler().get();
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e);
            }
            if (!done.isDone()) {
                // Every handler completes on the event loop, so continuing synchronously stays on it.
                done.whenComplete((ignored, error) -> {
                    report(event, error);
                    runNext();
                });
                return;
            }
            done.whenComplete((ignored, error) -> report(event, error));
        }
    }

    private void report(Event event, Throwable error) {
        if (error != null && !closed) {
            log.error("{}Controller event '{}' failed", logPrefix, event.name(), CoordinatorRetry.unwrap(error));
        }
    }
}
