package io.replog.testkit.junit;

import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.testkit.ReplogCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A static {@link ReplogCluster} field: one cluster for the whole class, the same instance and
 * address in every test and in a {@code @BeforeAll} method's parameter; with
 * {@code resetTopicsBeforeEach} each test starts with no topic; a client parameter is closed after
 * its test although the shared cluster lives on.
 */
@ReplogTest(brokers = 1, resetTopicsBeforeEach = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaticClusterTest {
    static ReplogCluster cluster;

    /** Not a ReplogCluster field, which the extension would fill with a cluster of each test. */
    private final List<ReplogCluster> givenToBeforeAll = new ArrayList<>();
    private String bootstrap;
    private Producer<String, String> firstTestsProducer;

    @BeforeAll
    void theBeforeAllParameterIsTheStaticField(ReplogCluster given) {
        assertThat(given).isNotNull().isSameAs(cluster);
        givenToBeforeAll.add(given);
        bootstrap = cluster.bootstrapServers();
    }

    @Test
    @Order(1)
    void theFirstTestCreatesATopicAndSends(ReplogCluster given, Producer<String, String> producer) throws Exception {
        assertThat(given).isSameAs(cluster);  // a parameter gets the class's cluster
        assertThat(given).isSameAs(givenToBeforeAll.get(0));
        cluster.createTopic("left-over", 2, 1);
        producer.send(ProducerRecord.of("left-over", 0, "k", "v")).get(30, TimeUnit.SECONDS);
        assertThat(cluster.admin().listTopics().get(30, TimeUnit.SECONDS)).containsExactly("left-over");
        firstTestsProducer = producer;
    }

    @Test
    @Order(2)
    void theSecondTestHasTheSameClusterAtTheSameAddressWithNoTopicAndTheFirstTestsProducerClosed() throws Exception {
        assertThat(cluster).isSameAs(givenToBeforeAll.get(0));
        assertThat(cluster.bootstrapServers()).as("the same broker ports").isEqualTo(bootstrap);
        assertThat(cluster.admin().listTopics().get(30, TimeUnit.SECONDS)).as("topics after resetTopics").isEmpty();
        try (Stream<Path> files = Files.list(cluster.brokerDirectory(0))) {
            assertThat(files.filter(Files::isDirectory)).as("partition directories after resetTopics").isEmpty();
        }
        assertThatThrownBy(() -> firstTestsProducer.send(ProducerRecord.of("left-over", "k", "v")).get(30,
                TimeUnit.SECONDS)).as("the first test's producer parameter, closed after it").hasMessageContaining("closed");
        cluster.createTopic("left-over", 1, 1); // the name is free again
    }

    @Test
    @Order(3)
    void theThirdTestToo() throws Exception {
        assertThat(cluster).isSameAs(givenToBeforeAll.get(0));
        assertThat(cluster.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(cluster.admin().listTopics().get(30, TimeUnit.SECONDS)).isEmpty();
    }
}
