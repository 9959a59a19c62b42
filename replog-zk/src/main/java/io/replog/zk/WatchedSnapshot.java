package io.replog.zk;

import io.replog.errors.RetriableException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One watched piece of ZooKeeper state (the live brokers, the controller, the topics, ...), kept
 * as a full snapshot. ZooKeeper watches fire once: every event re-reads the state and sets the
 * watches again in the same calls. Reads are coalesced (an event during a read causes one more
 * read after it), and a snapshot is handed on only when it differs from the last one (by
 * {@code worthDelivering}), so duplicate events, reconnects and re-reads cost nothing downstream.
 *
 * <p>The first read after {@link #start()} only establishes the baseline; later reads deliver.
 */
final class WatchedSnapshot<T> {
    private static final Logger log = LoggerFactory.getLogger(WatchedSnapshot.class);

    private final String name;
    private final Supplier<ZkSession> sessions;
    private final BiFunction<ZkSession, Watcher, CompletableFuture<T>> reader;
    private final BiPredicate<T, T> worthDelivering;
    private final Consumer<T> sink;
    private final String logPrefix;

    private boolean started;
    private boolean running;
    private boolean dirty;
    private boolean hasLast;
    private T last;
    private ZkSession watchedSession;
    private Watcher watcher;

    /**
     * @param name            what is watched, for logs
     * @param sessions        the current session (null once closed)
     * @param reader          reads the state, setting {@code watcher} wherever it should fire
     * @param worthDelivering whether a new snapshot (second argument) should be handed on after the last one (first)
     * @param sink            receives the snapshots to deliver; must not block
     */
    WatchedSnapshot(String name, Supplier<ZkSession> sessions, BiFunction<ZkSession, Watcher, CompletableFuture<T>> reader,
                    BiPredicate<T, T> worthDelivering, Consumer<T> sink, String logPrefix) {
        this.name = name;
        this.sessions = sessions;
        this.reader = reader;
        this.worthDelivering = worthDelivering;
        this.sink = sink;
        this.logPrefix = logPrefix;
    }

    /** Starts watching: reads the baseline and arms the watches. */
    synchronized void start() {
        if (!started) {
            started = true;
            refresh();
        }
    }

    /** Stops watching (watch events that still arrive are ignored) and forgets the last snapshot. */
    synchronized void stop() {
        started = false;
        hasLast = false;
        last = null;
    }

    /** Re-reads the state and re-arms the watches; coalesced with a read in progress. */
    synchronized void refresh() {
        if (!started) {
            return;
        }
        if (running) {
            dirty = true;
            return;
        }
        ZkSession s = sessions.get();
        if (s == null) {
            return;
        }
        running = true;
        dirty = false;
        if (s != watchedSession) {
            watchedSession = s;
            watcher = event -> {
                if (event.getType() != Watcher.Event.EventType.None && isWatching(s)) {
                    log.debug("{}{} watch fired: {} {}", logPrefix, name, event.getType(), event.getPath());
                    refresh();
                }
            };
        }
        CompletableFuture<T> read;
        try {
            read = reader.apply(s, watcher);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((value, error) -> done(value, error));
    }

    private synchronized boolean isWatching(ZkSession s) {
        return started && watchedSession == s;
    }

    private synchronized void done(T value, Throwable error) {
        running = false;
        if (!started) {
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RetriableException) {
                // Connection loss or expiry: the reconnect or the new session reads again.
                log.debug("{}reading {} failed: {}", logPrefix, name, cause.getMessage());
            } else {
                log.error("{}reading {} failed: {}", logPrefix, name, cause.getMessage());
            }
        } else if (!hasLast) {
            hasLast = true;
            last = value;
        } else if (worthDelivering.test(last, value)) {
            last = value;
            sink.accept(value);
        } else {
            last = value;
        }
        if (dirty) {
            refresh();
        }
    }
}
