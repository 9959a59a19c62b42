package io.replog.netty.client;

import ch.qos.logback.classic.Level;
import io.netty.buffer.ByteBuf;
import io.replog.errors.NetworkException;
import io.replog.errors.RetriableException;
import io.replog.errors.TimeoutException;
import io.replog.netty.server.NettyServer;
import io.replog.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.replog.netty.client.ClientFixture.API_VERSIONS;
import static io.replog.netty.client.ClientFixture.METADATA;
import static io.replog.netty.client.ClientFixture.PRODUCE;
import static io.replog.netty.client.ClientFixture.WAIT;
import static io.replog.netty.client.ClientFixture.body;
import static io.replog.netty.client.ClientFixture.listener;
import static io.replog.netty.client.ClientFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real connections to a real {@link NettyServer}, over TCP on loopback and in-VM. */
class BrokerConnectionTest {
    private final ClientFixture fixture = new ClientFixture();

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "local"})
    void pipelinesUpToTheInFlightLimitAndMatchesResponsesInOrder(String kind) {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener(kind), processor);
        BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS.withMaxInFlight(3)).bootstrap(server.listener());

        List<CompletableFuture<ByteBuf>> responses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Each header version: flexible Metadata (v2 / v1), ApiVersions (v2 / always v0), old Produce (v1 / v0).
            short key = i % 3 == 0 ? METADATA : i % 3 == 1 ? API_VERSIONS : PRODUCE;
            short version = key == METADATA ? (short) 12 : key == API_VERSIONS ? (short) 3 : (short) 8;
            responses.add(connection.send(key, version, body("hold " + i), true));
        }
        for (int answered = 0; answered < 7; ) {
            int batch = Math.min(3, 7 - answered);
            int expectedReceived = answered + batch;
            await().atMost(WAIT).until(() -> processor.received.get() == expectedReceived);
            assertThat(connection.inFlightCount()).isEqualTo(batch);
            assertThat(connection.queuedCount()).isEqualTo(7 - expectedReceived);
            assertThat(processor.received.get()).as("nothing beyond the in-flight limit was written").isEqualTo(expectedReceived);
            // Answered last first: the server still writes them in order, the client checks it.
            for (int i = expectedReceived - 1; i >= answered; i--) {
                processor.held.get(i).answer();
            }
            for (int i = answered; i < expectedReceived; i++) {
                assertThat(text(responses.get(i))).isEqualTo("echo hold " + i);
            }
            answered = expectedReceived;
        }
        assertThat(connection.connectAttempts()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "local"})
    void sendsFromManyThreadsEachGetTheirOwnResponse(String kind) throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener(kind), processor);
        BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS).bootstrap(server.listener());

        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(senders.submit(() -> {
                    List<CompletableFuture<ByteBuf>> sent = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        sent.add(connection.send(PRODUCE, (short) (i % 2 == 0 ? 8 : 9), body(thread + "/" + i), true));
                    }
                    return sent.stream().map(ClientFixture::text).toList();
                }));
            }
            for (int t = 0; t < 4; t++) {
                List<String> answers = results.get(t).get();
                for (int i = 0; i < 200; i++) {
                    assertThat(answers.get(i)).isEqualTo("echo " + t + "/" + i);
                }
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(processor.received.get()).isEqualTo(800);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "local"})
    void aRequestExpectingNoResponseCompletesOnceWritten(String kind) {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener(kind), processor);
        BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS).bootstrap(server.listener());

        CompletableFuture<ByteBuf> acksZero = connection.send(PRODUCE, (short) 9, body("none 1"), false);
        CompletableFuture<ByteBuf> next = connection.send(PRODUCE, (short) 9, body("after"), true);

        assertThat(text(acksZero)).isEmpty();
        assertThat(text(next)).as("the next response still matches its request").isEqualTo("echo after");
        await().atMost(WAIT).until(() -> processor.received.get() == 2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "local"})
    void aTimedOutRequestClosesTheConnectionAndTheNextSendReconnects(String kind) {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener(kind), processor);
        BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS.withRequestTimeout(Duration.ofMillis(1000)))
                .bootstrap(server.listener());
        assertThat(text(connection.send(METADATA, (short) 12, body("warm up"), true))).isEqualTo("echo warm up");

        try (LogCapture log = new LogCapture(BrokerConnection.class)) {
            CompletableFuture<ByteBuf> slow = connection.send(METADATA, (short) 12, body("hold slow"), true);
            assertThat(failure(slow)).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining(connection.address().toString())
                    .hasMessageContaining("correlation id 1")
                    .hasMessageContaining("request.timeout.ms");
            await().atMost(WAIT).until(() -> server.connectionCount() == 0);
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains("Closing connection to")
                    .contains("no response within 1000 ms"));
        }

        assertThat(text(connection.send(METADATA, (short) 12, body("again"), true))).isEqualTo("echo again");
        assertThat(connection.connectAttempts()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "local"})
    void aDroppedConnectionFailsEverythingPendingAndReconnectsOnlyAfterTheBackoff(String kind) {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener(kind), processor);
        // A backoff long enough that the test sees the next send wait for it.
        ClientConfig config = ClientConfig.DEFAULTS.withMaxInFlight(3)
                .withReconnectBackoff(Duration.ofMillis(1500), Duration.ofMillis(3000));
        BrokerConnection connection = fixture.pool(config).bootstrap(server.listener());

        List<CompletableFuture<ByteBuf>> pending = List.of(
                connection.send(METADATA, (short) 12, body("hold 1"), true),
                connection.send(METADATA, (short) 12, body("hold 2"), true),
                connection.send(METADATA, (short) 12, body("drop"), true),
                connection.send(METADATA, (short) 12, body("queued"), true));
        for (CompletableFuture<ByteBuf> request : pending) {
            assertThat(failure(request)).isInstanceOf(NetworkException.class)
                    .hasMessageContaining(connection.address().toString());
        }
        assertThat(connection.lastBackoffMs()).isEqualTo(1500);

        CompletableFuture<ByteBuf> next = connection.send(METADATA, (short) 12, body("next"), true);
        await().atMost(WAIT).until(() -> connection.queuedCount() == 1);
        assertThat(connection.connectAttempts()).as("still backing off").isEqualTo(1);
        assertThat(text(next)).isEqualTo("echo next");
        assertThat(connection.connectAttempts()).isEqualTo(2);
    }

    @Test
    void reconnectsToADeadAddressBackOffExponentiallyAndNeverInATightLoop() {
        ClientConfig config = ClientConfig.DEFAULTS.withReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(160));
        BrokerConnection connection = fixture.pool(config).bootstrap("127.0.0.1:" + ClientFixture.deadPort());

        long[] expected = {20, 40, 80, 160, 160};
        for (int i = 0; i < expected.length; i++) {
            CompletableFuture<ByteBuf> request = connection.send(METADATA, (short) 12, body("x"), true);
            assertThat(failure(request)).isInstanceOf(NetworkException.class)
                    .hasMessageContaining("could not connect to " + connection.address());
            int attempts = i + 1;
            await().atMost(WAIT).until(() -> connection.connectAttempts() == attempts);
            assertThat(connection.lastBackoffMs()).as("backoff after %d failures", attempts).isEqualTo(expected[i]);
        }

        // However many sends come, attempts come no more often than the (now 160 ms) backoff allows.
        long burstStart = System.nanoTime();
        List<CompletableFuture<ByteBuf>> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(connection.send(METADATA, (short) 12, body("burst " + i), true));
        }
        burst.forEach(request -> assertThat(failure(request)).isInstanceOf(NetworkException.class));
        long burstMs = (System.nanoTime() - burstStart) / 1_000_000;
        assertThat(connection.connectAttempts() - expected.length).as("attempts for 50 sends in %d ms", burstMs)
                .isBetween(1, 1 + (int) (burstMs / 160));
    }

    @Test
    void aRequestWaitingOutTheBackoffTimesOutWithoutBeingSent() {
        ClientConfig config = ClientConfig.DEFAULTS.withRequestTimeout(Duration.ofMillis(300))
                .withReconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5));
        BrokerConnection connection = fixture.pool(config).bootstrap("127.0.0.1:" + ClientFixture.deadPort());
        assertThat(failure(connection.send(METADATA, (short) 12, body("first"), true))).isInstanceOf(NetworkException.class);

        assertThat(failure(connection.send(METADATA, (short) 12, body("second"), true)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("it was never sent");
        assertThat(connection.connectAttempts()).isEqualTo(1);
        assertThat(connection.queuedCount()).isZero();
    }

    @Test
    void anUnreachableInVmAddressFailsNamingIt() {
        BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS).bootstrap("local://nobody-here");
        assertThat(failure(connection.send(METADATA, (short) 12, body("x"), true)))
                .isInstanceOf(NetworkException.class).hasMessageContaining("local://nobody-here");
    }

    @Test
    void aConnectionThatIsNeverAcceptedFailsWithinTheSetupTimeout() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Backlog backlog = Backlog.fill(full)) {
            BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS
                            .withConnectionSetupTimeout(Duration.ofMillis(400))
                            .withRequestTimeout(Duration.ofSeconds(20)))
                    .bootstrap("127.0.0.1:" + full.getLocalPort());
            long start = System.nanoTime();
            Throwable failure = failure(connection.send(METADATA, (short) 12, body("x"), true));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(failure).isInstanceOf(NetworkException.class)
                    .hasMessageContaining("127.0.0.1:" + full.getLocalPort());
            assertThat(tookMs).isBetween(300L, 3_000L);
        }
    }

    @Test
    void closeFailsPendingRequestsAndRefusesLaterOnes() {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener("tcp"), processor);
        ConnectionPool pool = fixture.pool(ClientConfig.DEFAULTS);
        BrokerConnection connection = pool.bootstrap(server.listener());
        CompletableFuture<ByteBuf> held = connection.send(METADATA, (short) 12, body("hold"), true);
        await().atMost(WAIT).until(() -> processor.received.get() == 1);

        pool.close();

        assertThat(failure(held)).isInstanceOf(NetworkException.class).hasMessageContaining("closed by the client");
        assertThat(failure(connection.send(METADATA, (short) 12, body("late"), true))).isInstanceOf(NetworkException.class);
        await().atMost(WAIT).until(() -> ClientFixture.replogThreads().stream().noneMatch(t -> t.startsWith("replog-netty-lookup")));
    }

    static Throwable failure(CompletableFuture<ByteBuf> request) {
        Throwable error = request.handle((buf, e) -> {
            if (buf != null) {
                buf.release();
            }
            return e;
        }).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        assertThat(error).as("the request failed").isNotNull();
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        assertThat(cause).isInstanceOfAny(RetriableException.class, IllegalArgumentException.class);
        return cause;
    }

    /** Connections nobody accepts, until the listen backlog is full and further SYNs go unanswered. */
    private record Backlog(List<Socket> sockets) implements AutoCloseable {
        static Backlog fill(ServerSocket server) throws IOException {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                } catch (SocketTimeoutException full) {
                    return new Backlog(sockets);
                }
            }
            throw new IllegalStateException("the backlog never filled up");
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
