package io.replog.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replog.live.LiveCluster;
import io.replog.netty.fuzz.FrameFuzzer.Kind;
import io.replog.netty.fuzz.FuzzScenario;
import io.replog.netty.fuzz.FuzzTarget;
import io.replog.netty.fuzz.WireClient;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.wire.FrameDecoder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * replog-netty's wire fuzzer ({@link FuzzScenario}) against running brokers: a real embedded
 * ZooKeeper and three brokers started by {@code Broker.start} over loopback TCP, a topic of
 * {@value #PARTITIONS} partitions replicated three times ({@code min.insync.replicas=2}), all led
 * by broker 0, the one fuzzed. Before
 * fuzzing, records are produced to every partition's leader with acks=all and their offsets
 * checked; then {@value #CI_FRAMES} random and mutated frames go to broker 0 over
 * {@value #CONNECTIONS} concurrent connections (every {@link Kind}: bad, negative and 2 GiB size
 * prefixes, truncated and lying frames, unknown keys and versions, garbage bodies, flipped bytes,
 * corrupt batches), while a canary connection's Metadata and Fetch answers are checked; after,
 * every acknowledged record reads back unchanged from its leader, nothing was logged at ERROR,
 * every connection the broker closed has a WARN saying why, and every broker still answers.
 *
 * <p>Seeded like {@code WireFuzzTest}: {@code -Dreplog.fuzz.seed=N} replays a run and
 * {@code -Dreplog.fuzz.frames=N} changes the count. The {@code soak} run throws 2 000 000.
 */
class LiveBrokerWireFuzzTest {
    static final long CI_FRAMES = 100_000;
    static final int CONNECTIONS = 24;
    static final int PARTITIONS = 6;
    static final String TOPIC = "fuzz";
    /** The brokers' listeners run with Kafka's socket.request.max.bytes (ConnectionLimits.DEFAULTS). */
    static final int MAX_REQUEST_BYTES = FrameDecoder.DEFAULT_MAX_FRAME_BYTES;

    /**
     * Partition to replicas, the first the leader: broker 0 leads every partition, so all of the
     * fuzzer's Produce and Fetch requests reach a leader. A topic led by one broker is also the
     * case that once left CreateTopics unanswered: a LeaderAndIsr's leaders replaced, rather than
     * added to, the addresses its broker knew, so a controller on broker 1 or 2 forgot the others
     * (about one run in six; see {@code BrokerAddresses}).
     */
    static final Map<Integer, List<Integer>> ASSIGNMENT = assignment();

    @TempDir
    Path dir;

    private static Map<Integer, List<Integer>> assignment() {
        Map<Integer, List<Integer>> a = new LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            a.put(p, p % 2 == 0 ? List.of(0, 1, 2) : List.of(0, 2, 1));
        }
        return a;
    }

    @Test
    void aHundredThousandFramesAtALeaderLeaveItServingAndAcknowledgedRecordsUnchanged() throws Exception {
        assertCovered(fuzz(Long.getLong("replog.fuzz.frames", CI_FRAMES), "live_fuzz"));
    }

    @Test
    @Tag("soak")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void twoMillionFramesAtALeader() throws Exception {
        assertCovered(fuzz(Long.getLong("replog.fuzz.frames", 2_000_000), "live_fuzz_soak"));
    }

    private static void assertCovered(FuzzScenario.Report report) {
        assertThat(report.sentByKind()).as("every kind of frame was thrown").containsOnlyKeys(Kind.values())
                .allSatisfy((kind, n) -> assertThat(n).as(kind.name()).isPositive());
        assertThat(report.answered()).as("frames answered (probes included)").isPositive();
        assertThat(report.serverCloses()).as("connections the broker closed").isPositive();
        assertThat(report.clientCloses()).as("connections left by the client halfway through a frame").isPositive();
        assertThat(report.connections()).as("connections opened").isGreaterThan(CONNECTIONS);
        assertThat(report.corruptBatchesRefused()).as("corrupt batches refused with an error").isPositive();
        assertThat(report.acknowledgedRecords()).as("records acknowledged with acks=all before fuzzing")
                .isEqualTo(PARTITIONS * 25L * 8);
        assertThat(report.canaryRounds()).as("canary rounds (Metadata and Fetch at broker 0)").isPositive();
    }

    private FuzzScenario.Report fuzz(long frames, String name) throws Exception {
        FuzzScenario.Report report;
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("fuzz-client", true),
                NioIoHandler.newFactory());
        try (LiveCluster cluster = LiveCluster.start(dir, 3)) {
            cluster.createTopic(TOPIC, ASSIGNMENT, Map.of("min.insync.replicas", "2"));
            long start = System.nanoTime();
            report = FuzzScenario.run(new LiveTarget(cluster, clients), clients, MAX_REQUEST_BYTES, frames,
                    CONNECTIONS, 25, name);
            System.out.printf("%s_total_seconds %.2f s%n", name, (System.nanoTime() - start) / 1e9);
            for (int id = 0; id < 3; id++) {
                assertAnswersMetadata(cluster.address(id), clients);
            }
        } finally {
            clients.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        await("no replog-broker- thread outlives the brokers").atMost(Duration.ofSeconds(10)).until(() ->
                Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                        .noneMatch(t -> t.getName().startsWith("replog-broker-")));
        return report;
    }

    /** After the fuzzing every broker, not only the fuzzed one, lists the topic and all three brokers. */
    private static void assertAnswersMetadata(InetSocketAddress broker, EventLoopGroup clients)
            throws InterruptedException {
        try (WireClient client = new WireClient(clients, broker)) {
            ByteBuf body = client.call((short) 3, (short) 9, 7, MetadataRequestMessage.DEFAULT.withTopics(List.of(
                    MetadataRequestMessage.MetadataRequestTopic.DEFAULT.withName(TOPIC))), Duration.ofSeconds(15));
            MetadataResponseMessage m = MetadataResponseMessage.read(body, (short) 9);
            assertThat(m.brokers()).as("brokers listed by " + broker).hasSize(3);
            assertThat(m.topics()).singleElement().satisfies(t -> {
                assertThat(t.errorCode()).isZero();
                assertThat(t.partitions()).hasSize(PARTITIONS).allSatisfy(p -> {
                    assertThat(p.leaderId()).isEqualTo(ASSIGNMENT.get(p.partitionIndex()).get(0));
                    assertThat(p.isrNodes()).as("ISR of partition " + p.partitionIndex()).hasSize(3);
                });
            });
        }
    }

    /** Broker 0's listener; records produced with acks=all to each partition's leader and read back from it. */
    private static final class LiveTarget implements FuzzTarget {
        private static final Duration TIMEOUT = Duration.ofSeconds(15);
        private final LiveCluster cluster;
        private final EventLoopGroup clients;
        private final AtomicInteger correlationIds = new AtomicInteger(1);

        LiveTarget(LiveCluster cluster, EventLoopGroup clients) {
            this.cluster = cluster;
            this.clients = clients;
        }

        @Override
        public InetSocketAddress bootstrap() {
            return cluster.address(0);
        }

        @Override
        public String topic() {
            return TOPIC;
        }

        @Override
        public int partitions() {
            return PARTITIONS;
        }

        @Override
        public int brokers() {
            return 3;
        }

        @Override
        public boolean bootstrapLeads(int partition) {
            return ASSIGNMENT.get(partition).get(0) == 0;
        }

        @Override
        public long produceAndAck(int partition, List<byte[]> values) {
            return WireClient.produceAndAck(clients, leader(partition), TOPIC, partition, (short) -1, values,
                    correlationIds.getAndIncrement(), TIMEOUT);
        }

        @Override
        public List<byte[]> readBack(int partition) {
            return WireClient.readBack(clients, leader(partition), TOPIC, partition, correlationIds.getAndAdd(1000),
                    TIMEOUT);
        }

        private InetSocketAddress leader(int partition) {
            return cluster.address(ASSIGNMENT.get(partition).get(0));
        }

        @Override
        public void close() {
            // The cluster and the client group are the test's to close.
        }
    }
}
