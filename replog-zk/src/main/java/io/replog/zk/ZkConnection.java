package io.replog.zk;

import io.replog.errors.RetriableException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The coordinator's current ZooKeeper session and what happens to it.
 *
 * <ul>
 *   <li><b>Connection loss</b> ({@code Disconnected}): the session may survive. Calls fail with a
 *       {@link RetriableException}; ephemeral znodes stay while ZooKeeper still holds the session.
 *       When the client reconnects within the session timeout, the persistent paths are made sure
 *       of again and {@link Handler#reconnected} re-reads every watched snapshot (watches missed in
 *       between are made good by the re-read).</li>
 *   <li><b>Session expiry</b> ({@code Expired}): the ephemeral znodes are gone. A new session is
 *       opened at once, then {@link Handler#expired} runs (it drops the controllership, re-arms the
 *       watches on the new session and tells the listeners).</li>
 * </ul>
 * Session replacement runs on the coordinator's event thread, never on ZooKeeper's.
 */
final class ZkConnection {
    private static final Logger log = LoggerFactory.getLogger(ZkConnection.class);

    /** What the coordinator does when the session changes state; called on the coordinator's event thread. */
    interface Handler {
        void reconnected(ZkSession session);

        void expired(ZkSession old, ZkSession replacement);
    }

    private final ZkCoordinatorConfig config;
    private final ZkPaths paths;
    private final Executor events;
    private final String logPrefix;
    private final AtomicReference<ZkSession> current = new AtomicReference<>();
    private volatile Handler handler;
    private volatile boolean closed;
    private int generation;

    ZkConnection(ZkCoordinatorConfig config, ZkPaths paths, Executor events, String logPrefix) {
        this.config = config;
        this.paths = paths;
        this.events = events;
        this.logPrefix = logPrefix;
    }

    /** Opens the first session. */
    void open(Handler h) {
        this.handler = h;
        current.set(newSession());
    }

    /** The current session; fails with a {@link RetriableException} once closed. */
    ZkSession session() {
        ZkSession s = current.get();
        if (closed || s == null) {
            throw new RetriableException(logPrefix + "the ZooKeeper coordinator is closed");
        }
        return s;
    }

    /** The current session, or null once closed. */
    ZkSession currentOrNull() {
        return closed ? null : current.get();
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

    private ZkSession newSession() {
        int gen = ++generation;
        AtomicReference<ZkSession> holder = new AtomicReference<>();
        Watcher watcher = new Watcher() {
            private boolean disconnected;

            @Override
            public void process(WatchedEvent event) {
                if (event.getType() != Event.EventType.None) {
                    return;
                }
                ZkSession s = holder.get();
                switch (event.getState()) {
                    case SyncConnected -> {
                        if (disconnected && s != null) {
                            disconnected = false;
                            log.info("{}reconnected to ZooKeeper, {} survived", logPrefix, s);
                            ensurePaths(s);
                            run(() -> {
                                if (current.get() == s && !closed) {
                                    handler.reconnected(s);
                                }
                            });
                        } else {
                            log.info("{}connected to ZooKeeper {}, {}", logPrefix, config.connect(),
                                    s == null ? "new session" : s + " (timeout " + s.negotiatedTimeoutMs() + " ms)");
                        }
                    }
                    case Disconnected -> {
                        disconnected = true;
                        if (!closed) {
                            log.warn("{}lost the connection to ZooKeeper ({}); the session survives if the client "
                                    + "reconnects within {} ms", logPrefix, s, s == null ? 0 : s.negotiatedTimeoutMs());
                        }
                    }
                    case Expired -> {
                        if (s != null && !closed) {
                            log.warn("{}ZooKeeper {} expired: its ephemeral znodes are gone; opening a new session",
                                    logPrefix, s);
                            run(() -> replace(s));
                        }
                    }
                    default -> log.debug("{}ZooKeeper session state {}", logPrefix, event.getState());
                }
            }
        };
        try {
            ZkSession s = new ZkSession(config.connect().servers(), config.sessionTimeoutMs(), watcher, gen);
            holder.set(s);
            ensurePaths(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(logPrefix + "cannot open a ZooKeeper client for " + config.connect(), e);
        }
    }

    private void replace(ZkSession expired) {
        if (closed || current.get() != expired) {
            return;
        }
        ZkSession replacement = newSession();
        current.set(replacement);
        expired.close();
        handler.expired(expired, replacement);
    }

    private void run(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Closes the current session (its ephemeral znodes vanish now). */
    void close() {
        closed = true;
        ZkSession s = current.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }
}
