package io.replog.netty.client;

import ch.qos.logback.classic.Level;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.replog.netty.server.NettyServer;
import io.replog.testsupport.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.replog.netty.client.BrokerConnectionTest.failure;
import static io.replog.netty.client.ClientFixture.METADATA;
import static io.replog.netty.client.ClientFixture.PRODUCE;
import static io.replog.netty.client.ClientFixture.WAIT;
import static io.replog.netty.client.ClientFixture.body;
import static io.replog.netty.client.ClientFixture.listener;
import static io.replog.netty.client.ClientFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every path a buffer can take through a client connection, under Netty's paranoid leak detector:
 * answered, acks=0, timed out, dropped with the connection, queued when the pool closes, answered
 * after its caller gave up. A buffer leaked on purpose at the end proves the detector was looking:
 * once it is reported, everything dropped before it has been collected too.
 */
class ClientLeakTest {
    private static final String CANARY = "leak-canary";
    private static ResourceLeakDetector.Level previous;

    @BeforeAll
    static void paranoid() {
        previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restore() {
        ResourceLeakDetector.setLevel(previous);
    }

    @Test
    void noBufferLeaksOnAnyPath() throws Exception {
        try (LogCapture leaks = new LogCapture(ResourceLeakDetector.class.getName(), Level.ERROR)) {
            for (String kind : List.of("tcp", "local")) {
                try (ClientFixture fixture = new ClientFixture()) {
                    exercise(fixture, kind);
                }
            }
            leakCanary();
            await("the canary's leak is reported").atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                // The detector reports when buffers are allocated, so allocate.
                ByteBufAllocator.DEFAULT.buffer(16).release();
                return leaks.lines(Level.ERROR).stream().anyMatch(line -> line.contains(CANARY));
            });
            assertThat(leaks.lines(Level.ERROR)).allSatisfy(line -> assertThat(line).contains(CANARY));
        }
    }

    private static void exercise(ClientFixture fixture, String kind) {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener(kind), processor);
        ConnectionPool pool = fixture.pool(ClientConfig.DEFAULTS.withMaxInFlight(2)
                .withRequestTimeout(Duration.ofMillis(1500))
                .withReconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));
        BrokerConnection connection = pool.bootstrap(server.listener());

        List<CompletableFuture<ByteBuf>> echoes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            echoes.add(connection.send(METADATA, (short) 12, body("echo " + i), true));
        }
        echoes.forEach(ClientFixture::text);
        assertThat(text(connection.send(PRODUCE, (short) 9, body("none"), false))).isEmpty();

        // Timed out: the connection closes under the queued ones.
        CompletableFuture<ByteBuf> slow = connection.send(METADATA, (short) 12, body("hold slow"), true);
        failure(slow);

        // Dropped by the server with more queued behind.
        List<CompletableFuture<ByteBuf>> dropped = List.of(
                connection.send(METADATA, (short) 12, body("drop"), true),
                connection.send(METADATA, (short) 12, body("queued 1"), true),
                connection.send(METADATA, (short) 12, body("queued 2"), true));
        dropped.forEach(BrokerConnectionTest::failure);

        // Cancelled by its caller, then answered: the connection releases the response.
        CompletableFuture<ByteBuf> cancelled = connection.send(METADATA, (short) 12, body("hold cancelled"), true);
        await().atMost(WAIT).until(() -> processor.held.size() == 2);
        cancelled.cancel(false);
        processor.held.get(1).answer();
        assertThat(text(connection.send(METADATA, (short) 12, body("after"), true))).isEqualTo("echo after");

        // Pending and queued when the pool closes.
        List<CompletableFuture<ByteBuf>> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(connection.send(METADATA, (short) 12, body("hold at close " + i), true));
        }
        pool.close();
        pending.forEach(BrokerConnectionTest::failure);
    }

    private static void leakCanary() {
        ByteBuf canary = ByteBufAllocator.DEFAULT.buffer(16);
        canary.touch(CANARY);
    }
}
