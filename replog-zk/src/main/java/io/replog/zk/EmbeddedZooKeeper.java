package io.replog.zk;

import org.apache.zookeeper.server.NIOServerCnxnFactory;
import org.apache.zookeeper.server.ServerCnxn;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A real, standalone ZooKeeper server inside this JVM: the embedded default for a single-JVM
 * cluster, and the server for tests. It listens on 127.0.0.1 (port 0 by default: read it back
 * with {@link #port()}), keeps its snapshots and transaction log in a data directory (a
 * temporary one deleted on {@link #close()}, or one you give, which is kept) and answers
 * clients exactly as an ensemble member would.
 *
 * <pre>{@code
 * try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
 *     ZkCoordinator c = ZkCoordinator.connect(zk.connectString("/replog"));
 * }
 * }</pre>
 *
 * <p>The tick time (default {@value #DEFAULT_TICK_MS} ms, a quarter of ZooKeeper's usual) sets
 * the smallest session timeout the server grants (2 ticks), so tests can expire sessions in
 * a second or two. Fault injection: {@link #restart()} (the server goes away and comes back on
 * the same port with the same data: sessions survive if it is back within their timeout),
 * {@link #dropConnection(long)} (one client's connection is cut; its session survives) and
 * {@link #expireSession(long)}.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    /** The default tick time in milliseconds. */
    public static final int DEFAULT_TICK_MS = 500;
    /** The default largest session timeout granted, in milliseconds. */
    public static final int DEFAULT_MAX_SESSION_TIMEOUT_MS = 60_000;

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int tickMs;
    private final int maxSessionTimeoutMs;
    private final String host;
    private int port;
    private ZooKeeperServer server;
    private NIOServerCnxnFactory factory;
    private boolean closed;

    private EmbeddedZooKeeper(Builder b) throws IOException {
        this.deleteOnClose = b.dataDir == null;
        this.dataDir = b.dataDir == null ? Files.createTempDirectory("replog-zk-") : Files.createDirectories(b.dataDir);
        this.tickMs = b.tickMs;
        this.maxSessionTimeoutMs = b.maxSessionTimeoutMs;
        this.host = b.host;
        this.port = b.port;
        try {
            startServer();
        } catch (IOException | RuntimeException e) {
            if (deleteOnClose) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
    }

    /** Starts a server on 127.0.0.1, an ephemeral port and a temporary data directory. */
    public static EmbeddedZooKeeper start() {
        return builder().start();
    }

    /** A builder for a server with another port, data directory or tick time. */
    public static Builder builder() {
        return new Builder();
    }

    private void startServer() throws IOException {
        File dir = dataDir.toFile();
        ZooKeeperServer zks = new ZooKeeperServer(dir, dir, tickMs);
        zks.setMinSessionTimeout(2 * tickMs);
        zks.setMaxSessionTimeout(maxSessionTimeoutMs);
        NIOServerCnxnFactory f = new NIOServerCnxnFactory();
        f.configure(new InetSocketAddress(host, port), 0);
        try {
            f.startup(zks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.shutdown();
            throw new IOException("interrupted while starting ZooKeeper", e);
        }
        this.server = zks;
        this.factory = f;
        this.port = f.getLocalPort();
        log.info("embedded ZooKeeper listening on {}:{} (data {}, tick {} ms)", host, port, dataDir, tickMs);
    }

    /** {@code 127.0.0.1:<port>}. */
    public synchronized String connectString() {
        return host + ":" + port;
    }

    /** {@code 127.0.0.1:<port><chroot>}, e.g. {@code connectString("/replog")}. */
    public String connectString(String chroot) {
        return connectString() + chroot;
    }

    public synchronized int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int tickMs() {
        return tickMs;
    }

    /** Whether the server is running (not stopped, not closed). */
    public synchronized boolean isRunning() {
        return factory != null;
    }

    /** Stops the server (clients lose their connections); the data stays for {@link #startAgain()}. */
    public synchronized void stop() {
        if (factory != null) {
            factory.shutdown();
            server.shutdown();
            factory = null;
            server = null;
            log.info("embedded ZooKeeper on port {} stopped", port);
        }
    }

    /** Starts a stopped server again on the same port with the same data (sessions it held come back). */
    public synchronized void startAgain() {
        if (closed) {
            throw new IllegalStateException("embedded ZooKeeper is closed");
        }
        if (factory == null) {
            try {
                startServer();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start ZooKeeper again on port " + port, e);
            }
        }
    }

    /** Stops and starts the server: every client loses its connection and reconnects; sessions survive. */
    public synchronized void restart() {
        stop();
        startAgain();
    }

    /**
     * Closes the connection of session {@code sessionId} (as a network fault would): the client
     * reconnects and keeps its session. Returns whether a connection was found.
     */
    public synchronized boolean dropConnection(long sessionId) {
        if (factory == null) {
            return false;
        }
        List<ServerCnxn> matching = new ArrayList<>();
        for (ServerCnxn c : factory.getConnections()) {
            if (c.getSessionId() == sessionId) {
                matching.add(c);
            }
        }
        matching.forEach(c -> c.close(ServerCnxn.DisconnectReason.CONNECTION_CLOSE_FORCED));
        return !matching.isEmpty();
    }

    /** Expires session {@code sessionId} at the server now: its ephemeral znodes are deleted and its client learns it on reconnect. */
    public synchronized void expireSession(long sessionId) {
        if (server == null) {
            throw new IllegalStateException("embedded ZooKeeper is stopped");
        }
        server.expire(sessionId);
    }

    /** Stops the server and deletes its data directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("could not delete ZooKeeper data directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedZooKeeper[" + connectString() + ", " + dataDir + "]";
    }

    /** Options for an {@link EmbeddedZooKeeper}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private String host = "127.0.0.1";
        private int tickMs = DEFAULT_TICK_MS;
        private int maxSessionTimeoutMs = DEFAULT_MAX_SESSION_TIMEOUT_MS;

        private Builder() {
        }

        /** Keep the data in {@code dir} (created if missing, never deleted). Default: a temporary directory, deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The port to listen on; 0 (default) picks a free one. */
        public Builder port(int p) {
            if (p < 0 || p > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + p);
            }
            this.port = p;
            return this;
        }

        /** The address to listen on; default 127.0.0.1. */
        public Builder host(String h) {
            this.host = h;
            return this;
        }

        /** The tick time: the smallest session timeout granted is two ticks. */
        public Builder tickMs(int ms) {
            if (ms < 1) {
                throw new IllegalArgumentException("tick time must be >= 1 ms, was " + ms);
            }
            this.tickMs = ms;
            return this;
        }

        /** The largest session timeout granted. */
        public Builder maxSessionTimeoutMs(int ms) {
            this.maxSessionTimeoutMs = ms;
            return this;
        }

        /** Starts the server. */
        public EmbeddedZooKeeper start() {
            try {
                return new EmbeddedZooKeeper(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start an embedded ZooKeeper server", e);
            }
        }
    }
}
