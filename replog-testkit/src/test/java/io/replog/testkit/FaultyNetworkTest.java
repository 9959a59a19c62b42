package io.replog.testkit;

import io.replog.client.ConsumerRecord;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.client.Serdes;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What {@code isolate}/{@code heal} do to the client requests an isolated broker holds. */
class FaultyNetworkTest {

    /**
     * An acks=all send held by an isolated leader is not lost to the fault: on heal the held
     * request is answered, unprocessed, with a retriable error, and the producer's retry is
     * acknowledged; the record is in the log once. (It used to fail for good with
     * UNKNOWN_SERVER_ERROR: the held request's future failed, which the Kafka protocol layer
     * answers as a server error that producers do not retry. RandomFaultLoopTest found it.)
     */
    @Test
    void aSendHeldByAnIsolatedLeaderIsRetriedAfterHealAndWrittenOnce() throws Exception {
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3).brokerConfig("min.insync.replicas", 2)
                .start()) {
            TopicPartition tp = new TopicPartition("held", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            Producer<String, String> producer = cluster.producer(Map.of("acks", "all", "linger.ms", "0",
                    "request.timeout.ms", "30000"), Serdes.string(), Serdes.string());
            producer.send(ProducerRecord.of(tp.topic(), 0, "k", "before")).get(30, TimeUnit.SECONDS);

            cluster.isolate(leader);
            CompletableFuture<RecordMetadata> held = producer.send(ProducerRecord.of(tp.topic(), 0, "k", "held"));
            await("the isolated leader " + leader + " holds the send unanswered").during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5)).until(() -> !held.isDone());
            cluster.heal(leader);

            assertThat(held.get(30, TimeUnit.SECONDS).offset()).as("the held send, retried after heal").isEqualTo(1);
            var consumer = cluster.consumer(Serdes.string(), Serdes.string());
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> read = new ArrayList<>();
            await("a consumer reads both records of " + tp).atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(r.value());
                }
                return read.size() >= 2;
            });
            assertThat(read).containsExactly("before", "held");
        }
    }
}
