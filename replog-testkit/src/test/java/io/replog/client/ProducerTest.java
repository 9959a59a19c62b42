package io.replog.client;

import io.replog.client.internal.producer.Murmur2;
import io.replog.errors.ReplogException;
import io.replog.errors.SerializationException;
import io.replog.errors.TimeoutException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.testing.TestCluster;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The networked producer against real brokers (embedded ZooKeeper, Netty over TCP and in-VM): with
 * each acks level every acknowledged record is read back (by raw fetches, not through the
 * producer) at its offset, in send order, on the partition Kafka's murmur2 gives its key; an
 * unknown topic and a dead bootstrap server fail the send's future within {@code max.block.ms}
 * naming what was missing; {@code close(Duration.ZERO)} fails queued records and writes none.
 * One three-broker cluster per transport serves every test of the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProducerTest {
    private static final int PARTITIONS = 3;

    // The clusters outlive single tests, so their directory is the class's, removed in stopClusters
    // (a @TempDir field is cleaned up after the test that first used it).
    private final Path dir = createDirectory();

    private final Map<Boolean, TestCluster> clusters = new HashMap<>();
    private final Map<Boolean, RawLog> logs = new HashMap<>();

    private synchronized TestCluster cluster(boolean inVm) {
        return clusters.computeIfAbsent(inVm, v -> {
            // In-VM listener names derive from the directory name, which must be unique in the JVM.
            TestCluster c = TestCluster.start(dir.resolve(dir.getFileName() + (v ? "-in-vm" : "-tcp")), v,
                    List.of("R1", "R2", "R1"));
            logs.put(v, new RawLog(c));
            return c;
        });
    }

    private RawLog log(boolean inVm) {
        cluster(inVm);
        return logs.get(inVm);
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("producer-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopClusters() throws IOException {
        try {
            logs.values().forEach(RawLog::close);
            clusters.values().forEach(TestCluster::close);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Producer<String, String> producer(boolean inVm, Map<String, ?> props) {
        ProducerConfig config = ProducerConfig.parse(cluster(inVm).clientProps(props));
        return Producer.create(config, Serdes.string(), Serdes.string());
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void everyAcknowledgedRecordIsReadBackInSendOrderOnItsMurmur2PartitionWithEachAcks(boolean inVm)
            throws Exception {
        for (Acks acks : Acks.values()) {
            String topic = "acks-" + acks.name().toLowerCase();
            log(inVm).createTopic(topic, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
            int count = 300;
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            try (Producer<String, String> producer = producer(inVm, Map.of("acks", acks.configValue(),
                    "linger.ms", "2", "batch.size", "600", "client.id", "p-" + topic))) {
                for (int i = 0; i < count; i++) {
                    String key = "key-" + (i % 7);
                    keys.add(key);
                    futures.add(producer.send(ProducerRecord.of(topic, key, "value-" + i)));
                }
                producer.flush();
                assertThat(futures).as("flush waited for every future").allMatch(CompletableFuture::isDone);
            }
            Map<Integer, List<String>> expected = new HashMap<>();
            for (int i = 0; i < count; i++) {
                int partition = Murmur2.partitionForKey(keys.get(i).getBytes(StandardCharsets.UTF_8), PARTITIONS);
                expected.computeIfAbsent(partition, p -> new ArrayList<>()).add("value-" + i);
                RecordMetadata m = futures.get(i).get();
                assertThat(m.partition()).as("record %d, key %s: the partition Kafka's murmur2 gives", i, keys.get(i))
                        .isEqualTo(partition);
                assertThat(m.topic()).isEqualTo(topic);
                if (acks == Acks.NONE) {
                    assertThat(m.offset()).as("acks=0: offset unknown, as in Kafka").isEqualTo(-1);
                }
            }
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                List<String> want = expected.getOrDefault(p, List.of());
                await(acks + ": " + tp + " holds its " + want.size() + " records").atMost(RawLog.WAIT)
                        .until(() -> log(inVm).highWatermark(tp) >= want.size());
                List<RawLog.Stored> stored = log(inVm).read(tp);
                assertThat(stored).extracting(RawLog.Stored::value).as(acks + ": " + tp + " in send order")
                        .containsExactlyElementsOf(want);
                if (acks != Acks.NONE) {
                    for (int i = 0; i < count; i++) {
                        RecordMetadata m = futures.get(i).get();
                        if (m.partition() == p) {
                            assertThat(stored.get((int) m.offset()))
                                    .as(acks + ": record %d at its acknowledged offset", i)
                                    .isEqualTo(new RawLog.Stored(m.offset(), keys.get(i), "value-" + i));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void keylessRecordsStickToOnePartitionPerBatchAndAllArrive(boolean inVm) throws Exception {
        String topic = "sticky";
        log(inVm).createTopic(topic, PARTITIONS, 2, Map.of());
        List<RecordMetadata> acked = new ArrayList<>();
        try (Producer<String, String> producer = producer(inVm, Map.of("linger.ms", "1000", "acks", "1"))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, null, "small-" + i)));
            }
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                acked.add(f.get());
            }
        }
        assertThat(acked).extracting(RecordMetadata::partition).as("20 small keyless records fill one batch")
                .containsOnly(acked.get(0).partition());
        TopicPartition tp = new TopicPartition(topic, acked.get(0).partition());
        await("the 20 records are committed").atMost(RawLog.WAIT).until(() -> log(inVm).highWatermark(tp) >= 20);
        assertThat(log(inVm).read(tp)).extracting(RawLog.Stored::value)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "small-" + i).toList());
        assertThat(acked).extracting(RecordMetadata::offset).as("consecutive offsets: one batch")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void aTopicTheClusterDoesNotKnowFailsTheSendNamingItAfterMaxBlockMs(boolean inVm) {
        try (Producer<String, String> producer = producer(inVm, Map.of("max.block.ms", "300"))) {
            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of("no-such-topic", "k", "v"));
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(UnknownTopicOrPartitionException.class)
                    .hasMessageContaining("no-such-topic").hasMessageContaining("max.block.ms");
            // Not a timing test: it shows the send waited for metadata (rather than failing at once)
            // and gave up. The producer's clock counts whole milliseconds, hence the slack below 300.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("waited max.block.ms")
                    .isBetween(250L, 10_000L);
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void closeWithZeroTimeoutFailsEveryQueuedRecordAndWritesNone(boolean inVm) throws Exception {
        String topic = "closed-early";
        log(inVm).createTopic(topic, 1, 1, Map.of());
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        Producer<String, String> producer = producer(inVm, Map.of("linger.ms", "60000", "client.id", "close-zero"));
        for (int i = 0; i < 10; i++) {
            futures.add(producer.send(ProducerRecord.of(topic, "k", "v" + i)));
        }
        assertThat(futures).as("lingering").noneMatch(CompletableFuture::isDone);
        producer.close(Duration.ZERO);
        assertThat(futures).as("close(ZERO) completed every future").allMatch(CompletableFuture::isDone);
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertThatThrownBy(f::get).cause().isInstanceOf(ReplogException.class).hasMessageContaining("closed");
        }
        assertThatThrownBy(() -> producer.send(ProducerRecord.of(topic, "k", "late")).get())
                .as("a send after close").cause().isInstanceOf(ReplogException.class).hasMessageContaining("closed");
        assertThat(log(inVm).highWatermark(new TopicPartition(topic, 0))).as("nothing was written").isZero();
        assertThat(Thread.getAllStackTraces().keySet()).as("the producer's thread is gone")
                .noneMatch(t -> t.isAlive() && t.getName().equals("replog-producer-close-zero"));
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void closeSendsEverythingQueuedAndWaitsForIt(boolean inVm) throws Exception {
        String topic = "closed-gently";
        log(inVm).createTopic(topic, 1, 3, Map.of());
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        Producer<String, String> producer = producer(inVm, Map.of("linger.ms", "60000", "acks", "all"));
        for (int i = 0; i < 10; i++) {
            futures.add(producer.send(ProducerRecord.of(topic, "k", "v" + i)));
        }
        assertThat(futures).as("lingering").noneMatch(CompletableFuture::isDone);
        producer.close();
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i)).as("close waited for record %d", i).isCompleted();
            assertThat(futures.get(i).get().offset()).isEqualTo(i);
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        await("committed").atMost(RawLog.WAIT).until(() -> log(inVm).highWatermark(tp) == 10);
        assertThat(log(inVm).read(tp)).extracting(RawLog.Stored::value)
                .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void aSerializerFailureFailsTheFutureAtOnceWithoutSendingAnything() {
        ProducerConfig config = ProducerConfig.parse(Map.of("bootstrap.servers", "local://nobody-listens-either",
                "max.block.ms", "60000"));
        Serializer<String> refusing = (topic, data) -> {
            throw new IllegalStateException("cannot encode " + data);
        };
        try (Producer<String, String> producer = Producer.create(config, Serdes.string(), refusing)) {
            CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of("t", "k", "bad"));
            assertThat(f).as("failed before waiting for metadata").isCompletedExceptionally();
            assertThatThrownBy(f::get).cause().isInstanceOf(SerializationException.class)
                    .hasMessageContaining("value").hasMessageContaining("topic t")
                    .hasMessageContaining("cannot encode bad");
        }
    }

    @Test
    void aDeadTcpBootstrapServerFailsTheSendWithinMaxBlockMsNamingIt() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertDeadBootstrapFailsNamingIt("127.0.0.1:" + port);
    }

    @Test
    void aDeadInVmBootstrapServerFailsTheSendWithinMaxBlockMsNamingIt() {
        assertDeadBootstrapFailsNamingIt("local://nobody-listens-here");
    }

    private static void assertDeadBootstrapFailsNamingIt(String address) {
        ProducerConfig config = ProducerConfig.parse(Map.of("bootstrap.servers", address, "max.block.ms", "500",
                "retry.backoff.ms", "50"));
        try (Producer<String, String> producer = Producer.create(config, Serdes.string(), Serdes.string())) {
            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of("t", "k", "v"));
            long blockedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(f).as("send returned a failed future rather than throwing").isCompletedExceptionally();
            assertThatThrownBy(f::get).cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining(address).hasMessageContaining("metadata of topic t");
            assertThat(blockedMs).as("blocked about max.block.ms").isBetween(400L, 5_000L);
        }
    }
}
