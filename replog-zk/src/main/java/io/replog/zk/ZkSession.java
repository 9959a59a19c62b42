package io.replog.zk;

import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One ZooKeeper client session and its asynchronous calls as futures. Every call is pipelined:
 * it returns at once, ZooKeeper applies a session's calls in the order they were issued, and the
 * futures complete on ZooKeeper's event thread in that same order, with the result code rather
 * than an exception (callers decide what a code means). Whoever continues on these futures must
 * not block.
 */
final class ZkSession {
    /** A read of one znode: {@code data} and {@code stat} are null unless {@code code} is OK. */
    record Data(Code code, String path, byte[] data, Stat stat) {
    }

    /** A read of a znode's children, with the parent's stat when the read succeeded. */
    record Children(Code code, String path, List<String> children, Stat stat) {
    }

    /** The outcome of a write (create, setData, exists): the stat when there is one. */
    record Written(Code code, String path, Stat stat) {
    }

    /** A multi-op: the per-op results, or null when the whole call failed before reaching the server. */
    record Multi(Code code, List<OpResult> results) {
    }

    /** How long {@link #close()} waits for the client's threads to end. */
    private static final int CLOSE_WAIT_MS = 5_000;

    /** The client, with access to the server it is connected to (for messages about that server). */
    private static final class Client extends ZooKeeper {
        Client(String servers, int sessionTimeoutMs, Watcher watcher, ZKClientConfig config) throws IOException {
            super(servers, sessionTimeoutMs, watcher, config);
        }

        SocketAddress server() {
            return testableRemoteSocketAddress();
        }
    }

    private final Client zk;
    private final int generation;

    /**
     * Opens a new session.
     *
     * @param servers          the {@code host:port} list, without chroot
     * @param sessionTimeoutMs the session timeout asked for (the server bounds it)
     * @param watcher          receives the connection state events of this session
     * @param generation       the how-manieth session of its coordinator, for logs and to ignore stale events
     */
    ZkSession(String servers, int sessionTimeoutMs, Watcher watcher, int generation) throws IOException {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        this.zk = new Client(servers, sessionTimeoutMs, watcher, config);
        this.generation = generation;
    }

    /** The session id (0 until the first connection is made). */
    long id() {
        return zk.getSessionId();
    }

    byte[] password() {
        return zk.getSessionPasswd();
    }

    /** The negotiated session timeout (0 until connected). */
    int negotiatedTimeoutMs() {
        return zk.getSessionTimeout();
    }

    /** Whether the client was closed (or its session ended for good). */
    boolean isClosed() {
        return !zk.getState().isAlive();
    }

    boolean isConnected() {
        return zk.getState().isConnected();
    }

    /** The server this session is connected to now, for messages; "unknown" while disconnected. */
    String server() {
        SocketAddress a = zk.server();
        return a == null ? "unknown" : a.toString();
    }

    String idHex() {
        return "0x" + Long.toHexString(id());
    }

    CompletableFuture<Data> getData(String path, Watcher watcher) {
        CompletableFuture<Data> f = new CompletableFuture<>();
        AsyncCallback.DataCallback cb = (rc, p, ctx, data, stat) -> f.complete(new Data(Code.get(rc), p, data, stat));
        zk.getData(path, watcher, cb, null);
        return f;
    }

    CompletableFuture<Children> getChildren(String path, Watcher watcher) {
        CompletableFuture<Children> f = new CompletableFuture<>();
        AsyncCallback.Children2Callback cb = (rc, p, ctx, children, stat) ->
                f.complete(new Children(Code.get(rc), p, children == null ? List.of() : children, stat));
        zk.getChildren(path, watcher, cb, null);
        return f;
    }

    CompletableFuture<Written> exists(String path, Watcher watcher) {
        CompletableFuture<Written> f = new CompletableFuture<>();
        AsyncCallback.StatCallback cb = (rc, p, ctx, stat) -> f.complete(new Written(Code.get(rc), p, stat));
        zk.exists(path, watcher, cb, null);
        return f;
    }

    CompletableFuture<Written> create(String path, byte[] data, CreateMode mode) {
        CompletableFuture<Written> f = new CompletableFuture<>();
        AsyncCallback.Create2Callback cb = (rc, p, ctx, name, stat) -> f.complete(new Written(Code.get(rc), p, stat));
        zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, mode, cb, null);
        return f;
    }

    CompletableFuture<Written> setData(String path, byte[] data, int version) {
        CompletableFuture<Written> f = new CompletableFuture<>();
        AsyncCallback.StatCallback cb = (rc, p, ctx, stat) -> f.complete(new Written(Code.get(rc), p, stat));
        zk.setData(path, data, version, cb, null);
        return f;
    }

    CompletableFuture<Multi> multi(List<Op> ops) {
        CompletableFuture<Multi> f = new CompletableFuture<>();
        AsyncCallback.MultiCallback cb = (rc, p, ctx, results) -> f.complete(new Multi(Code.get(rc), results));
        zk.multi(ops, cb, null);
        return f;
    }

    /** A persistent create in a multi-op. */
    static Op createOp(String path, byte[] data, CreateMode mode) {
        return Op.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, mode);
    }

    /**
     * Closes the session: its ephemeral znodes vanish at once. Blocks until the server confirms
     * (or the client gives up) and the client's threads have ended, at most a few seconds more.
     * Never call it on ZooKeeper's event thread.
     */
    void close() {
        try {
            zk.close(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "session " + idHex() + " (#" + generation + ")";
    }
}
