package io.replog.client;

import io.replog.testing.TestCluster;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * replog's three clients together against real brokers, over TCP and in-VM: a topic created
 * through {@link Admin} ({@code min.insync.replicas=2}), a {@link Producer} sending with acks=all
 * from a thread of its own while the leader of partition 0 is stopped, and a {@link Consumer}
 * reading all the while. Every acknowledged record is read exactly once, at its acknowledged
 * offset, in send order per partition, across the leader change.
 */
class EndToEndTest {
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void everyAcknowledgedRecordIsReadOnceInOrderAcrossALeaderChange(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1", "R2", "R1"));
             Admin admin = Admin.create(AdminConfig.builder().bootstrapServers(cluster.bootstrapServers()).build())) {
            admin.createTopic(NewTopic.of(TOPIC, PARTITIONS, 3).withConfig("min.insync.replicas", "2"))
                    .get(30, TimeUnit.SECONDS);
            await("every partition of " + TOPIC + " has a leader and a full ISR").atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeTopic(TOPIC).get(30, TimeUnit.SECONDS).partitions().stream()
                            .allMatch(p -> p.hasLeader() && p.isr().size() == 3));
            int leader0 = admin.describeTopic(TOPIC).get(30, TimeUnit.SECONDS).partition(0).leader();
            String bootstrap = cluster.bootstrapServers();

            ConcurrentLinkedQueue<CompletableFuture<RecordMetadata>> sent = new ConcurrentLinkedQueue<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            List<String> values = new ArrayList<>();
            Map<TopicPartition, List<Long>> read = new HashMap<>();
            Map<TopicPartition, Map<Long, String>> valueAt = new HashMap<>();
            ProducerConfig producerConfig = ProducerConfig.builder().bootstrapServers(bootstrap).acks(Acks.ALL)
                    .lingerMs(1).deliveryTimeoutMs(60_000).build();
            ConsumerConfig consumerConfig = ConsumerConfig.builder().bootstrapServers(bootstrap).build();
            try (Producer<Integer, String> producer = Producer.create(producerConfig, Serdes.integers(),
                         Serdes.string());
                 Consumer<Integer, String> consumer = Consumer.create(consumerConfig, Serdes.integers(),
                         Serdes.string())) {
                List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                        .mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);

                // Paced by its own acknowledgements (every 30th send waits for its answer), as an
                // application writing steadily would be, so the leader change falls mid-stream.
                Thread writer = new Thread(() -> {
                    for (int i = 0; (sending.get() || i < 600) && i < 20_000; i++) {
                        CompletableFuture<RecordMetadata> f = producer.send(
                                ProducerRecord.of(TOPIC, i % PARTITIONS, i, "order-" + i));
                        sent.add(f);
                        if (i % 30 == 29) {
                            f.handle((m, e) -> null).join();
                        }
                    }
                }, "replog-test-writer");
                writer.start();
                poll(consumer, read, valueAt, values, () -> values.size() >= 200, "200 records");
                cluster.stopBroker(leader0);
                poll(consumer, read, valueAt, values, () -> values.size() >= 400, "400 records");
                sending.set(false);
                writer.join(30_000);
                assertThat(writer.isAlive()).as("the writer finished").isFalse();
                producer.flush();

                List<RecordMetadata> acknowledged = new ArrayList<>();
                for (CompletableFuture<RecordMetadata> f : sent) {
                    acknowledged.add(f.get(60, TimeUnit.SECONDS));
                }
                poll(consumer, read, valueAt, values, () -> acknowledged.stream().allMatch(m ->
                        valueAt.getOrDefault(m.topicPartition(), Map.of()).containsKey(m.offset())),
                        "every acknowledged offset");

                // At least once, in order: every acknowledged record is read at its offset with its
                // value; offsets come once each, ascending; and with a retried batch's earlier copy
                // (a leader that appended it but whose answer was lost) dropped, each partition's
                // values are exactly the acknowledged ones in send order.
                Map<TopicPartition, List<String>> sentOrder = new HashMap<>();
                List<CompletableFuture<RecordMetadata>> inSendOrder = new ArrayList<>(sent);
                for (int i = 0; i < inSendOrder.size(); i++) {
                    RecordMetadata m = acknowledgedOf(inSendOrder.get(i));
                    assertThat(valueAt.getOrDefault(m.topicPartition(), Map.of()).get(m.offset()))
                            .as("the record acknowledged at %s offset %d", m.topicPartition(), m.offset())
                            .isEqualTo("order-" + i);
                    sentOrder.computeIfAbsent(m.topicPartition(), k -> new ArrayList<>()).add("order-" + i);
                }
                for (Map.Entry<TopicPartition, List<Long>> e : read.entrySet()) {
                    assertThat(e.getValue()).as("%s: offsets read once each, ascending", e.getKey())
                            .isSorted().doesNotHaveDuplicates();
                    List<String> firstCopies = e.getValue().stream().map(o -> valueAt.get(e.getKey()).get(o))
                            .distinct().toList();
                    assertThat(firstCopies).as("%s: values in send order", e.getKey())
                            .isEqualTo(sentOrder.get(e.getKey()));
                }
                int newLeader = admin.describeTopic(TOPIC).get(30, TimeUnit.SECONDS).partition(0).leader();
                assertThat(newLeader).as("partition 0 moved").isNotEqualTo(leader0).isNotNegative();
            }
        }
    }

    private static RecordMetadata acknowledgedOf(CompletableFuture<RecordMetadata> f) {
        return f.join();
    }

    /** Polls until {@code done}, noting each record's offset and value per partition in the order read. */
    private static void poll(Consumer<Integer, String> consumer, Map<TopicPartition, List<Long>> read,
                             Map<TopicPartition, Map<Long, String>> valueAt, List<String> values,
                             java.util.function.BooleanSupplier done, String what) {
        await("the consumer has read " + what).atMost(Duration.ofSeconds(60)).until(() -> {
            for (ConsumerRecord<Integer, String> r : consumer.poll(Duration.ofMillis(100))) {
                read.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r.offset());
                valueAt.computeIfAbsent(r.topicPartition(), k -> new HashMap<>()).put(r.offset(), r.value());
                values.add(r.value());
            }
            return done.getAsBoolean();
        });
    }
}
