package io.replog.bench.kafka;

import io.replog.client.Admin;
import io.replog.client.Consumer;
import io.replog.client.ConsumerRecord;
import io.replog.client.NewTopic;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.topic.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RoundTrip}'s work up to the read-back, on replog's clients: creates the topic through the
 * admin client, sends the records with the producer and waits for every acknowledgement, reads them
 * back from the beginning with a group-less consumer, and asserts count and values. Removing the
 * topic is left to the test class, which does it in one of two ways.
 */
final class ReplogRoundTrip {
    private ReplogRoundTrip() {
    }

    static void createSendAndReadBack(String topic, Admin admin, Producer<String, String> producer,
                                      Consumer<String, String> consumer) throws Exception {
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
    }
}
