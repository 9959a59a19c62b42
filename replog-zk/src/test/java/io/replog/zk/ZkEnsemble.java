package io.replog.zk;

import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;

import static org.awaitility.Awaitility.await;

/**
 * A real ZooKeeper ensemble of quorum peers in this JVM on loopback, each with its own data
 * directory and ports, that a test can kill and restart server by server (a server crash, a
 * rolling restart) and whose leader it can kill to force a ZooKeeper leader election.
 */
final class ZkEnsemble implements AutoCloseable {
    /** The ensemble's tick: sessions may be as short as two ticks. */
    static final int TICK_MS = 500;
    private static final Duration START = Duration.ofSeconds(60);

    private final Path dir;
    private final int[] clientPorts;
    private final String servers;
    private final Peer[] peers;

    private ZkEnsemble(Path dir, int size) throws IOException {
        this.dir = dir;
        this.clientPorts = new int[size];
        this.peers = new Peer[size];
        StringJoiner quorum = new StringJoiner("\n");
        int[] ports = freePorts(3 * size);
        for (int i = 0; i < size; i++) {
            clientPorts[i] = ports[3 * i];
            quorum.add("server." + (i + 1) + "=127.0.0.1:" + ports[3 * i + 1] + ":" + ports[3 * i + 2]);
        }
        this.servers = quorum.toString();
    }

    /** Starts {@code size} servers and waits until they serve (a quorum has elected a leader). */
    static ZkEnsemble start(Path dir, int size) throws IOException {
        ZkEnsemble e = new ZkEnsemble(dir, size);
        for (int i = 0; i < size; i++) {
            e.startServer(i);
        }
        e.awaitServing();
        return e;
    }

    /** {@code host:port,...} of every server, with {@code chroot}. */
    String connectString(String chroot) {
        StringJoiner s = new StringJoiner(",");
        for (int p : clientPorts) {
            s.add("127.0.0.1:" + p);
        }
        return s + chroot;
    }

    /** {@code 127.0.0.1:<port>} of server {@code i}. */
    String address(int i) {
        return "127.0.0.1:" + clientPorts[i];
    }

    int size() {
        return peers.length;
    }

    /** The server a client reached at {@code remote} (as {@link ZkSession#server()} prints it), or -1. */
    int serverAt(String remote) {
        for (int i = 0; i < clientPorts.length; i++) {
            if (remote.endsWith(":" + clientPorts[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The server that leads the quorum now, or -1 during a ZooKeeper election. */
    int leader() {
        for (int i = 0; i < peers.length; i++) {
            Peer p = peers[i];
            if (p != null && p.peer() != null && p.peer().getPeerState() == QuorumPeer.ServerState.LEADING) {
                return i;
            }
        }
        return -1;
    }

    /** Crashes server {@code i}: its clients lose their connections and move to another server. */
    void kill(int i) {
        Peer p = peers[i];
        peers[i] = null;
        if (p != null) {
            p.stop();
        }
    }

    /** Starts server {@code i} again with its data. */
    void restart(int i) throws IOException {
        startServer(i);
    }

    /** Waits until a leader serves. */
    void awaitServing() {
        await("the ZooKeeper ensemble elects a leader").atMost(START).until(() -> leader() >= 0);
    }

    private void startServer(int i) throws IOException {
        Path data = Files.createDirectories(dir.resolve("zk" + (i + 1)));
        Files.writeString(data.resolve("myid"), Integer.toString(i + 1), StandardCharsets.US_ASCII);
        Properties props = new Properties();
        props.setProperty("tickTime", Integer.toString(TICK_MS));
        props.setProperty("initLimit", "10");
        props.setProperty("syncLimit", "5");
        props.setProperty("dataDir", data.toString());
        props.setProperty("clientPort", Integer.toString(clientPorts[i]));
        props.setProperty("clientPortAddress", "127.0.0.1");
        props.setProperty("maxSessionTimeout", "60000");
        // No admin web server: three in one JVM would fight over its port. (ZooKeeper takes this
        // key into a system property; every peer of every test sets the same value.)
        props.setProperty("admin.enableServer", "false");
        for (String line : servers.split("\n")) {
            int eq = line.indexOf('=');
            props.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        QuorumPeerConfig config = new QuorumPeerConfig();
        try {
            config.parseProperties(props);
        } catch (QuorumPeerConfig.ConfigException e) {
            throw new IllegalArgumentException("bad ensemble configuration: " + e.getMessage(), e);
        }
        Peer p = new Peer(config, "zk-server-" + (i + 1));
        peers[i] = p;
        p.start();
    }

    /** One quorum peer, run on its own thread the way QuorumPeerMain runs it. */
    private static final class Peer extends QuorumPeerMain {
        private final Thread thread;
        private volatile Throwable failure;

        Peer(QuorumPeerConfig config, String name) {
            this.thread = new Thread(() -> {
                try {
                    runFromConfig(config);
                } catch (Exception e) {
                    failure = e;
                }
            }, name);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        QuorumPeer peer() {
            if (failure != null) {
                throw new IllegalStateException("ZooKeeper server " + thread.getName() + " failed", failure);
            }
            return quorumPeer;
        }

        void stop() {
            await("server " + thread.getName() + " is up before it is stopped").atMost(START)
                    .until(() -> quorumPeer != null);
            quorumPeer.shutdown();
            try {
                thread.join(START.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < peers.length; i++) {
            try {
                kill(i);
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException("cannot stop ZooKeeper server " + (i + 1), e));
            }
        }
    }
}
