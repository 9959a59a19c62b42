package io.replog.zk;

import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's current ZooKeeper session and what happens to it.
 *
 * <ul>
 *   <li><b>Connection loss</b> ({@code Disconnected}): the session may survive. Calls fail with a
 *       {@link RetriableException}; ephemeral znodes stay while ZooKeeper still holds the session.
 *       When the client reconnects within the session timeout, the persistent paths are made sure
 *       of again and {@link Handler#reconnected} re-reads every watched snapshot (watches missed in
 *       between are made good by the re-read). Whoever must know the outcome of a call that met the
 *       connection loss waits for {@link #whenConnected} and asks again.</li>
 *   <li><b>Session expiry</b> ({@code Expired}): the ephemeral znodes are gone. A new session is
 *       opened at once, then {@link Handler#expired} runs (it drops the controllership, re-arms the
 *       watches on the new session and tells the listeners). If no new session can be opened (the
 *       client cannot even be created, e.g. no server name resolves), that is logged as an ERROR
 *       and tried again with a growing pause; calls fail with a message that says so.</li>
 *   <li><b>Every connection</b> is checked for a server that supports what replog needs (see
 *       {@link ServerVersionCheck}); calls fail with a precise error while the server is too old.</li>
 * </ul>
 * Session replacement runs on the coordinator's event thread, never on ZooKeeper's.
 */
final class ZkConnection {
    private static final Logger log = LoggerFactory.getLogger(ZkConnection.class);
    /** First and largest pause between attempts to open a replacement session. */
    static final long FIRST_REOPEN_BACKOFF_MS = 500;
    static final long MAX_REOPEN_BACKOFF_MS = 30_000;

    /** What the coordinator does when the session changes state; called on the coordinator's event thread. */
    interface Handler {
        void reconnected(ZkSession session);

        void expired(ZkSession old, ZkSession replacement);
    }

    /** Opens client sessions; tests substitute one that fails. */
    interface SessionFactory {
        ZkSession open(String servers, int sessionTimeoutMs, Watcher watcher, int generation) throws IOException;
    }

    private final ZkCoordinatorConfig config;
    private final ZkPaths paths;
    private final ScheduledExecutorService events;
    private final SessionFactory factory;
    private final String logPrefix;
    private final ServerVersionCheck versionCheck;
    /** Guards current, closed and the waiters, so a close never races a replacement into leaking a session. */
    private final Object lock = new Object();
    private ZkSession current;
    private boolean closed;
    private String noSessionReason;
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile Handler handler;
    private int generation;
    private final java.util.concurrent.atomic.AtomicInteger connectionLosses = new java.util.concurrent.atomic.AtomicInteger();

    private record Waiter(ZkSession session, CompletableFuture<ZkSession> future) {
    }

    ZkConnection(ZkCoordinatorConfig config, ZkPaths paths, ScheduledExecutorService events, SessionFactory factory,
                 String logPrefix) {
        this.config = config;
        this.paths = paths;
        this.events = events;
        this.factory = factory;
        this.logPrefix = logPrefix;
        this.versionCheck = new ServerVersionCheck(logPrefix);
    }

    /** Opens the first session; fails if not even the client can be created (a configuration error). */
    void open(Handler h) {
        this.handler = h;
        ZkSession first;
        try {
            first = newSession();
        } catch (IOException | RuntimeException e) {
            throw new ReplogException(logPrefix + "cannot open a ZooKeeper client for " + config.connect() + ": " + e, e);
        }
        synchronized (lock) {
            current = first;
        }
    }

    /**
     * The current session; fails with a {@link RetriableException} once closed or while no session
     * could be opened, and with a plain {@link ReplogException} while the server is too old.
     */
    ZkSession session() {
        synchronized (lock) {
            if (closed) {
                throw new RetriableException(logPrefix + "the ZooKeeper coordinator is closed");
            }
            if (current == null) {
                throw new RetriableException(logPrefix + "no ZooKeeper session: " + noSessionReason);
            }
            versionCheck.requireSupported(current);
            return current;
        }
    }

    /** The current session, or null once closed (or while none could be opened). */
    ZkSession currentOrNull() {
        synchronized (lock) {
            return closed ? null : current;
        }
    }

    /**
     * Completes with {@code s} once it is connected (at once if it looks connected: a call that
     * meets the loss again waits again, ZooKeeper queueing it until the reconnect), so a call that
     * met a connection loss can learn its outcome in the same session; fails with a
     * {@link RetriableException} when {@code s} expires or the coordinator closes first.
     */
    CompletableFuture<ZkSession> whenConnected(ZkSession s) {
        CompletableFuture<ZkSession> f = new CompletableFuture<>();
        synchronized (lock) {
            if (closed || current != s) {
                f.completeExceptionally(new RetriableException(logPrefix + s + " is no longer the coordinator's session"));
                return f;
            }
            waiters.add(new Waiter(s, f));
        }
        if (s.isConnected()) {
            release(s);
        }
        return f;
    }

    /** {@code s} is connected: whoever waits for it goes on. */
    private void release(ZkSession s) {
        List<Waiter> ready = new ArrayList<>();
        synchronized (lock) {
            waiters.removeIf(w -> w.session() == s && ready.add(w));
        }
        ready.forEach(w -> w.future().complete(s));
    }

    /** How many times a session of this coordinator lost its connection so far. */
    int connectionLosses() {
        return connectionLosses.get();
    }

    /** Creates the persistent paths (and {@code /controller_epoch} with 0) that are missing; pipelined, never waits. */
    void ensurePaths(ZkSession s) {
        for (String path : paths.persistentNodes()) {
            s.create(path, new byte[0], CreateMode.PERSISTENT).thenAccept(w -> {
                if (w.code() != Code.OK && w.code() != Code.NODEEXISTS && !ZkErrors.isConnectionProblem(w.code())) {
                    log.warn("{}cannot create {}: {}", logPrefix, path, w.code());
                }
            });
        }
        s.create(paths.controllerEpoch(), io.replog.zk.znode.ControllerEpochZnode.encode(0), CreateMode.PERSISTENT);
    }

    private ZkSession newSession() throws IOException {
        int gen = ++generation;
        ZkSession[] holder = new ZkSession[1];
        Watcher watcher = new Watcher() {
            private boolean disconnected;

            @Override
            public void process(WatchedEvent event) {
                if (event.getType() != Event.EventType.None) {
                    return;
                }
                ZkSession s;
                synchronized (holder) {
                    s = holder[0];
                }
                switch (event.getState()) {
                    case SyncConnected -> {
                        if (s == null) {
                            return;
                        }
                        versionCheck.check(s);
                        if (disconnected) {
                            disconnected = false;
                            log.info("{}reconnected to ZooKeeper {}, {} survived", logPrefix, s.server(), s);
                        } else {
                            log.info("{}connected to ZooKeeper {} at {}, {} (timeout {} ms)", logPrefix,
                                    config.connect(), s.server(), s, s.negotiatedTimeoutMs());
                        }
                        // Calls sent before the first connection, or lost with the last one, failed:
                        // the paths are made sure of and every watch is read (and armed) again.
                        ensurePaths(s);
                        run(() -> {
                            if (currentOrNull() == s) {
                                handler.reconnected(s);
                            }
                        });
                        release(s);
                    }
                    case Disconnected -> {
                        disconnected = true;
                        connectionLosses.incrementAndGet();
                        if (currentOrNull() == s) {
                            log.warn("{}lost the connection to ZooKeeper ({}); the session survives if the client "
                                    + "reconnects within {} ms", logPrefix, s, s == null ? 0 : s.negotiatedTimeoutMs());
                        }
                    }
                    case Expired -> {
                        if (s != null && currentOrNull() == s) {
                            log.warn("{}ZooKeeper {} expired: its ephemeral znodes are gone; opening a new session",
                                    logPrefix, s);
                            run(() -> replace(s, FIRST_REOPEN_BACKOFF_MS));
                        }
                    }
                    default -> log.debug("{}ZooKeeper session state {}", logPrefix, event.getState());
                }
            }
        };
        ZkSession s = factory.open(config.connect().servers(), config.sessionTimeoutMs(), watcher, gen);
        synchronized (holder) {
            holder[0] = s;
        }
        ensurePaths(s);
        return s;
    }

    /**
     * Replaces the expired session; if no client can be created, says so loudly and tries again
     * after {@code backoffMs} (doubling up to {@value #MAX_REOPEN_BACKOFF_MS} ms).
     */
    private void replace(ZkSession expired, long backoffMs) {
        synchronized (lock) {
            if (closed || current != expired && current != null) {
                return;
            }
        }
        failWaitersOf(expired); // whatever waited for it to reconnect: it never will
        ZkSession replacement;
        try {
            replacement = newSession();
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                current = null; // calls say why, rather than fail on the expired session
                noSessionReason = "opening a new session after " + expired + " expired failed (" + e
                        + "); trying again every " + backoffMs + " ms";
            }
            log.error("{}cannot open a new ZooKeeper session for {} after {} expired: {}; every coordinator call "
                    + "fails until one opens; trying again in {} ms", logPrefix, config.connect(), expired, e, backoffMs);
            schedule(() -> replace(expired, Math.min(MAX_REOPEN_BACKOFF_MS, backoffMs * 2)), backoffMs);
            return;
        }
        boolean keep;
        synchronized (lock) {
            keep = !closed && (current == expired || current == null);
            if (keep) {
                current = replacement;
                noSessionReason = null;
            }
        }
        if (!keep) {
            replacement.close(); // closed meanwhile: the new session must not outlive the coordinator
            return;
        }
        expired.close();
        handler.expired(expired, replacement);
    }

    private void failWaitersOf(ZkSession expired) {
        List<Waiter> gone = new ArrayList<>();
        synchronized (lock) {
            waiters.removeIf(w -> w.session() == expired && gone.add(w));
        }
        gone.forEach(w -> w.future().completeExceptionally(
                new RetriableException(logPrefix + "ZooKeeper " + expired + " expired")));
    }

    private void run(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void schedule(Runnable task, long delayMs) {
        try {
            events.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Closes the current session (its ephemeral znodes vanish now). */
    void close() {
        ZkSession s;
        List<Waiter> pending;
        synchronized (lock) {
            closed = true;
            s = current;
            current = null;
            pending = new ArrayList<>(waiters);
            waiters.clear();
        }
        pending.forEach(w -> w.future().completeExceptionally(
                new RetriableException(logPrefix + "the ZooKeeper coordinator is closed")));
        if (s != null) {
            s.close();
        }
    }
}
