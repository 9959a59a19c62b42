package io.replog.netty.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.replog.netty.server.NettyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/** Servers, pools and their cleanup for the client tests; everything made here is closed by {@link #close()}. */
final class ClientFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final short PRODUCE = 0;
    static final short METADATA = 3;
    static final short API_VERSIONS = 18;
    private static final AtomicInteger LOCAL_NAMES = new AtomicInteger();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<ScriptedProcessor> processors = new ArrayList<>();

    /** A listener spec for {@code kind}: {@code tcp} on loopback or {@code local} with a fresh name. */
    static String listener(String kind) {
        return kind.equals("tcp") ? "PLAINTEXT://127.0.0.1:0" : "local://client-test-" + LOCAL_NAMES.incrementAndGet();
    }

    NettyServer server(String listener, ScriptedProcessor processor) {
        NettyServer server = NettyServer.builder(listener, processor).ioThreads(1).start();
        processors.add(processor);
        toClose.add(server);
        return server;
    }

    ConnectionPool pool(ClientConfig config) {
        ConnectionPool pool = ConnectionPool.builder().config(config).jitter(() -> 0.5).build();
        toClose.add(pool);
        return pool;
    }

    /** A TCP loopback port nothing listens on. */
    static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteBuf body(String text) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        return buf;
    }

    /** The response's text; releases it. */
    static String text(CompletableFuture<ByteBuf> response) {
        ByteBuf buf = response.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    static List<String> replogThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("replog-")).toList();
    }

    @Override
    public void close() throws Exception {
        processors.forEach(ScriptedProcessor::answerAll);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        await("no replog- thread outlives the pools and servers").atMost(WAIT).until(() -> replogThreads().isEmpty());
    }
}
