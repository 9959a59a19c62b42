package io.replog.zk;

import org.apache.zookeeper.KeeperException.Code;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A TCP proxy between ZooKeeper clients and one server that reads ZooKeeper's framing (a 4-byte
 * length before every packet; a connection's first packet each way is the session handshake,
 * every later request starts with its xid and opcode, every reply with its xid, zxid and error
 * code) and injects the faults a real ensemble produces:
 * <ul>
 *   <li>{@link #dropRequest}: the request never reaches the server and the connection is cut:
 *       nothing was applied, the client sees CONNECTIONLOSS;</li>
 *   <li>{@link #dropReply}: the request is applied, its reply is swallowed and the connection is
 *       cut: the client sees CONNECTIONLOSS for a write that happened;</li>
 *   <li>{@link #hold}: the matching request, and everything after it on that connection, waits
 *       until released (a server stalled mid-request);</li>
 *   <li>{@link #delay}: every matching request waits a while first (a slow link or server);</li>
 *   <li>{@link #refuse}: the request is answered with an error code in the proxy's name and the
 *       connection closed, as a server that does not know the opcode does;</li>
 *   <li>{@link #cutAll}: every connection is cut now.</li>
 * </ul>
 * Every connection is pumped by two named threads. Loopback only.
 */
final class ZkFaultProxy implements AutoCloseable {
    /** ZooKeeper's request opcodes used by the coordinator (org.apache.zookeeper.ZooDefs.OpCode). */
    static final int CREATE = 1;
    static final int DELETE = 2;
    static final int EXISTS = 3;
    static final int SET_DATA = 5;
    static final int GET_CHILDREN2 = 12;
    static final int MULTI = 14;
    static final int CREATE2 = 15;
    static final int MULTI_READ = 22;
    /** The xid of the server's watch notifications. */
    static final int NOTIFICATION_XID = -1;

    /** One request as the proxy saw it. */
    record Request(int xid, int opcode, byte[] body) {
        /** Whether the request names {@code text} (a path, for instance) anywhere in its body. */
        boolean mentions(String text) {
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + needle.length <= body.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (body[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    /** Requests with opcode {@code opcode} naming {@code text}. */
    static Predicate<Request> op(int opcode, String text) {
        return r -> r.opcode() == opcode && r.mentions(text);
    }

    /** A fault waiting for its request; {@link #hit()} completes with the request it struck. */
    static final class Fault {
        private final Predicate<Request> matches;
        private final Kind kind;
        private final long delayMs;
        private final int errorCode;
        private final AtomicInteger remaining;
        private final CompletableFuture<Request> hit = new CompletableFuture<>();
        private final CompletableFuture<Void> released = new CompletableFuture<>();

        private Fault(Predicate<Request> matches, Kind kind, int times, long delayMs, int errorCode) {
            this.matches = matches;
            this.kind = kind;
            this.remaining = new AtomicInteger(times);
            this.delayMs = delayMs;
            this.errorCode = errorCode;
        }

        /** Completes with the (last) request this fault struck. */
        CompletableFuture<Request> hit() {
            return hit;
        }

        /** Lets a held request (and what queued behind it) go on. */
        void release() {
            released.complete(null);
        }

        /** Whether the fault took {@code r} (and used up one of its turns). */
        private boolean take(Request r) {
            if (!matches.test(r)) {
                return false;
            }
            int left = remaining.getAndUpdate(n -> n == 0 ? 0 : n - 1);
            return left != 0;
        }
    }

    private enum Kind { DROP_REQUEST, DROP_REPLY, HOLD, DELAY, REFUSE, DROP_EVENT }

    private final InetSocketAddress server;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Every connection ever made, so close() waits for all their threads. */
    private final List<Connection> made = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private volatile boolean closed;

    /** Starts a proxy on a free loopback port in front of {@code server} ({@code host:port}). */
    ZkFaultProxy(String server) throws IOException {
        String[] hostPort = server.split(":");
        this.server = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "zk-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** What clients connect to, with {@code chroot}. */
    String connectString(String chroot) {
        return "127.0.0.1:" + listener.getLocalPort() + chroot;
    }

    /** The proxy's port. */
    int port() {
        return listener.getLocalPort();
    }

    /** How many client connections were made through the proxy so far. */
    int connectionsMade() {
        return connectionCount.get();
    }

    /** The next {@code times} matching requests are dropped, each cutting its connection. */
    Fault dropRequest(Predicate<Request> matches, int times) {
        return add(new Fault(matches, Kind.DROP_REQUEST, times, 0, 0));
    }

    /** The replies to the next {@code times} matching requests are dropped (the requests are applied), each cutting its connection. */
    Fault dropReply(Predicate<Request> matches, int times) {
        return add(new Fault(matches, Kind.DROP_REPLY, times, 0, 0));
    }

    /** The next matching request, and everything behind it on its connection, waits until {@link Fault#release()}. */
    Fault hold(Predicate<Request> matches) {
        return add(new Fault(matches, Kind.HOLD, 1, 0, 0));
    }

    /** Every matching request waits {@code delayMs} before it goes on, until {@link #clear()}. */
    Fault delay(Predicate<Request> matches, long delayMs) {
        return add(new Fault(matches, Kind.DELAY, Integer.MAX_VALUE, delayMs, 0));
    }

    /** Matching requests are answered with {@code code} and the connection closed, as an old server does. */
    Fault refuse(Predicate<Request> matches, Code code) {
        return add(new Fault(matches, Kind.REFUSE, Integer.MAX_VALUE, 0, code.intValue()));
    }

    /**
     * Watch notifications matching {@code matches} (seen as a request with xid -1, the event type
     * as opcode, and the event's path in its body) are swallowed until {@link #clear()}: the
     * client stays unaware of the change, as a client whose event thread is stalled would be.
     */
    Fault dropEvents(Predicate<Request> matches) {
        return add(new Fault(matches, Kind.DROP_EVENT, Integer.MAX_VALUE, 0, 0));
    }

    /** Removes every fault (held requests are released). */
    void clear() {
        for (Fault f : faults) {
            f.release();
        }
        faults.clear();
    }

    /** Cuts every open connection now; clients reconnect (through the proxy) with their sessions. */
    void cutAll() {
        for (Connection c : connections) {
            c.cut();
        }
    }

    private Fault add(Fault f) {
        faults.add(f);
        return f;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(server, 5_000);
                } catch (IOException e) {
                    client.close(); // the server is down: the client tries again
                    continue;
                }
                Connection c = new Connection(connectionCount.incrementAndGet(), client, upstream);
                connections.add(c);
                made.add(c);
                c.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the proxy's listener failed", e);
                }
            }
        }
    }

    /** One client connection and its upstream twin. */
    private final class Connection {
        private final int id;
        private final Socket client;
        private final Socket upstream;
        private final DataOutputStream toClient;
        private final DataOutputStream toServer;
        private final Set<Integer> swallowReplies = ConcurrentHashMap.newKeySet();
        private final Map<Integer, Integer> refuseReplies = new ConcurrentHashMap<>();
        private final Thread up;
        private final Thread down;

        Connection(int id, Socket client, Socket upstream) throws IOException {
            this.id = id;
            this.client = client;
            this.upstream = upstream;
            this.toClient = new DataOutputStream(client.getOutputStream());
            this.toServer = new DataOutputStream(upstream.getOutputStream());
            this.up = new Thread(this::pumpRequests, "zk-proxy-" + id + "-requests");
            this.down = new Thread(this::pumpReplies, "zk-proxy-" + id + "-replies");
            up.setDaemon(true);
            down.setDaemon(true);
        }

        void start() {
            up.start();
            down.start();
        }

        private void pumpRequests() {
            try (DataInputStream in = new DataInputStream(client.getInputStream())) {
                forward(toServer, read(in)); // the handshake
                while (true) {
                    byte[] packet = read(in);
                    ByteBuffer b = ByteBuffer.wrap(packet);
                    int xid = b.getInt();
                    int opcode = b.getInt();
                    byte[] body = new byte[b.remaining()];
                    b.get(body);
                    if (!apply(new Request(xid, opcode, body))) {
                        return;
                    }
                    // A refused request goes on as a harmless exists("/"), so its answer keeps its place in line.
                    forward(toServer, refuseReplies.containsKey(xid) ? existsRoot(xid) : packet);
                }
            } catch (IOException e) {
                // the connection ended
            } finally {
                cut();
            }
        }

        /** Applies the faults to {@code r}; false when the connection was cut for it. */
        private boolean apply(Request r) throws IOException {
            for (Fault f : faults) {
                if (f.kind == Kind.DROP_EVENT || !f.take(r)) {
                    continue;
                }
                f.hit().complete(r);
                switch (f.kind) {
                    case DROP_REQUEST -> {
                        cut();
                        return false;
                    }
                    case DROP_REPLY -> swallowReplies.add(r.xid());
                    case HOLD -> f.released.join();
                    case DELAY -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(f.delayMs)); // injected latency
                    case REFUSE -> refuseReplies.put(r.xid(), f.errorCode);
                }
            }
            return true;
        }

        private void pumpReplies() {
            try (DataInputStream in = new DataInputStream(upstream.getInputStream())) {
                forward(toClient, read(in)); // the handshake's answer
                while (true) {
                    byte[] packet = read(in);
                    ByteBuffer b = ByteBuffer.wrap(packet);
                    int xid = b.getInt();
                    if (swallowReplies.remove(xid)) {
                        cut(); // applied, never answered
                        return;
                    }
                    Integer refusal = refuseReplies.remove(xid);
                    if (refusal != null) {
                        forward(toClient, ByteBuffer.allocate(16).putInt(xid).putLong(0).putInt(refusal).array());
                        cut(); // as a server that does not know the opcode
                        return;
                    }
                    if (xid == NOTIFICATION_XID && swallowEvent(b)) {
                        continue;
                    }
                    forward(toClient, packet);
                }
            } catch (IOException e) {
                // the connection ended
            } finally {
                cut();
            }
        }

        private byte[] existsRoot(int xid) {
            return ByteBuffer.allocate(4 + 4 + 4 + 1 + 1).putInt(xid).putInt(EXISTS).putInt(1).put((byte) '/')
                    .put((byte) 0).array();
        }

        /** {@code b} is after the xid of a watch notification: zxid, error, then type, state and path. */
        private boolean swallowEvent(ByteBuffer b) {
            b.getLong();
            b.getInt();
            int type = b.getInt();
            byte[] rest = new byte[b.remaining()];
            b.get(rest);
            Request event = new Request(NOTIFICATION_XID, type, rest);
            for (Fault f : faults) {
                if (f.kind == Kind.DROP_EVENT && f.take(event)) {
                    f.hit().complete(event);
                    return true;
                }
            }
            return false;
        }

        private byte[] read(DataInputStream in) throws IOException {
            int len;
            try {
                len = in.readInt();
            } catch (EOFException e) {
                throw new IOException("closed", e);
            }
            byte[] packet = new byte[len];
            in.readFully(packet);
            return packet;
        }

        private void forward(DataOutputStream out, byte[] packet) throws IOException {
            synchronized (out) {
                out.writeInt(packet.length);
                out.write(packet);
                out.flush();
            }
        }

        void cut() {
            connections.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        void join() throws InterruptedException {
            up.join(5_000);
            down.join(5_000);
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        clear();
        listener.close();
        acceptor.join(5_000);
        for (Connection c : made) {
            c.cut();
            c.join();
        }
    }
}
