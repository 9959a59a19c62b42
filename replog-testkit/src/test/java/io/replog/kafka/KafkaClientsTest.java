package io.replog.kafka;

import io.replog.live.LiveCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka's own Java clients (kafka-clients, the version pinned in the parent POM) against three
 * replog brokers started by {@code Broker.start} with a real embedded ZooKeeper over loopback TCP:
 * Admin (create, describe, list and delete topics, describe the cluster), KafkaProducer with
 * acks=all, 1 and 0, and KafkaConsumer without a group ({@code assign} + {@code seekToBeginning}).
 *
 * <p>Every producer runs with {@code enable.idempotence=false}: replog does not support idempotent
 * producers yet (InitProducerId answers CLUSTER_AUTHORIZATION_FAILED, see docs/protocol.md), and
 * Kafka's producer defaults to idempotence. Nothing else was needed to produce. Topic configs are
 * not read back: replog does not serve DescribeConfigs.
 */
class KafkaClientsTest {
    private static final Duration WAIT = LiveCluster.WAIT;
    private static final int RECORDS = 1000;

    @TempDir
    static Path dir;
    private static LiveCluster cluster;

    @BeforeAll
    static void startBrokers() {
        cluster = LiveCluster.start(dir, 3);
    }

    @AfterAll
    static void stopBrokers() {
        if (cluster != null) {
            cluster.close();
        }
        // Every client was closed by its try-with-resources, every broker by the cluster.
        await("no Kafka client or broker thread left running").atMost(Duration.ofSeconds(10)).until(() ->
                Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                        .noneMatch(n -> n.startsWith("kafka-") || n.startsWith("replog-broker-")));
    }

