package io.replog.examples;

import io.replog.broker.Broker;
import io.replog.client.Acks;
import io.replog.client.Admin;
import io.replog.client.AdminConfig;
import io.replog.client.Consumer;
import io.replog.client.ConsumerConfig;
import io.replog.client.ConsumerRecord;
import io.replog.client.NewTopic;
import io.replog.client.PartitionDescription;
import io.replog.client.Producer;
import io.replog.client.ProducerConfig;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.client.Serdes;
import io.replog.client.TopicDescription;
import io.replog.config.BrokerConfig;
import io.replog.topic.TopicPartition;
import io.replog.zk.EmbeddedZooKeeper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The first end-to-end demo, and the README's main command: an embedded ZooKeeper and six brokers
 * in this JVM (0, 1, 2 on rack R1; 3, 4, 5 on rack R2) talking Kafka's protocol over loopback TCP;
 * the {@code invoice} topic (10 partitions, replication factor 3) created through {@link Admin}
 * and its rack-aware assignment printed per broker; records produced with {@code acks=all} and
 * read back with a {@link Consumer}; a closing line counting what was acknowledged, read and lost.
 */
public final class InvoiceDemo {
    static final String TOPIC = "invoice";
    static final int PARTITIONS = 10;
    static final int RECORDS = 10_000;
    private static final List<String> RACKS = List.of("R1", "R1", "R1", "R2", "R2", "R2");

