package io.replog.client;

import io.replog.errors.OffsetOutOfRangeException;
import io.replog.record.TimestampType;
import io.replog.testing.TestCluster;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The networked consumer against real brokers (embedded ZooKeeper, Netty over TCP and in-VM),
 * records written by raw ProduceRequests ({@link RawProducer}): every record comes back once, in
 * offset order, with its key, value, headers and timestamp; seeks and positions; max.poll.records;
 * an empty poll after its timeout; auto.offset.reset earliest, latest and none; and reading on
 * across a leader change.
 */
class ConsumerTest {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static Consumer<String, String> consumer(TestCluster cluster, Map<String, ?> extra) {
        Map<String, Object> props = cluster.clientProps(extra);
        props.putIfAbsent("fetch.max.wait.ms", "100");
        return Consumer.create(ConsumerConfig.parse(props), Serdes.string(),
                Serdes.string());
    }

    /** Polls until {@code count} records have come (failing after 30 s), checking each poll's size. */
    private static List<ConsumerRecord<String, String>> pollUntil(Consumer<String, String> consumer, int count,
                                                                  int maxPerPoll) {
        List<ConsumerRecord<String, String>> all = pollAtLeast(consumer, count, maxPerPoll);
        assertThat(all).hasSize(count);
        return all;
    }

