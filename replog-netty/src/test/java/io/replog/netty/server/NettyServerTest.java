package io.replog.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replog.netty.wire.RequestFrame;
import io.replog.netty.wire.ResponseHeaderCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.replog.netty.server.Frames.API_VERSIONS;
import static io.replog.netty.server.Frames.METADATA;
import static io.replog.netty.server.Frames.PRODUCE;
import static io.replog.netty.server.Frames.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real listeners, TCP on loopback and in-VM, with a raw Netty client in front of them. */
class NettyServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger LOCAL_NAMES = new AtomicInteger();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        await("no replog- thread outlives the servers").atMost(WAIT).until(() -> replogThreads().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PLAINTEXT://127.0.0.1:0", "local://"})
    void pipelinedRequestsAreAnsweredInOrderWhenTheyCompleteInReverse(String listener) throws Exception {
        int n = 12;
        ReverseEchoProcessor processor = new ReverseEchoProcessor(n);
        NettyServer server = start(listener, processor);
        RawClient client = connect(server);

        for (int i = 0; i < n; i++) {
            // A mix of header versions: flexible Metadata (v1), ApiVersions (always v0), old Produce (v0).
            short key = i % 3 == 0 ? METADATA : i % 3 == 1 ? API_VERSIONS : PRODUCE;
            short version = key == METADATA ? (short) 12 : key == API_VERSIONS ? (short) 3 : (short) 8;
            client.channel().write(request(key, version, 100 + i, "request " + i).skipBytes(4));
        }
        client.channel().flush();

        for (int i = 0; i < n; i++) {
            ByteBuf frame = client.nextFrame(WAIT);
            assertThat(frame).as("response %d of %d", i, n).isNotNull();
            short headerVersion = i % 3 == 0 ? (short) 1 : (short) 0;
            assertThat(ResponseHeaderCodec.read(frame, headerVersion)).isEqualTo(100 + i);
            assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("echo request " + i);
            frame.release();
        }
        assertThat(processor.completionOrder).as("they did complete last first")
                .startsWith(100 + n - 1).endsWith(100);
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void aConnectionAtItsInFlightLimitIsNotReadUntilResponsesGoOut() throws Exception {
        int requests = 200;
        CompletableFuture<ResponseBody> first = new CompletableFuture<>();
        AtomicInteger processed = new AtomicInteger();
        RequestProcessor processor = request -> processed.incrementAndGet() == 1
                ? first
                : CompletableFuture.completedFuture(ResponseBody.of(Frames.text("ok")));
        NettyServer server = NettyServer.builder("PLAINTEXT://127.0.0.1:0", processor).ioThreads(1)
                .limits(ConnectionLimits.DEFAULTS.withMaxInFlight(4)).start();
        toClose.add(server);
        RawClient client = connect(server);

        String body = "x".repeat(64 * 1024);
        for (int i = 0; i < requests; i++) {
            client.channel().write(request(PRODUCE, (short) 8, i, body).skipBytes(4));
        }
        client.channel().flush();

        // 12.5 MiB were sent; the first request holds every response back, so the server stops
        // reading after about four requests (plus what the read in progress had already delivered).
        await("reading stays paused").during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> processed.get() >= 4 && processed.get() < 20);

        first.complete(ResponseBody.of(Frames.text("first")));

        for (int i = 0; i < requests; i++) {
            ByteBuf frame = client.nextFrame(WAIT);
            assertThat(frame).as("response %d of %d", i, requests).isNotNull();
            assertThat(ResponseHeaderCodec.read(frame, (short) 0)).isEqualTo(i);
            frame.release();
        }
        assertThat(processed.get()).isEqualTo(requests);
    }

    @Test
    void portZeroIsReadBackAsTheBoundPort() {
        NettyServer server = start("PLAINTEXT://127.0.0.1:0", new ReverseEchoProcessor(1));

        int port = ((InetSocketAddress) server.localAddress()).getPort();
        assertThat(port).isPositive();
        assertThat(server.listener()).isEqualTo("PLAINTEXT://127.0.0.1:" + port);
    }

    @Test
    void anOversizedFrameOverTcpClosesTheConnectionAtOnce() throws Exception {
        NettyServer server = start("PLAINTEXT://127.0.0.1:0", new ReverseEchoProcessor(1));
        RawClient client = connect(server);

        client.sendRaw(Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeBytes(new byte[16]));

        assertThat(client.channel().closeFuture().await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the server closes rather than waiting for 2 GiB").isTrue();
        await().atMost(WAIT).until(() -> server.connectionCount() == 0);
    }

    @Test
    void fileRegionsReachTheClientOverTcp(@TempDir Path dir) throws Exception {
        Path segment = Files.write(dir.resolve("segment"), "0123456789".getBytes(StandardCharsets.US_ASCII));
        NettyServer server = start("PLAINTEXT://127.0.0.1:0", request -> CompletableFuture.completedFuture(
                ResponseBody.of(List.of(Frames.text("bytes:"), new DefaultFileRegion(segment.toFile(), 3, 4)))));
        RawClient client = connect(server);

        client.sendRaw(request(METADATA, (short) 8, 5, "fetch"));

        ByteBuf frame = client.nextFrame(WAIT);
        assertThat(ResponseHeaderCodec.read(frame, (short) 0)).isEqualTo(5);
        assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("bytes:3456");
        frame.release();
    }

    @Test
    void aGivenEventLoopGroupIsUsedAndLeftRunning() throws Exception {
        EventLoopGroup shared = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("replog-shared-io", true),
                NioIoHandler.newFactory());
        try {
            NettyServer server = NettyServer.builder("PLAINTEXT://127.0.0.1:0", new ReverseEchoProcessor(1))
                    .eventLoopGroup(shared).start();
            RawClient client = connect(server);
            client.sendRaw(request(PRODUCE, (short) 8, 1, "x"));
            ByteBuf frame = client.nextFrame(WAIT);
            assertThat(frame).isNotNull();
            frame.release();
            assertThat(replogThreads()).as("no threads of its own").allMatch(name -> name.startsWith("replog-shared-io"));

            server.close();

            assertThat(shared.isShuttingDown()).isFalse();
            assertThat(client.channel().closeFuture().await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("its connections are closed").isTrue();
        } finally {
            shared.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
    }

    @Test
    void serversAndClientsCanShareOneInVmGroupOfReplogThreads() throws Exception {
        EventLoopGroup shared = EventLoops.inVm(2);
        try {
            NettyServer first = NettyServer.builder("local://shared-1", new ReverseEchoProcessor(1))
                    .eventLoopGroup(shared).start();
            NettyServer second = NettyServer.builder("local://shared-2", new ReverseEchoProcessor(1))
                    .eventLoopGroup(shared).start();
            toClose.add(first);
            toClose.add(second);
            RawClient client = connect(second);
            client.sendRaw(request(PRODUCE, (short) 8, 7, "x"));
            ByteBuf frame = client.nextFrame(WAIT);
            assertThat(ResponseHeaderCodec.read(frame, (short) 0)).isEqualTo(7);
            frame.release();
            assertThat(replogThreads()).hasSize(2).allMatch(name -> name.startsWith("replog-netty-io-"));

            first.close();
            second.close();
            assertThat(shared.isShuttingDown()).isFalse();
        } finally {
            shared.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
    }

    @Test
    void anInVmListenerRefusesAGroupThatCannotRunInVmChannels() {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-nio", true),
                NioIoHandler.newFactory());
        try {
            assertThatThrownBy(() -> NettyServer.builder("local://nowhere", new ReverseEchoProcessor(1))
                    .eventLoopGroup(nio).start())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("in-VM channels need a group of LocalIoHandler");
        } finally {
            nio.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aTakenAddressFailsToStartAndLeavesNoThreads() {
        NettyServer tcp = start("PLAINTEXT://127.0.0.1:0", new ReverseEchoProcessor(1));
        int port = ((InetSocketAddress) tcp.localAddress()).getPort();
        NettyServer local = start("local://taken", new ReverseEchoProcessor(1));

        assertThatThrownBy(() -> NettyServer.builder("PLAINTEXT://127.0.0.1:" + port, new ReverseEchoProcessor(1)).start())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Could not listen on PLAINTEXT://127.0.0.1:" + port + ": ");
        assertThatThrownBy(() -> NettyServer.builder("local://taken", new ReverseEchoProcessor(1)).start())
                .hasMessageContaining("Could not listen on local://taken: ");

        tcp.close();
        local.close();
        await("the failed servers' threads end too").atMost(WAIT).until(() -> replogThreads().isEmpty());
    }

    @Test
    void closeStopsItsThreadsAndIsIdempotent() {
        NettyServer server = NettyServer.builder("PLAINTEXT://127.0.0.1:0", new ReverseEchoProcessor(1))
                .ioThreads(2).start();
        assertThat(replogThreads()).isNotEmpty().allMatch(name -> name.startsWith("replog-netty-io-"));

        server.close();
        server.close();

        await("the server's own I/O threads end").atMost(WAIT).until(() -> replogThreads().isEmpty());
    }

    private NettyServer start(String listener, RequestProcessor processor) {
        String spec = listener.equals("local://") ? "local://server-test-" + LOCAL_NAMES.incrementAndGet() : listener;
        NettyServer server = NettyServer.builder(spec, processor).ioThreads(1).start();
        toClose.add(server);
        return server;
    }

    private RawClient connect(NettyServer server) {
        RawClient client = new RawClient(server.localAddress(), server.listener().startsWith("local://"));
        toClose.add(client);
        return client;
    }

    private static List<String> replogThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("replog-")).toList();
    }

    /**
     * Echoes each body, but only once all {@code expected} requests are in, and then from another
     * thread in reverse order: the latest request finishes first.
     */
    private static final class ReverseEchoProcessor implements RequestProcessor {
        private final int expected;
        private final List<CompletableFuture<ResponseBody>> futures = new CopyOnWriteArrayList<>();
        private final List<ByteBuf> answers = new CopyOnWriteArrayList<>();
        private final List<Integer> correlationIds = new CopyOnWriteArrayList<>();
        final List<Integer> completionOrder = new CopyOnWriteArrayList<>();

        ReverseEchoProcessor(int expected) {
            this.expected = expected;
        }

        @Override
        public CompletableFuture<ResponseBody> process(RequestFrame request) {
            CompletableFuture<ResponseBody> future = new CompletableFuture<>();
            futures.add(future);
            correlationIds.add(request.header().correlationId());
            answers.add(Unpooled.copiedBuffer("echo " + request.body().toString(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8));
            if (futures.size() == expected) {
                Thread finisher = new Thread(this::completeInReverse, "test-finisher");
                finisher.setDaemon(true);
                finisher.start();
            }
            return future;
        }

        private void completeInReverse() {
            for (int i = expected - 1; i >= 0; i--) {
                completionOrder.add(correlationIds.get(i));
                futures.get(i).complete(ResponseBody.of(answers.get(i)));
            }
        }
    }
}
