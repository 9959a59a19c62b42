package io.replog.netty.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.replog.netty.fuzz.FrameFuzzer.Kind;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole fuzz scenario against any {@link FuzzTarget}, shared by replog-netty's
 * {@code WireFuzzTest} (a bare listener) and replog-testkit's {@code LiveBrokerWireFuzzTest}
 * (running brokers): produce and remember acknowledged records, fuzz with a canary connection
 * checked throughout, then assert that nothing failed, nothing was logged at ERROR, every
 * connection the server closed has a WARN saying why, the listener still answers on a new
 * connection, and every acknowledged record reads back unchanged. Prints {@code metric value unit}
 * lines prefixed by the run's name and returns what it counted, for the caller to assert coverage.
 *
 * <p>Seeded: the seed is printed; {@code -Dreplog.fuzz.seed=N} replays it. A failure names the
 * seed, the frame's index and kind and its first bytes.
 */
public final class FuzzScenario {
    /** Where the server logs the reason of each connection it closes. */
    public static final String SERVER_LOGGER = "io.replog.netty.server.ConnectionErrorHandler";

    private FuzzScenario() {
    }

    /** What one run threw and saw. */
    public record Report(long seed, Map<Kind, Long> sentByKind, long connections, long answered, long serverCloses,
                         long clientCloses, long longPolls, long unansweredProduces, long corruptBatchesRefused, long canaryRounds,
                         long serverWarnings, long acknowledgedRecords, double seconds) {
        public long sent() {
            return sentByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Runs {@code frames} frames over {@code connections} connections against {@code target}, whose
     * listener refuses frames above {@code maxRequestBytes}; client connections run on
     * {@code clients}. {@code batchesPerPartition} batches of 8 records are produced to each
     * partition first.
     */
    public static Report run(FuzzTarget target, EventLoopGroup clients, int maxRequestBytes, long frames,
                             int connections, int batchesPerPartition, String name) throws InterruptedException {
        long seed = Long.getLong("replog.fuzz.seed", System.nanoTime());
        System.out.println(name + ": seed " + seed + " (replay with -Dreplog.fuzz.seed=" + seed + ")");
        List<List<byte[]>> acknowledged = produceBefore(target, batchesPerPartition);
        WireFuzz fuzz = new WireFuzz(target, clients, maxRequestBytes, seed);
        long start = System.nanoTime();
        List<String> failures;
        WireFuzz.LogCounter logs = new WireFuzz.LogCounter("io.replog", "io.netty");
        try (logs) {
            failures = fuzz.run(frames, connections, acknowledged);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<Kind, Long> byKind = fuzz.sentByKind();
        Report report = new Report(seed, byKind, fuzz.connectionsOpened.get(), fuzz.answered.get(),
                fuzz.closedByServer.get(), fuzz.closedByClient.get(), fuzz.longPolls.get(), fuzz.silentProduces.get(),
                fuzz.corruptBatchesRefused.get(), fuzz.canaryRounds.get(), logs.warnings(SERVER_LOGGER),
                acknowledged.stream().mapToLong(List::size).sum(), seconds);
        long sent = report.sent();
        System.out.printf("%s_frames %d frames%n%s_seconds %.2f s%n%s_rate %.0f frames/s%n", name, sent, name,
                seconds, name, sent / seconds);
        byKind.forEach((k, n) -> System.out.printf("%s_kind_%s %d frames%n", name, k.name().toLowerCase(), n));
        System.out.printf("%s_connections %d connections%n%s_answers %d responses%n%s_server_closes %d connections%n"
                        + "%s_client_closes %d connections%n%s_long_polls_left %d frames%n%s_unanswered_produces %d frames%n"
                        + "%s_corrupt_batches_refused %d responses%n%s_canary_rounds %d rounds%n"
                        + "%s_server_warnings %d lines%n%s_acknowledged_records %d records%n",
                name, report.connections(), name, report.answered(), name, report.serverCloses(),
                name, report.clientCloses(), name, report.longPolls(), name, report.unansweredProduces(), name,
                report.corruptBatchesRefused(), name, report.canaryRounds(), name, report.serverWarnings(),
                name, report.acknowledgedRecords());

        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(sent).isEqualTo(frames);
        assertThat(logs.firstErrors).as("seed %d: nothing logged at ERROR (garbage is the peer's fault)", seed)
                .isEmpty();
        assertThat(report.serverWarnings()).as("seed %d: each connection the server closed says why", seed)
                .isGreaterThanOrEqualTo(report.serverCloses());
        assertThat(report.canaryRounds()).as("the canary was answered throughout").isPositive();
        assertStillServing(target, clients);
        for (int p = 0; p < target.partitions(); p++) {
            List<byte[]> read = target.readBack(p);
            List<byte[]> want = acknowledged.get(p);
            assertThat(read.size()).as("seed %d: partition %d keeps every acknowledged record", seed, p)
                    .isGreaterThanOrEqualTo(want.size());
            for (int i = 0; i < want.size(); i++) {
                assertThat(read.get(i)).as("seed %d: partition %d offset %d", seed, p, i).isEqualTo(want.get(i));
            }
        }
        return report;
    }

    /** Batches of 8 records per partition, offsets checked as they are acknowledged. */
    private static List<List<byte[]>> produceBefore(FuzzTarget target, int batches) {
        List<List<byte[]>> acknowledged = new ArrayList<>();
        for (int p = 0; p < target.partitions(); p++) {
            List<byte[]> all = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
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

    /** A new connection's Metadata for every topic lists the target's topic and brokers. */
    private static void assertStillServing(FuzzTarget target, EventLoopGroup clients) throws InterruptedException {
        try (WireClient client = new WireClient(clients, target.bootstrap())) {
            ByteBuf body = client.call((short) 3, (short) 9, 42, MetadataRequestMessage.DEFAULT.withTopics(null),
                    WireFuzz.WAIT);
            MetadataResponseMessage metadata = MetadataResponseMessage.read(body, (short) 9);
            assertThat(metadata.topics()).extracting(MetadataResponseMessage.MetadataResponseTopic::name)
                    .contains(target.topic());
            assertThat(metadata.brokers()).hasSize(target.brokers());
        }
    }
}
