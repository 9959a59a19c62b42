package io.replog.testkit.junit;

import io.replog.client.Admin;
import io.replog.client.Consumer;
import io.replog.client.ConsumerRecord;
import io.replog.client.NewTopic;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.testkit.ReplogCluster;
import io.replog.testkit.Transport;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admin, Producer and Consumer parameters: made on the test's cluster (here one started for the
 * test's {@code ReplogCluster} parameter, there being no field), with {@link ClientConfig}
 * overrides and serializers chosen by the generic types.
 */
@ReplogTest(brokers = 1, transport = Transport.IN_VM)
class ClientParametersTest {

    @Test
    void adminProducerAndConsumerParametersProduceAndConsumeARecord(
            ReplogCluster cluster, Admin admin, @ClientConfig({"acks=all", "linger.ms=0"}) Producer<String, String> producer,
            Consumer<String, String> consumer) throws Exception {
        admin.createTopic(NewTopic.of("orders", 1, 1)).get(30, TimeUnit.SECONDS);
        TopicPartition tp = new TopicPartition("orders", 0);
        cluster.awaitLeader(tp);
        RecordMetadata sent = producer.send(ProducerRecord.of("orders", 0, "order-1", "paid")).get(30, TimeUnit.SECONDS);

        List<ConsumerRecord<String, String>> read = readOne(consumer, tp);
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("order-1");
            assertThat(r.value()).isEqualTo("paid");
            assertThat(r.offset()).isEqualTo(sent.offset());
        });
        assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).as("the admin parameter's cluster is the test's")
                .containsExactly("orders");
        assertThat(cluster.admin().listTopics().get(30, TimeUnit.SECONDS)).containsExactly("orders");
    }

    @Test
    void serializersFollowTheGenericTypes(ReplogCluster cluster, Producer<Long, byte[]> bytes,
                                          Consumer<Long, byte[]> bytesBack, Producer<UUID, Integer> numbers,
                                          Consumer<UUID, Integer> numbersBack) throws Exception {
        cluster.createTopic("typed", 2, 1);
        UUID id = UUID.randomUUID();
        bytes.send(ProducerRecord.of("typed", 0, 42L, "payload".getBytes(StandardCharsets.UTF_8))).get(30,
                TimeUnit.SECONDS);
        numbers.send(ProducerRecord.of("typed", 1, id, 7)).get(30, TimeUnit.SECONDS);

        assertThat(readOne(bytesBack, new TopicPartition("typed", 0))).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(42L);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("payload");
        });
        assertThat(readOne(numbersBack, new TopicPartition("typed", 1))).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(id);
            assertThat(r.value()).isEqualTo(7);
        });
    }

    static <K, V> List<ConsumerRecord<K, V>> readOne(Consumer<K, V> consumer, TopicPartition tp) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<ConsumerRecord<K, V>> read = new ArrayList<>();
        await("a record of " + tp + " is read back").atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(read::add);
            return !read.isEmpty();
        });
        return read;
    }
}
