package io.replog.bench.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same twenty tests as {@link ReplogTwentyTests}, on Kafka's own test kit: one
 * {@link KafkaTestKitCluster} (3 brokers, 1 KRaft controller) started in {@code @BeforeAll} and
 * closed in {@code @AfterAll}, and in each test a new Kafka {@link Admin}, {@link KafkaProducer} and
 * {@link KafkaConsumer}, closed at its end, doing {@link RoundTrip}'s work. The producer is not
 * idempotent ({@code enable.idempotence=false}), as replog's producer is not; the rest are Kafka's
 * client defaults. Main sources: the benchmark runs it through the JUnit Platform Launcher.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one instance holds the class's cluster: no static state
public class KafkaTwentyTests {
    private KafkaTestKitCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = KafkaTestKitCluster.start();
    }

    @AfterAll
    void closeCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @RepeatedTest(RoundTrip.TESTS)
    void createsATopicSendsAHundredRecordsWithAcksAllReadsThemBackAndDeletesIt(RepetitionInfo repetition)
            throws Exception {
        String topic = RoundTrip.topic(repetition.getCurrentRepetition());
        String bootstrap = cluster.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                     new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                     new StringDeserializer(), new StringDeserializer())) {
            admin.createTopics(List.of(new NewTopic(topic, RoundTrip.PARTITIONS, RoundTrip.REPLICATION_FACTOR)
                    .configs(RoundTrip.topicConfigs()))).all().get(RoundTrip.WAIT.toMillis(), TimeUnit.MILLISECONDS);

            List<Future<RecordMetadata>> sent = new ArrayList<>(RoundTrip.RECORDS);
            for (int i = 0; i < RoundTrip.RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, RoundTrip.key(i), RoundTrip.value(i))));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(RoundTrip.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }

            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < RoundTrip.PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> read = new ArrayList<>();
            long deadline = System.nanoTime() + RoundTrip.WAIT.toNanos();
            // poll blocks until records arrive or its timeout passes: no sleeping between tries.
            while (read.size() < RoundTrip.RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    read.add(record.value());
                }
            }
            assertThat(read).as("values read back from %s", topic).hasSize(RoundTrip.RECORDS)
                    .containsExactlyInAnyOrderElementsOf(RoundTrip.values());

            admin.deleteTopics(List.of(topic)).all().get(RoundTrip.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
