package io.replog.bench.kafka;

import io.replog.client.Admin;
import io.replog.client.Consumer;
import io.replog.client.ConsumerRecord;
import io.replog.client.NewTopic;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.testkit.ReplogCluster;
import io.replog.testkit.junit.ClientConfig;
import io.replog.testkit.junit.ReplogTest;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty integration tests sharing one three-broker replog cluster, written as a user of
 * {@code replog-testkit} writes them: the static field is started once for the class by
 * {@code @ReplogTest}, each test gets an {@link Admin}, a {@link Producer} and a {@link Consumer}
 * made (and closed) for it, and does {@link RoundTrip}'s work. Main sources, not test sources: the
 * benchmark runs it through the JUnit Platform Launcher, not Surefire.
 */
@ReplogTest(brokers = 3)
public class ReplogTwentyTests {
    static ReplogCluster cluster;

    @RepeatedTest(RoundTrip.TESTS)
    void createsATopicSendsAHundredRecordsWithAcksAllReadsThemBackAndDeletesIt(
            RepetitionInfo repetition, Admin admin, @ClientConfig("acks=all") Producer<String, String> producer,
            Consumer<String, String> consumer) throws Exception {
        String topic = RoundTrip.topic(repetition.getCurrentRepetition());
        admin.createTopic(NewTopic.of(topic, RoundTrip.PARTITIONS, RoundTrip.REPLICATION_FACTOR)
                .withConfigs(RoundTrip.topicConfigs())).get(RoundTrip.WAIT.toMillis(), TimeUnit.MILLISECONDS);

        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(RoundTrip.RECORDS);
        for (int i = 0; i < RoundTrip.RECORDS; i++) {
            sent.add(producer.send(ProducerRecord.of(topic, RoundTrip.key(i), RoundTrip.value(i))));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .get(RoundTrip.WAIT.toMillis(), TimeUnit.MILLISECONDS);

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

        admin.deleteTopic(topic).get(RoundTrip.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