    /** Polls until at least {@code count} records have come (failing after 30 s), checking each poll's size. */
    private static List<ConsumerRecord<String, String>> pollAtLeast(Consumer<String, String> consumer, int count,
                                                                    int maxPerPoll) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        await("" + count + " records").atMost(Duration.ofSeconds(30)).pollInSameThread()
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                    ConsumerRecords<String, String> records = consumer.poll(POLL);
                    assertThat(records.count()).isLessThanOrEqualTo(maxPerPoll);
                    records.forEach(all::add);
                    return all.size() >= count;
                });
        return all;
    }

    private static void assertNumbered(List<ConsumerRecord<String, String>> records, TopicPartition tp, int from) {
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> r = records.get(i);
            int n = from + i;
            assertThat(r.topicPartition()).isEqualTo(tp);
            assertThat(r.offset()).as("offset of record %d", i).isEqualTo(n);
            assertThat(r.key()).isEqualTo("k-" + n);
            assertThat(r.value()).isEqualTo("v-" + n);
            assertThat(r.timestamp()).isEqualTo(T0 + n);
            assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(r.headers()).containsExactly(Header.of("n", String.valueOf(n)));
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void readsEveryRecordOnceInOrderWithKeysValuesHeadersAndTimestamps(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1"));
             RawProducer producer = new RawProducer(cluster)) {
            producer.createTopic("events", 2, 1);
            TopicPartition p0 = new TopicPartition("events", 0);
            TopicPartition p1 = new TopicPartition("events", 1);
            producer.produceNumbered(p0, 0, 10, T0);
            producer.produceNumbered(p0, 10, 25, T0);
            // Null key, null value (a tombstone), several headers in order, one with a null value.
            producer.produce(p1, List.of(
                    new RawProducer.Rec(T0 + 100, null, "no key", List.of()),
                    new RawProducer.Rec(T0 + 101, "tombstone", null, List.of()),
                    new RawProducer.Rec(T0 + 99, "h", "headers", List.of(Header.of("a", "1"),
                            Header.of("b", (String) null), Header.of("a", "2")))));
            producer.produceNumbered(p0, 25, 40, T0);

            try (Consumer<String, String> consumer = consumer(cluster, Map.of("auto.offset.reset", "earliest",
                    "client.id", "reader"))) {
                consumer.assign(List.of(p0, p1));
                assertThat(consumer.assignment()).containsExactlyInAnyOrder(p0, p1);
                List<ConsumerRecord<String, String>> all = pollUntil(consumer, 43, 500);
                assertNumbered(all.stream().filter(r -> r.partition() == 0).toList(), p0, 0);
                List<ConsumerRecord<String, String>> ones = all.stream().filter(r -> r.partition() == 1).toList();
                assertThat(ones).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
                assertThat(ones.get(0).key()).isNull();
                assertThat(ones.get(0).value()).isEqualTo("no key");
                assertThat(ones.get(0).timestamp()).isEqualTo(T0 + 100);
                assertThat(ones.get(1).value()).isNull();
                assertThat(ones.get(2).timestamp()).isEqualTo(T0 + 99);
                assertThat(ones.get(2).headers()).containsExactly(Header.of("a", "1"), Header.of("b", (String) null),
                        Header.of("a", "2"));
                assertThat(consumer.position(p0)).isEqualTo(40);
                assertThat(consumer.position(p1)).isEqualTo(3);
                assertThat(consumer.poll(Duration.ofMillis(50)).isEmpty()).as("nothing read twice").isTrue();
                assertThat(threadNames()).contains("replog-consumer-reader");
            }
            // The executor has terminated when close returns; its thread leaves the thread list a moment later.
            await("close released the consumer's thread").atMost(Duration.ofSeconds(10))
                    .until(() -> !threadNames().contains("replog-consumer-reader"));
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void maxPollRecordsBoundsEachPollAndTheRestComesNext(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1"));
             RawProducer producer = new RawProducer(cluster)) {
            producer.createTopic("t", 1, 1);
            TopicPartition tp = new TopicPartition("t", 0);
            producer.produceNumbered(tp, 0, 50, T0);
            try (Consumer<String, String> consumer = consumer(cluster, Map.of("auto.offset.reset", "earliest",
                    "max.poll.records", "7"))) {
                consumer.assign(List.of(tp));
                ConsumerRecords<String, String> first = consumer.poll(Duration.ofSeconds(10));
                assertThat(first.count()).isEqualTo(7);
                assertThat(consumer.position(tp)).as("one past the last record returned").isEqualTo(7);
                List<ConsumerRecord<String, String>> all = new ArrayList<>();
                first.forEach(all::add);
                all.addAll(pollUntil(consumer, 43, 7));
                assertNumbered(all, tp, 0);
            }
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void seekSeekToBeginningSeekToEndAndPositionMoveTheReadPoint(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1"));
             RawProducer producer = new RawProducer(cluster)) {
            producer.createTopic("t", 1, 1);
            TopicPartition tp = new TopicPartition("t", 0);
            producer.produceNumbered(tp, 0, 20, T0); // one batch: a seek into it starts mid-batch
            try (Consumer<String, String> consumer = consumer(cluster, Map.of("auto.offset.reset", "latest"))) {
                consumer.assign(List.of(tp));
                assertThat(consumer.position(tp)).as("latest: the log end").isEqualTo(20);
                consumer.seek(tp, 13);
                assertThat(consumer.position(tp)).isEqualTo(13);
                assertNumbered(pollUntil(consumer, 7, 500), tp, 13);

                consumer.seekToBeginning(List.of());
                assertThat(consumer.position(tp)).isEqualTo(0);
                List<ConsumerRecord<String, String>> fromStart = pollUntil(consumer, 20, 500);
                assertNumbered(fromStart, tp, 0);

                consumer.seek(tp, 3);
                consumer.seekToEnd(List.of(tp));
                assertThat(consumer.position(tp)).isEqualTo(20);
                assertThat(consumer.poll(Duration.ofMillis(100)).isEmpty()).isTrue();
                producer.produceNumbered(tp, 20, 22, T0);
                assertNumbered(pollUntil(consumer, 2, 500), tp, 20);

                assertThatThrownBy(() -> consumer.seek(new TopicPartition("t", 9), 0))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("t-9");
                assertThatThrownBy(() -> consumer.seek(tp, -1)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> consumer.position(new TopicPartition("u", 0)))
                        .isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void aPollWithNothingToReadReturnsEmptyAfterItsTimeoutAndTheNextGetsNewRecords(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1"));
             RawProducer producer = new RawProducer(cluster)) {
            producer.createTopic("t", 1, 1);
            TopicPartition tp = new TopicPartition("t", 0);
            try (Consumer<String, String> consumer = consumer(cluster, Map.of("fetch.max.wait.ms", "50",
                    "fetch.min.bytes", "1000000"))) {
                consumer.assign(List.of(tp));
                assertThat(consumer.poll(Duration.ofMillis(300)).isEmpty()).isTrue();
                assertThat(consumer.poll(Duration.ZERO).isEmpty()).isTrue();
                producer.produceNumbered(tp, 0, 3, T0);
                // fetch.min.bytes is far above three records: the broker answers at fetch.max.wait.ms with what it has.
                assertNumbered(pollUntil(consumer, 3, 500), tp, 0);
            }
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void autoOffsetResetEarliestLatestAndNone(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1"));
             RawProducer producer = new RawProducer(cluster)) {
            producer.createTopic("t", 1, 1);
            TopicPartition tp = new TopicPartition("t", 0);
            producer.produceNumbered(tp, 0, 5, T0);
            try (Consumer<String, String> earliest = consumer(cluster, Map.of("auto.offset.reset", "earliest"));
                 Consumer<String, String> latest = consumer(cluster, Map.of("auto.offset.reset", "latest"));
                 Consumer<String, String> none = consumer(cluster, Map.of("auto.offset.reset", "none"))) {
                earliest.assign(List.of(tp));
                latest.assign(List.of(tp));
                none.assign(List.of(tp));
                assertNumbered(pollUntil(earliest, 5, 500), tp, 0);
                assertThat(latest.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
                assertThat(latest.position(tp)).isEqualTo(5);
                assertThatThrownBy(() -> none.poll(Duration.ofMillis(100)))
                        .isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining("t-0")
                        .hasMessageContaining("auto.offset.reset is none");
                assertThatThrownBy(() -> none.position(tp)).isInstanceOf(OffsetOutOfRangeException.class)
                        .hasMessageContaining("t-0");

                producer.produceNumbered(tp, 5, 8, T0);
                assertNumbered(pollUntil(latest, 3, 500), tp, 5);

                // Out of range: earliest starts over from the log start, none fails naming the partition and offsets.
                earliest.seek(tp, 1_000);
                assertNumbered(pollUntil(earliest, 8, 500), tp, 0);
                none.seek(tp, 1_000);
                assertThatThrownBy(() -> pollUntilThrows(none)).isInstanceOf(OffsetOutOfRangeException.class)
                        .hasMessageContaining("t-0").hasMessageContaining("1000");
                none.seek(tp, 6);
                assertNumbered(pollUntil(none, 2, 500), tp, 6);
            }
        }
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void keepsReadingAcrossALeaderChangeEveryRecordOnceInOrder(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1", "R2", "R3"));
             RawProducer producer = new RawProducer(cluster)) {
            producer.createTopic("moving", 1, 3);
            TopicPartition tp = new TopicPartition("moving", 0);
            for (int i = 0; i < 200; i += 20) {
                producer.produceNumbered(tp, i, i + 20, T0);
            }
            // Small fetches, so that at the leader change most records are still to be fetched, from the new leader.
            try (Consumer<String, String> consumer = consumer(cluster, Map.of("auto.offset.reset", "earliest",
                    "max.poll.records", "30", "retry.backoff.ms", "50", "max.partition.fetch.bytes", "1024"))) {
                consumer.assign(List.of(tp));
                List<ConsumerRecord<String, String>> all = new ArrayList<>(pollAtLeast(consumer, 90, 30));
                int oldLeader = producer.leader(tp);
                cluster.stopBroker(oldLeader);
                await("a new leader").atMost(Duration.ofSeconds(30)).until(() -> {
                    int leader = producer.leader(tp);
                    return leader >= 0 && leader != oldLeader;
                });
                for (int i = 200; i < 400; i += 20) {
                    producer.produceNumbered(tp, i, i + 20, T0);
                }
                all.addAll(pollUntil(consumer, 400 - all.size(), 30));
                assertNumbered(all, tp, 0);
                assertThat(consumer.position(tp)).isEqualTo(400);
            }
        }
    }

    @Test
    void pollWithNothingAssignedThrowsAndAClosedConsumerRefusesWork() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "local://nobody-here");
        Consumer<String, String> consumer = Consumer.create(ConsumerConfig.parse(props),
                Serdes.string(), Serdes.string());
        try (consumer) {
            assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not assigned");
            consumer.assign(List.of(new TopicPartition("t", 0)));
            consumer.assign(List.of());
            assertThat(consumer.assignment()).isEmpty();
            assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        }
        consumer.close();
        assertThatThrownBy(() -> consumer.assign(List.of(new TopicPartition("t", 0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aPollOnAnUnreachableClusterReturnsEmptyAndASecondThreadMeanwhileIsRefused() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "local://nobody-here");
        props.put("retry.backoff.ms", "20");
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig.parse(props), Serdes.string(),
                Serdes.string())) {
            consumer.assign(List.of(new TopicPartition("t", 0)));
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
            java.util.concurrent.CompletableFuture<ConsumerRecords<String, String>> polling =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofSeconds(2)));
            await("a call from a second thread while the first polls is refused").atMost(Duration.ofSeconds(2))
                    .pollInSameThread().until(() -> {
                        try {
                            consumer.assignment();
                            return false;
                        } catch (java.util.ConcurrentModificationException e) {
                            return e.getMessage().contains("one thread at a time");
                        }
                    });
            assertThat(polling.get(10, java.util.concurrent.TimeUnit.SECONDS).isEmpty()).isTrue();
        }
    }

    /** Polls until a poll throws, for at most 30 s. */
    private static void pollUntilThrows(Consumer<String, String> consumer) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            consumer.poll(POLL);
        }
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    }
}
