package io.replog.client;

import io.replog.errors.NotEnoughReplicasException;
import io.replog.errors.TimeoutException;
import io.replog.testing.TestCluster;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The producer when brokers stop (over TCP and in-VM): with the ISR below
 * {@code min.insync.replicas}, acks=all sends fail with {@link NotEnoughReplicasException} (directly
 * with {@code retries=0}, as the cause of the delivery timeout otherwise) and append nothing; a
 * leader stopped under acks=all load from several threads hands its partitions over and no
 * acknowledged record is lost or reordered.
 */
class ProducerFailoverTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void notEnoughReplicasReachesTheFutureAndNothingIsAppended(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1", "R2"),
                Map.of("replica.lag.time.max.ms", 2_000));
             RawLog log = new RawLog(cluster)) {
            String topic = "guarded";
            TopicPartition tp = new TopicPartition(topic, 0);
            log.createTopic(topic, 1, 2, Map.of("min.insync.replicas", "2"));
            int follower = log.partition(tp).replicas().stream().filter(id -> id != log.leader(tp))
                    .findFirst().orElseThrow();
            cluster.stopBroker(follower);
            await("the ISR of " + tp + " shrinks to its leader").atMost(RawLog.WAIT)
                    .until(() -> log.partition(tp).isr().size() == 1);

            try (Producer<String, String> noRetries = Producer.create(ProducerConfig.parse(cluster.clientProps(
                    Map.of("acks", "all", "retries", "0", "linger.ms", "0"))), Serdes.string(), Serdes.string())) {
                CompletableFuture<RecordMetadata> f = noRetries.send(ProducerRecord.of(topic, "k", "refused"));
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(NotEnoughReplicasException.class).hasMessageContaining(tp.toString());
            }

            Map<String, Object> retrying = Map.of("acks", "all", "linger.ms", "0", "request.timeout.ms", "1000",
                    "delivery.timeout.ms", "1500", "retry.backoff.ms", "50", "batch.size", "1024",
                    "buffer.memory", "1024", "max.block.ms", "200");
            try (Producer<String, String> producer = Producer.create(ProducerConfig.parse(cluster.clientProps(
                    retrying)), Serdes.string(), Serdes.string())) {
                long start = System.nanoTime();
                CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of(topic, "k", "x".repeat(600)));
                // Its batch holds all of buffer.memory while it is retried, so a second batch cannot get any.
                CompletableFuture<RecordMetadata> blocked = producer.send(ProducerRecord.of(topic, "k", "y".repeat(600)));
                assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(TimeoutException.class).hasMessageContaining("buffer.memory")
                        .hasMessageContaining("max.block.ms");
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(TimeoutException.class).hasMessageContaining(tp.toString())
                        .hasMessageContaining("delivery.timeout.ms")
                        .cause().as("the error the retries met").isInstanceOf(NotEnoughReplicasException.class);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .as("failed at delivery.timeout.ms (plus at most one request.timeout.ms)").isLessThan(10_000);
            }

            cluster.startBroker(follower);
            await("the ISR of " + tp + " is full again").atMost(RawLog.WAIT)
                    .until(() -> log.partition(tp).isr().size() == 2);
            try (Producer<String, String> producer = Producer.create(ProducerConfig.parse(cluster.clientProps(
                    Map.of("acks", "all"))), Serdes.string(), Serdes.string())) {
                RecordMetadata m = producer.send(ProducerRecord.of(topic, "k", "accepted")).get(30, TimeUnit.SECONDS);
                assertThat(m.offset()).as("the refused sends appended nothing").isZero();
            }
            assertThat(log.read(tp)).containsExactly(new RawLog.Stored(0, "k", "accepted"));
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void aLeaderStoppedUnderAcksAllLoadLosesNoAcknowledgedRecord(boolean inVm) throws Exception {
        int threads = 4;
        int afterStop = 200;
        int window = 40;
        int partitions = 3;
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1", "R2", "R1"));
             RawLog log = new RawLog(cluster)) {
            String topic = "failover";
            log.createTopic(topic, partitions, 3, Map.of("min.insync.replicas", "2"));
            TopicPartition p0 = new TopicPartition(topic, 0);
            int stopped = log.leader(p0);
            List<List<CompletableFuture<RecordMetadata>>> sent = new ArrayList<>();
            CountDownLatch loaded = new CountDownLatch(threads);
            AtomicBoolean brokerStopped = new AtomicBoolean();
            AtomicReference<Throwable> senderFailure = new AtomicReference<>();
            long began = System.nanoTime();
            try (Producer<String, String> producer = Producer.create(ProducerConfig.parse(cluster.clientProps(
                    Map.of("acks", "all", "linger.ms", "1", "batch.size", "2000", "retry.backoff.ms", "50",
                            "client.id", "failover"))), Serdes.string(), Serdes.string())) {
                List<Thread> senders = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<CompletableFuture<RecordMetadata>> mine = new ArrayList<>();
                    sent.add(mine);
                    int thread = t;
                    // Each sender keeps up to `window` records outstanding, before, during and after the
                    // stop, and sends `afterStop` more once the broker is gone.
                    Thread sender = new Thread(() -> {
                        try {
                            int remaining = Integer.MAX_VALUE;
                            for (int i = 0; remaining > 0; i++, remaining--) {
                                mine.add(producer.send(ProducerRecord.of(topic, "t" + thread + "-k" + (i % 5),
                                        "t" + thread + "-" + i)));
                                if (i >= window) {
                                    mine.get(i - window).exceptionally(e -> null).join();
                                }
                                if (i == window) {
                                    loaded.countDown();
                                }
                                if (remaining > afterStop && brokerStopped.get()) {
                                    remaining = afterStop;
                                }
                            }
                        } catch (Throwable e) {
                            senderFailure.set(e);
                        }
                    }, "replog-test-sender-" + t);
                    sender.start();
                    senders.add(sender);
                }
                assertThat(loaded.await(30, TimeUnit.SECONDS)).as("every sender under way").isTrue();
                cluster.stopBroker(stopped);
                brokerStopped.set(true);
                for (Thread s : senders) {
                    s.join(TimeUnit.SECONDS.toMillis(60));
                    assertThat(s.isAlive()).as(s.getName() + " finished").isFalse();
                }
                producer.flush();
            }
            LoggerFactory.getLogger(getClass()).info("failover load: {} records in {} ms",
                    sent.stream().mapToInt(List::size).sum(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            assertThat(senderFailure.get()).as("send never threw").isNull();

            Map<Integer, List<RawLog.Stored>> stored = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                assertThat(log.leader(tp)).as("leadership of " + tp + " left the stopped broker").isNotEqualTo(stopped);
                stored.put(p, log.read(tp));
            }
            int acknowledged = 0;
            for (int t = 0; t < threads; t++) {
                Map<Integer, Long> lastOffset = new HashMap<>();
                for (int i = 0; i < sent.get(t).size(); i++) {
                    RecordMetadata m = sent.get(t).get(i).get(30, TimeUnit.SECONDS);
                    acknowledged++;
                    List<RawLog.Stored> partitionLog = stored.get(m.partition());
                    assertThat(partitionLog.size()).as("partition %d holds offset %d", m.partition(), m.offset())
                            .isGreaterThan((int) m.offset());
                    assertThat(partitionLog.get((int) m.offset()).value())
                            .as("acknowledged record t%d-%d at its offset", t, i).isEqualTo("t" + t + "-" + i);
                    Long previous = lastOffset.put(m.partition(), m.offset());
                    assertThat(previous == null || previous < m.offset())
                            .as("thread %d's records keep their order in partition %d", t, m.partition()).isTrue();
                }
                assertThat(sent.get(t).size()).as("thread %d sent past the stop", t).isGreaterThan(afterStop);
            }
            assertThat(acknowledged).as("every record acknowledged despite the failover")
                    .isEqualTo(sent.stream().mapToInt(List::size).sum());
        }
    }
}
