package io.replog.netty.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replog.netty.fuzz.FrameFuzzer.Kind;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.server.ConnectionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wire fuzz run of every CI build: {@value #CI_FRAMES} random and mutated frames (see
 * {@link Kind}) over {@value #CONNECTIONS} concurrent TCP connections against a live listener
 * ({@link InProcessTarget} until the running Broker exists). Before fuzzing, records are produced
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
    private static final String SERVER_LOGGER = "io.replog.netty.server.ConnectionErrorHandler";

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

    /**
     * The whole scenario: produce, fuzz, check; prints {@code metric value unit} lines prefixed by
     * {@code name}. Returns how many frames of each kind were thrown.
     */
    static Map<Kind, Long> fuzz(Path dir, long frames, String name) throws Exception {
        long seed = Long.getLong("replog.fuzz.seed", System.nanoTime());
        System.out.println(name + ": seed " + seed + " (replay with -Dreplog.fuzz.seed=" + seed + ")");
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("fuzz-client", true),
                NioIoHandler.newFactory());
        InProcessTarget target = new InProcessTarget(dir, "fuzz", PARTITIONS,
                ConnectionLimits.DEFAULTS.withMaxRequestBytes(MAX_REQUEST_BYTES), clients);
        Map<Kind, Long> byKind;
        try {
            List<List<byte[]>> acknowledged = produceBefore(target);
            WireFuzz fuzz = new WireFuzz(target, clients, MAX_REQUEST_BYTES, seed);
            long start = System.nanoTime();
            List<String> failures;
            WireFuzz.LogCounter logs = new WireFuzz.LogCounter("io.replog", "io.netty");
            try (logs) {
                failures = fuzz.run(frames, CONNECTIONS, acknowledged);
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            byKind = fuzz.sentByKind();
            long sent = byKind.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("%s_frames %d frames%n%s_seconds %.2f s%n%s_rate %.0f frames/s%n", name, sent, name,
                    seconds, name, sent / seconds);
            byKind.forEach((k, n) -> System.out.printf("%s_kind_%s %d frames%n", name, k.name().toLowerCase(), n));
            System.out.printf("%s_connections %d connections%n%s_answers %d responses%n%s_server_closes %d connections%n"
                            + "%s_client_closes %d connections%n%s_unanswered_produces %d frames%n"
                            + "%s_corrupt_batches_refused %d responses%n%s_canary_rounds %d rounds%n"
                            + "%s_server_warnings %d lines%n",
                    name, fuzz.connectionsOpened.get(), name, fuzz.answered.get(), name, fuzz.closedByServer.get(),
                    name, fuzz.closedByClient.get(), name, fuzz.silentProduces.get(), name,
                    fuzz.corruptBatchesRefused.get(), name, fuzz.canaryRounds.get(), name,
                    logs.warnings(SERVER_LOGGER));

            assertThat(failures).as("seed %d", seed).isEmpty();
            assertThat(sent).isEqualTo(frames);
            assertThat(logs.firstErrors).as("seed %d: nothing logged at ERROR (garbage is the peer's fault)", seed)
                    .isEmpty();
            assertThat(logs.warnings(SERVER_LOGGER)).as("seed %d: each connection the server closed says why", seed)
                    .isGreaterThanOrEqualTo(fuzz.closedByServer.get());
            assertThat(fuzz.canaryRounds.get()).as("the canary was answered throughout").isPositive();
            assertStillServing(target, clients);
            for (int p = 0; p < PARTITIONS; p++) {
                List<byte[]> read = target.readBack(p);
                List<byte[]> want = acknowledged.get(p);
                assertThat(read.size()).as("seed %d: partition %d keeps every acknowledged record", seed, p)
                        .isGreaterThanOrEqualTo(want.size());
                for (int i = 0; i < want.size(); i++) {
                    assertThat(read.get(i)).as("seed %d: partition %d offset %d", seed, p, i).isEqualTo(want.get(i));
                }
            }
        } finally {
            target.close();
            clients.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        await("no replog- thread outlives the listener").atMost(Duration.ofSeconds(10)).until(() ->
                Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                        .noneMatch(t -> t.getName().startsWith("replog-")));
        return byKind;
    }

    /** 25 acknowledged batches of 8 records per partition, acks=1, offsets checked as they are acknowledged. */
    private static List<List<byte[]>> produceBefore(InProcessTarget target) {
        List<List<byte[]>> acknowledged = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<byte[]> all = new ArrayList<>();
            for (int b = 0; b < 25; b++) {
                List<byte[]> values = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    values.add(("p" + p + "-b" + b + "-r" + i).getBytes(StandardCharsets.UTF_8));
                }
                assertThat(target.produceAndAck(p, values)).isEqualTo(all.size());
                all.addAll(values);
            }
            acknowledged.add(all);
        }
        return acknowledged;
    }

    private static void assertStillServing(InProcessTarget target, EventLoopGroup clients) throws InterruptedException {
        try (WireClient client = new WireClient(clients, target.bootstrap())) {
            ByteBuf body = client.call((short) 3, (short) 9, 42, MetadataRequestMessage.DEFAULT.withTopics(null),
                    WireFuzz.WAIT);
            assertThat(MetadataResponseMessage.read(body, (short) 9).topics())
                    .extracting(MetadataResponseMessage.MetadataResponseTopic::name).containsExactly(target.topic());
        }
    }
}
