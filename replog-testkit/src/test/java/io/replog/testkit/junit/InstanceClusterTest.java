package io.replog.testkit.junit;

import io.replog.testkit.ReplogCluster;
import io.replog.testkit.Transport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instance {@link ReplogCluster} field: a new cluster for each test (shaped by the field's own
 * {@code @ReplogTest}), the same one given to {@code @BeforeEach} and to the test's parameter, and
 * the one before closed with its directory deleted after the test passed.
 */
@ReplogTest(brokers = 3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // so that the second test can look at the first test's cluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceClusterTest {
    @ReplogTest(racks = {"R1", "R2"}, transport = Transport.IN_VM, config = "min.insync.replicas=2")
    ReplogCluster cluster;

    private final List<ReplogCluster> seen = new ArrayList<>();

    @BeforeEach
    void theBeforeEachParameterIsTheField(ReplogCluster given) {
        assertThat(given).isNotNull().isSameAs(cluster);
    }

    @Test
    @Order(1)
    void eachTestHasARunningClusterShapedByTheFieldsAnnotation(ReplogCluster given) throws Exception {
        assertThat(given).isSameAs(cluster);
        assertThat(cluster.runningBrokers()).as("racks R1, R2: two brokers").containsExactlyInAnyOrder(0, 1);
        assertThat(cluster.transport()).isEqualTo(Transport.IN_VM);
        cluster.createTopic("shaped", 1, 2);
        assertThat(cluster.admin().topicConfigs("shaped").get(30, TimeUnit.SECONDS))
                .as("the broker default from config = ...").containsEntry("min.insync.replicas", "2");
        seen.add(cluster);
    }

    @Test
    @Order(2)
    void theNextTestHasANewClusterAndThePassedTestsDirectoryIsDeleted() {
        assertThat(seen).hasSize(1);
        ReplogCluster before = seen.get(0);
        assertThat(cluster).isNotSameAs(before);
        assertThat(cluster.runningBrokers()).containsExactlyInAnyOrder(0, 1);
        assertThatThrownBy(before::admin).hasMessage("the ReplogCluster is closed");
        assertThat(before.directory()).as("the directory of a passed test's cluster").doesNotExist();
    }
}
