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
import java.util.Map;
import java.util.Properties;

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
 *
 * <p>It runs on few threads: one selector thread does the sockets' work (ZooKeeper's
 * {@code zookeeper.nio.numSelectorThreads=1}, {@code zookeeper.nio.numWorkerThreads=0}, unless the
 * JVM sets those properties), plus ZooKeeper's request pipeline, session and connection expiry
 * threads: seven in all, whatever the number of cores.
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
    private final boolean fsync;
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
        this.fsync = b.fsync;
        this.port = b.port;
        warmUpInBackground();
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
        ZooKeeperServer zks = withProperties(fsync ? Map.of() : Map.of(FORCE_SYNC, "no"),
                () -> new ZooKeeperServer(dir, dir, tickMs));
        zks.setMinSessionTimeout(2 * tickMs);
        zks.setMaxSessionTimeout(maxSessionTimeoutMs);
        NIOServerCnxnFactory f = new NIOServerCnxnFactory();
        InetSocketAddress address = new InetSocketAddress(host, port);
        withProperties(FEW_THREADS, () -> {
            f.configure(address, 0);
            return f;
        });
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
        log.info("embedded ZooKeeper listening on {}:{} (data {}, tick {} ms{})", host, port, dataDir, tickMs,
                fsync ? "" : ", no fsync");
    }

    /**
     * One selector thread that also does the sockets' work, instead of ZooKeeper's default of one
     * selector per two cores and two worker threads per core: a server for one JVM's brokers
     * serves a handful of sessions, and on a 16-core laptop the defaults alone would be 34 threads.
     */
    private static final Map<String, String> FEW_THREADS = Map.of(
            NIOServerCnxnFactory.ZOOKEEPER_NIO_NUM_SELECTOR_THREADS, "1",
            NIOServerCnxnFactory.ZOOKEEPER_NIO_NUM_WORKER_THREADS, "0");
    /** ZooKeeper's switch for the transaction log's fsync, read when the server is constructed. */
    private static final String FORCE_SYNC = "zookeeper.forceSync";

    /** What {@link #withProperties} runs. */
    private interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code step} with {@code values} set as system properties: ZooKeeper reads these
     * settings only from system properties, when the object they configure is made. Each is set
     * only for the step and removed after; a value the JVM was started with is left alone and wins.
     * Holding the properties' lock keeps two servers starting at once from removing each other's.
     */
    private static <T> T withProperties(Map<String, String> values, Step<T> step) throws IOException {
        Properties properties = System.getProperties();
        synchronized (properties) {
            List<String> set = new ArrayList<>(values.size());
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (properties.putIfAbsent(e.getKey(), e.getValue()) == null) {
                    set.add(e.getKey());
                }
            }
            try {
                return step.run();
            } finally {
                set.forEach(properties::remove);
            }
        }
    }

    /**
     * Prepares, on a short-lived thread ({@code replog-zk-warmup}), two things the JDK makes once
     * per JVM that this server and its clients need within the next few hundred milliseconds: the
     * platform MBean server (the server registers its MBeans in it) and the default SSL context
     * (ZooKeeper's client configuration asks it for the TLS protocols it supports when its classes
     * are first used, TLS or not, which loads the JDK's trust store). Each costs a few hundred
     * milliseconds in a cold JVM; made here, they overlap with the server's own start instead of
     * following it. Whoever needs one first waits for it rather than making it twice (class
     * initialisation and {@code getPlatformMBeanServer} are each done once). In a JVM that already
     * made them the thread ends at once. A failure only costs the head start.
     */
    private static void warmUpInBackground() {
        ClassLoader loader = EmbeddedZooKeeper.class.getClassLoader();
        Thread warmUp = new Thread(() -> {
            try {
                java.lang.management.ManagementFactory.getPlatformMBeanServer();
                Class.forName("org.apache.zookeeper.client.ZKClientConfig", true, loader);
            } catch (Throwable e) { // the server and the clients will meet the problem and report it themselves
                log.debug("warming up ZooKeeper's JDK dependencies failed: {}", e.toString());
            }
        }, "replog-zk-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
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
        private boolean fsync = true;

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

        /**
         * Whether the server fsyncs its transaction log before it answers a write (default true,
         * as ZooKeeper does). A test cluster turns it off: its ZooKeeper never loses power, a
         * stopped and started server still reads back everything it wrote (the page cache keeps
         * it), and each of the dozens of writes a cluster's start makes no longer waits for the
         * disk. Off means a machine's crash can lose acknowledged znode writes.
         */
        public Builder fsync(boolean on) {
            this.fsync = on;
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
