package io.replog.testkit.junit;

import io.replog.client.Consumer;
import io.replog.client.ConsumerRecord;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.testkit.ReplogCluster;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ReplogCluster#resetTopics()}: every topic deleted on every broker, logs and all, the names
 * free again, the brokers and their addresses unchanged; refused, saying why, while a broker is
 * down or isolated.
 */
@ReplogTest(brokers = 3)
class ResetTopicsTest {
    ReplogCluster cluster;

    @Test
    void resetTopicsDeletesEveryTopicWithItsLogsOnEveryBrokerAndTheNamesCanBeUsedAgain(
            Producer<String, String> producer, Consumer<String, String> consumer) throws Exception {
        cluster.createTopic("orders", 3, 3);
        cluster.createTopic("payments", 1, 2);
        producer.send(ProducerRecord.of("orders", 0, "k", "old")).get(30, TimeUnit.SECONDS);
        String bootstrap = cluster.bootstrapServers();
        int controller = cluster.awaitController();

        cluster.resetTopics();

        assertThat(cluster.admin().listTopics().get(30, TimeUnit.SECONDS)).isEmpty();
        for (int id : cluster.brokerIds()) {
            try (Stream<Path> files = Files.list(cluster.brokerDirectory(id))) {
                assertThat(files.filter(Files::isDirectory)).as("partition directories of broker %d", id).isEmpty();
            }
        }
        assertThat(cluster.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(cluster.awaitController()).as("no restart: the same controller").isEqualTo(controller);

        cluster.createTopic("orders", 1, 3);
        producer.send(ProducerRecord.of("orders", 0, "k", "new")).get(30, TimeUnit.SECONDS);
        List<ConsumerRecord<String, String>> read = ClientParametersTest.readOne(consumer,
                new TopicPartition("orders", 0));
        assertThat(read).as("the new topic of the same name holds only its own record").singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo("new"));
    }

    @Test
    void resetTopicsIsRefusedNamingABrokerThatIsDownOrIsolated() {
        cluster.createTopic("kept", 1, 3);
        cluster.kill(1);
        cluster.isolate(2);
        assertThatThrownBy(cluster::resetTopics).isInstanceOf(IllegalStateException.class)
                .hasMessage("resetTopics needs every broker running and reachable, as a topic's deletion finishes "
                        + "only once every replica has deleted its log: broker 1 is KILLED, broker 2 is isolated "
                        + "(restart or heal it first)");
    }
}