    @Test
    void adminCreatesDescribesListsAndDeletesTopicsAndDescribesTheCluster() throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(new NewTopic("admin-orders", 6, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // Leaders and ISRs follow the creation: the controller elects, then every broker learns it.
            TopicDescription orders = await("admin-orders has 6 led partitions with 3 replicas in sync").atMost(WAIT)
                    .until(() -> admin.describeTopics(List.of("admin-orders")).allTopicNames()
                                    .get(WAIT.toSeconds(), TimeUnit.SECONDS).get("admin-orders"),
                            d -> d.partitions().size() == 6 && d.partitions().stream()
                                    .allMatch(p -> p.leader() != null && p.isr().size() == 3));
            assertThat(orders.name()).isEqualTo("admin-orders");
            assertThat(orders.isInternal()).isFalse();
            assertThat(orders.topicId()).as("topic id (Metadata v10+)").isNotNull();
            assertThat(orders.topicId().toString()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
            assertThat(orders.partitions()).extracting(TopicPartitionInfo::partition)
                    .containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(orders.partitions()).allSatisfy(p -> {
                assertThat(p.replicas()).extracting(Node::id).containsExactlyInAnyOrder(0, 1, 2);
                assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrder(0, 1, 2);
                assertThat(p.replicas()).as("the leader is a replica").contains(p.leader());
                assertThat(p.leader().port()).isEqualTo(cluster.address(p.leader().id()).getPort());
            });

            DescribeClusterResult described = admin.describeCluster();
            assertThat(described.nodes().get(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting(Node::id)
                    .containsExactlyInAnyOrder(0, 1, 2);
            assertThat(described.nodes().get()).allSatisfy(n -> {
                assertThat(n.host()).isEqualTo("127.0.0.1");
                assertThat(n.port()).isEqualTo(cluster.address(n.id()).getPort());
                assertThat(n.rack()).isEqualTo(n.id() % 2 == 0 ? "R1" : "R2");
            });
            assertThat(described.controller().get(WAIT.toSeconds(), TimeUnit.SECONDS).id())
                    .isEqualTo(cluster.controllerId());

            admin.createTopics(List.of(new NewTopic("admin-doomed", 3, (short) 3))).all()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .contains("admin-orders", "admin-doomed");

            admin.deleteTopics(List.of("admin-doomed")).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            // Deletion is answered once the topic is gone from the answering broker; the others follow.
            await("admin-doomed is no longer listed").atMost(WAIT).until(() ->
                    admin.listTopics().names().get(WAIT.toSeconds(), TimeUnit.SECONDS), names ->
                    names.contains("admin-orders") && !names.contains("admin-doomed"));
        }
    }

    @Test
    void anAcksAllProducerLandsEachKeyOnKafkasDefaultPartitionAndAConsumerReadsEveryRecordBackInOrder()
            throws Exception {
        String topic = "keyed";
        createTopic(topic, 6);
        List<Sent> sent = produce(topic, "all", RECORDS);
        assertThat(sent).hasSize(RECORDS).allSatisfy(s -> {
            assertThat(s.metadata().partition()).as("partition of key %s", s.key())
                    .isEqualTo(BuiltInPartitioner.partitionForKey(s.key().getBytes(StandardCharsets.UTF_8), 6));
            assertThat(s.metadata().offset()).as("acknowledged offset").isNotNegative();
        });
        Map<Integer, List<Sent>> byPartition = sent.stream()
                .collect(Collectors.groupingBy(s -> s.metadata().partition(), TreeMap::new, Collectors.toList()));
        assertThat(byPartition).as("1000 keys spread over every partition").hasSize(6);
        byPartition.forEach((p, list) -> assertThat(list).extracting(s -> s.metadata().offset())
                .as("partition %d: offsets 0.. in the order sent", p)
                .containsExactlyElementsOf(IntStream.range(0, list.size()).mapToObj(i -> (long) i).toList()));

        Map<Integer, List<ConsumerRecord<String, String>>> read = consumeAll(topic, 6, RECORDS);
        byPartition.forEach((p, list) -> {
            List<ConsumerRecord<String, String>> got = read.get(p);
            assertThat(got).as("partition %d", p).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSame(list.get(i), got.get(i), p);
                assertThat(got.get(i).offset()).isEqualTo(list.get(i).metadata().offset());
            }
        });
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1"})
    void acksZeroAndAcksOneProducersAreReadBack(String acks) throws Exception {
        String topic = "acks-" + acks;
        createTopic(topic, 3);
        List<Sent> sent = produce(topic, acks, 300);
        assertThat(sent).allSatisfy(s -> assertThat(s.metadata().partition())
                .isEqualTo(BuiltInPartitioner.partitionForKey(s.key().getBytes(StandardCharsets.UTF_8), 3)));
        if (acks.equals("0")) {
            // Kafka's producer reports no offset when no acknowledgement is asked for.
            assertThat(sent).allSatisfy(s -> assertThat(s.metadata().offset()).isEqualTo(-1L));
        } else {
            assertThat(sent).allSatisfy(s -> assertThat(s.metadata().offset()).isNotNegative());
        }
        Map<Integer, List<ConsumerRecord<String, String>>> read = consumeAll(topic, 3, 300);
        Map<Integer, List<Sent>> byPartition = sent.stream()
                .collect(Collectors.groupingBy(s -> s.metadata().partition(), TreeMap::new, Collectors.toList()));
        byPartition.forEach((p, list) -> {
            List<ConsumerRecord<String, String>> got = read.get(p);
            assertThat(got).as("partition %d", p).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSame(list.get(i), got.get(i), p);
                assertThat(got.get(i).offset()).as("contiguous offsets from 0").isEqualTo(i);
            }
        });
    }

    private record Sent(String key, String value, String header, RecordMetadata metadata) {
    }

    private static void assertSame(Sent want, ConsumerRecord<String, String> got, int partition) {
        assertThat(got.partition()).isEqualTo(partition);
        assertThat(got.key()).isEqualTo(want.key());
        assertThat(got.value()).isEqualTo(want.value());
        Header[] headers = got.headers().toArray();
        assertThat(headers).hasSize(1);
        assertThat(headers[0].key()).isEqualTo("trace");
        assertThat(new String(headers[0].value(), StandardCharsets.UTF_8)).isEqualTo(want.header());
    }

    /** Sends {@code n} keyed records with a header each, flushes, and returns them with their metadata in send order. */
    private static List<Sent> produce(String topic, String acks, int n) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "kafka-clients-test-acks-" + acks);
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        // replog answers InitProducerId with CLUSTER_AUTHORIZATION_FAILED: no idempotent producers yet.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        List<String[]> records = new ArrayList<>();
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < n; i++) {
                String key = "key-" + i;
                String value = "value-" + i + "-" + "x".repeat(i % 50);
                String header = "trace-" + i;
                records.add(new String[]{key, value, header});
                futures.add(producer.send(new ProducerRecord<>(topic, null, key, value,
                        List.of(new RecordHeader("trace", header.getBytes(StandardCharsets.UTF_8))))));
            }
            producer.flush();
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(new Sent(records.get(i)[0], records.get(i)[1], records.get(i)[2],
                        futures.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)));
            }
            return sent;
        }
    }

    /** Reads every partition from the beginning with a group-less consumer until {@code expected} records came. */
    private static Map<Integer, List<ConsumerRecord<String, String>>> consumeAll(String topic, int partitions,
                                                                               int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-clients-test-consumer");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<Integer, List<ConsumerRecord<String, String>>> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long[] count = {0};
            // poll() itself waits up to its timeout for records; the loop ends when all came.
            await("a consumer reads all " + expected + " records of " + topic).atMost(WAIT)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            read.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
                            count[0]++;
                        }
                        return count[0] >= expected;
                    });
            assertThat(count[0]).as("no more than was sent").isEqualTo(expected);
            assertThat(consumer.assignment()).isEqualTo(Set.copyOf(assigned));
            // ListOffsets LATEST and the consumer's own positions agree with what was read.
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, WAIT);
            for (TopicPartition tp : assigned) {
                long n = read.getOrDefault(tp.partition(), List.of()).size();
                assertThat(ends.get(tp)).as("end offset of %s", tp).isEqualTo(n);
                assertThat(consumer.position(tp, WAIT)).as("position of %s", tp).isEqualTo(n);
            }
        }
        read.values().forEach(list -> assertThat(list).isSortedAccordingTo(Comparator.comparingLong(
                ConsumerRecord::offset)));
        return read;
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        // Admin's describeTopics asks one broker; the producers send to every leader, and an acks=0
        // Produce naming a topic id its leader has not learnt yet closes the connection and loses its
        // records (as in Kafka). So every broker must know the topic before producing.
        cluster.awaitTopicEverywhere(topic, partitions, 3);
    }

    private static Properties adminConfig() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-clients-test-admin");
        return config;
    }
}
