package io.replog.netty.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replog.netty.fuzz.FrameFuzzer.Kind;
import io.replog.netty.server.ConnectionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wire fuzz run of every CI build: {@value #CI_FRAMES} random and mutated frames (see
 * {@link Kind}) over {@value #CONNECTIONS} concurrent TCP connections against a live listener
 * ({@link InProcessTarget}; replog-testkit's {@code LiveBrokerWireFuzzTest} runs the same
 * {@link FuzzScenario} against running brokers). Before fuzzing, records are produced
 * with acks=1 and remembered; throughout, a canary connection's Metadata and Fetch answers are
 * checked; after, every acknowledged record must read back unchanged, the listener must still
 * answer, nothing may have been logged at ERROR, every connection the server closed must have a
 * WARN saying why, and no {@code replog-} thread may outlive the listener.
 *
 * <p>Seeded: the seed is printed; {@code -Dreplog.fuzz.seed=N} replays it (and
 * {@code -Dreplog.fuzz.frames=N} changes the count). A failure names the seed, the frame's index
 * and kind and its first bytes. {@link WireFuzzSoakTest} runs the same for longer.
 */
class WireFuzzTest {
    static final long CI_FRAMES = 100_000;
    static final int CONNECTIONS = 24;
    static final int PARTITIONS = 4;
    static final int MAX_REQUEST_BYTES = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aHundredThousandFramesNeitherHangNorBreakTheListenerNorTouchAcknowledgedRecords() throws Exception {
        assertThat(fuzz(dir, Long.getLong("replog.fuzz.frames", CI_FRAMES), "fuzz"))
                .as("every kind of frame was thrown").containsOnlyKeys(Kind.values()).allSatisfy((kind, n) ->
                        assertThat(n).as(kind.name()).isPositive());
    }

    @Test
    void aParanoidSubRunLeaksNoBuffer() throws Exception {
        ResourceLeakDetector.Level previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try (WireFuzz.LogCounter leaks = new WireFuzz.LogCounter(ResourceLeakDetector.class.getName())) {
            fuzz(dir, 5_000, "fuzz_paranoid");
            leakCanary();
            await("the canary's leak is reported, so the detector was looking").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        System.gc();
                        ByteBufAllocator.DEFAULT.buffer(16).release(); // the detector reports on allocation
                        return leaks.errors.get() > 0;
                    });
            assertThat(leaks.firstErrors).as("only the canary leaked").allSatisfy(line ->
                    assertThat(line).contains("fuzz-leak-canary"));
        } finally {
            ResourceLeakDetector.setLevel(previous);
        }
    }

    /** A buffer leaked on purpose: its report proves the detector was looking. */
    private static void leakCanary() {
        ByteBuf canary = ByteBufAllocator.DEFAULT.buffer(16);
        canary.touch("fuzz-leak-canary");
    }

    /** The scenario against a fresh {@link InProcessTarget}; returns how many frames of each kind were thrown. */
    static Map<Kind, Long> fuzz(Path dir, long frames, String name) throws Exception {
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("fuzz-client", true),
                NioIoHandler.newFactory());
        InProcessTarget target = new InProcessTarget(dir, "fuzz", PARTITIONS,
                ConnectionLimits.DEFAULTS.withMaxRequestBytes(MAX_REQUEST_BYTES), clients);
        Map<Kind, Long> byKind;
        try {
            byKind = FuzzScenario.run(target, clients, MAX_REQUEST_BYTES, frames, CONNECTIONS, 25, name).sentByKind();
        } finally {
            target.close();
            clients.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        await("no replog- thread outlives the listener").atMost(Duration.ofSeconds(10)).until(() ->
                Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                        .noneMatch(t -> t.getName().startsWith("replog-")));
        return byKind;
    }
}