    private InvoiceDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("replog-demo-");
        try {
            int lost = run(dir, RECORDS, System.out);
            if (lost != 0) {
                System.exit(1);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Runs the demo under {@code dir}, printing to {@code out}; returns the number of acknowledged records lost. */
    static int run(Path dir, int records, PrintStream out) throws Exception {
        long started = System.nanoTime();
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            List<Broker> brokers = new ArrayList<>();
            try {
                for (int id = 0; id < RACKS.size(); id++) {
                    brokers.add(Broker.start(BrokerConfig.builder().brokerId(id).rack(RACKS.get(id))
                            .logDir(dir.resolve("broker-" + id)).listeners("PLAINTEXT://127.0.0.1:0")
                            .zookeeperConnect(zk.connectString("/replog-demo")).build()));
                }
                String bootstrap = brokers.stream().map(b -> "127.0.0.1:" + b.endpoints().get(0).port())
                        .collect(Collectors.joining(","));
                out.printf("Started ZooKeeper and %d brokers (racks %s) in %d ms; bootstrap.servers=%s%n",
                        brokers.size(), RACKS, (System.nanoTime() - started) / 1_000_000, bootstrap);
                return runClients(bootstrap, records, out);
            } finally {
                out.println("Stopping the brokers one by one (each hands its leaderships to the ones still running;"
                        + " the last ones have no one left to hand them to)");
                Collections.reverse(brokers);
                brokers.forEach(Broker::close);
            }
        }
    }

    private static int runClients(String bootstrap, int records, PrintStream out) throws Exception {
        try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServers(bootstrap).clientId("demo-admin")
                .build())) {
            admin.createTopic(NewTopic.of(TOPIC, PARTITIONS, 3).withConfig("min.insync.replicas", "2")).join();
            TopicDescription topic = awaitLeaders(admin);
            printAssignment(topic, out);

            long produceStart = System.nanoTime();
            Map<TopicPartition, List<RecordMetadata>> acknowledged = produce(bootstrap, records);
            long produceMs = (System.nanoTime() - produceStart) / 1_000_000;
            int acked = acknowledged.values().stream().mapToInt(List::size).sum();
            long consumeStart = System.nanoTime();
            Map<TopicPartition, Map<Long, String>> read = consume(bootstrap, acked);
            long consumeMs = (System.nanoTime() - consumeStart) / 1_000_000;
            int lost = 0;
            for (Map.Entry<TopicPartition, List<RecordMetadata>> e : acknowledged.entrySet()) {
                Map<Long, String> readHere = read.getOrDefault(e.getKey(), Map.of());
                for (RecordMetadata m : e.getValue()) {
                    if (!readHere.containsKey(m.offset())) {
                        lost++;
                    }
                }
            }
            int readCount = read.values().stream().mapToInt(Map::size).sum();
            out.printf("Sent in %d ms (producer opened, sent, flushed, closed); read back in %d ms%n", produceMs,
                    consumeMs);
            out.printf("Produced %d records with acks=all: %d acknowledged, %d read back, %d lost%n",
                    records, acked, readCount, lost);
            return lost + (records - acked);
        }
    }

    /**
     * Describes the topic until every partition has a leader and its full ISR: the broker that
     * answers may learn the new topic's leaders a moment after the controller created it.
     */
    private static TopicDescription awaitLeaders(Admin admin) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        TopicDescription topic = admin.describeTopic(TOPIC).join();
        while (!topic.partitions().stream().allMatch(p -> p.hasLeader() && p.isr().size() == 3)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("invoice has partitions without a leader or a full ISR after 30 s: "
                        + topic);
            }
            topic = CompletableFuture.supplyAsync(() -> admin.describeTopic(TOPIC).join(),
                    CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)).join();
        }
        return topic;
    }

    private static void printAssignment(TopicDescription topic, PrintStream out) {
        out.println("invoice: " + PARTITIONS + " partitions, replication factor 3, replicas leader first:");
        StringBuilder line = new StringBuilder();
        for (PartitionDescription p : topic.partitions()) {
            line.append(String.format("  P%d %s", p.partition(), p.replicas()));
            if (p.partition() % 5 == 4) {
                out.println(line);
                line.setLength(0);
            }
        }
        if (line.length() > 0) {
            out.println(line);
        }
        out.println("broker  rack  leads           follows");
        int replicas = 0;
        for (int broker = 0; broker < RACKS.size(); broker++) {
            int b = broker;
            String leads = topic.partitions().stream().filter(p -> p.leader() == b)
                    .map(p -> "P" + p.partition()).collect(Collectors.joining(","));
            // As the assignment reads: first the partitions it is second replica of, then third.
            String follows = topic.partitions().stream()
                    .filter(p -> p.replicas().contains(b) && p.leader() != b)
                    .sorted(Comparator.comparingInt((PartitionDescription p) -> p.replicas().indexOf(b))
                            .thenComparingInt(PartitionDescription::partition))
                    .map(p -> "P" + p.partition()).collect(Collectors.joining(","));
            replicas += (int) topic.partitions().stream().filter(p -> p.replicas().contains(b)).count();
            out.printf("B%-6d %-5s %-15s %s%n", b, RACKS.get(b), leads, follows);
        }
        out.println(replicas + " replicas in all");
    }

    private static Map<TopicPartition, List<RecordMetadata>> produce(String bootstrap, int records) {
        ProducerConfig config = ProducerConfig.builder().bootstrapServers(bootstrap).clientId("demo-producer")
                .acks(Acks.ALL).lingerMs(5).build();
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(records);
        try (Producer<String, String> producer = Producer.create(config, Serdes.string(), Serdes.string())) {
            for (int i = 0; i < records; i++) {
                String customer = "customer-" + (i % 97);
                sent.add(producer.send(ProducerRecord.of(TOPIC, customer, "invoice-" + i + " for " + customer)));
            }
            producer.flush();
        }
        Map<TopicPartition, List<RecordMetadata>> acknowledged = new HashMap<>();
        for (CompletableFuture<RecordMetadata> f : sent) {
            if (!f.isCompletedExceptionally()) {
                RecordMetadata m = f.join();
                acknowledged.computeIfAbsent(m.topicPartition(), k -> new ArrayList<>()).add(m);
            }
        }
        return acknowledged;
    }

    private static Map<TopicPartition, Map<Long, String>> consume(String bootstrap, int expected) {
        ConsumerConfig config = ConsumerConfig.builder().bootstrapServers(bootstrap).clientId("demo-consumer").build();
        Map<TopicPartition, Map<Long, String>> read = new HashMap<>();
        try (Consumer<String, String> consumer = Consumer.create(config, Serdes.string(), Serdes.string())) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int count = 0;
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (read.computeIfAbsent(r.topicPartition(), k -> new HashMap<>()).put(r.offset(), r.value()) == null) {
                        count++;
                    }
                }
            }
        }
        return read;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
