package io.replog.zk;

import io.replog.errors.RetriableException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One watched piece of ZooKeeper state (the live brokers, the controller, the topics, ...), kept
 * as a full snapshot. ZooKeeper watches fire once: every event re-reads the state and sets the
 * watches again in the same calls. Reads are coalesced (events during a read cause one more read
 * after it), and a snapshot is handed on only when it differs from the last one (by
 * {@code worthDelivering}), so duplicate events, reconnects and re-reads cost nothing downstream.
 *
 * <p>A {@link Reader} is told which znodes fired since its last read, so it may read only what
 * changed; after a reconnect, a new session or a failed read it is asked for a full read.
 *
 * <p>The first read after {@link #start()} only establishes the baseline; later reads deliver.
 */
final class WatchedSnapshot<T> {
    private static final Logger log = LoggerFactory.getLogger(WatchedSnapshot.class);

    /** Reads the state, setting {@code watcher} wherever it should fire. */
    interface Reader<T> {
        /**
         * @param full  whether to read everything (else only what {@code fired} names may have changed)
         * @param fired the paths of the watch events since the last read
         */
        CompletableFuture<T> read(ZkSession session, Watcher watcher, boolean full, Set<String> fired);

        /** A reader that always reads everything. */
        static <T> Reader<T> full(BiFunction<ZkSession, Watcher, CompletableFuture<T>> f) {
            return (session, watcher, full, fired) -> f.apply(session, watcher);
        }
    }

    private final String name;
    private final Supplier<ZkSession> sessions;
    private final Reader<T> reader;
    private final BiPredicate<T, T> worthDelivering;
    private final Consumer<T> sink;
    private final String logPrefix;

    private boolean started;
    private boolean running;
    private boolean dirty;
    private boolean fullNext = true;
    private Set<String> fired = new HashSet<>();
    private boolean hasLast;
    private T last;
    private ZkSession watchedSession;
    private Watcher watcher;

    /**
     * @param name            what is watched, for logs
     * @param sessions        the current session (null once closed)
     * @param reader          reads the state
     * @param worthDelivering whether a new snapshot (second argument) should be handed on after the last one (first)
     * @param sink            receives the snapshots to deliver; must not block
     */
    WatchedSnapshot(String name, Supplier<ZkSession> sessions, Reader<T> reader, BiPredicate<T, T> worthDelivering,
                    Consumer<T> sink, String logPrefix) {
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
            fullNext = true;
            refresh();
        }
    }

    /** Stops watching (watch events that still arrive are ignored) and forgets the last snapshot. */
    synchronized void stop() {
        started = false;
        hasLast = false;
        last = null;
    }

    /** Whether the baseline has been read (every later change is delivered). */
    synchronized boolean hasBaseline() {
        return hasLast;
    }

    /** Re-reads everything and re-arms every watch (after a reconnect); coalesced with a read in progress. */
    synchronized void refreshAll() {
        fullNext = true;
        refresh();
    }

    /** Re-reads what changed; coalesced with a read in progress. */
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
        boolean full = fullNext || s != watchedSession;
        Set<String> paths = fired;
        fired = new HashSet<>();
        fullNext = false;
        if (s != watchedSession) {
            watchedSession = s;
            watcher = event -> {
                if (event.getType() != Watcher.Event.EventType.None) {
                    fired(s, event.getPath(), event.getType());
                }
            };
        }
        CompletableFuture<T> read;
        try {
            read = reader.read(s, watcher, full, paths);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((value, error) -> done(value, error));
    }

    private synchronized void fired(ZkSession s, String path, Watcher.Event.EventType type) {
        if (!started || watchedSession != s) {
            return;
        }
        log.debug("{}{} watch fired: {} {}", logPrefix, name, type, path);
        if (path == null) {
            fullNext = true;
        } else {
            fired.add(path);
        }
        refresh();
    }

    private synchronized void done(T value, Throwable error) {
        running = false;
        if (!started) {
            return;
        }
        if (error != null) {
            fullNext = true; // what the failed read should have covered is read again in full
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
