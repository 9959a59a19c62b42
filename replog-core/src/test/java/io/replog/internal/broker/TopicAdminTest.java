package io.replog.internal.broker;

import io.replog.protocol.CreateTopicsResponse.TopicResult;
import io.replog.protocol.Errors;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic creation through a broker: what the live brokers cannot satisfy is refused at once, with the numbers. */
class TopicAdminTest {
    SimCluster cluster;

    @BeforeEach
    void setUp() {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(21).withBrokers(3));
        cluster = new SimCluster(sim, Map.of(0, "R1", 1, "R2", 2, "R1"), SimCluster.Spec.defaults()).start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void createdTopicHasLeadersWhenTheAnswerComes() {
        TopicResult r = cluster.createTopic("payments", 4, 3, Map.of("min.insync.replicas", "2"));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        for (int p = 0; p < 4; p++) {
            TopicPartition tp = new TopicPartition("payments", p);
            assertThat(cluster.leader(tp)).isNotNegative();
            assertThat(cluster.state(tp).orElseThrow().isr()).hasSize(3);
        }
        assertThat(cluster.sim().zooKeeper().topics().get("payments").configs())
                .containsEntry("min.insync.replicas", "2");
    }

    @Test
    void replicationFactorAboveTheLiveBrokersIsRefusedWithTheNumbers() {
        TopicResult r = cluster.createTopic("wide", 1, 4, Map.of());
        assertThat(r.error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(r.message()).contains("replication factor 4").contains("3 live brokers");
        assertThat(cluster.sim().zooKeeper().topics()).doesNotContainKey("wide");
    }

    @Test
    void minInsyncAboveTheReplicationFactorIsRefused() {
        TopicResult r = cluster.createTopic("strict", 1, 2, Map.of("min.insync.replicas", "3"));
        assertThat(r.error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(r.message()).contains("min.insync.replicas 3").contains("replication factor 2");
    }

    @Test
    void badCountsNamesAndConfigsAreRefusedPrecisely() {
        assertThat(cluster.createTopic("none", 0, 1, Map.of()))
                .satisfies(r -> assertThat(r.error()).isEqualTo(Errors.INVALID_PARTITIONS))
                .satisfies(r -> assertThat(r.message()).contains("at least 1, was 0"));
        assertThat(cluster.createTopic("zero-rf", 1, 0, Map.of()))
                .satisfies(r -> assertThat(r.error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR));
        assertThat(cluster.createTopic("bad name", 1, 1, Map.of()))
                .satisfies(r -> assertThat(r.error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION))
                .satisfies(r -> assertThat(r.message()).contains("' ' at index 3"));
        assertThat(cluster.createTopic("typo", 1, 1, Map.of("min.insync.replica", "1")))
                .satisfies(r -> assertThat(r.error()).isEqualTo(Errors.INVALID_CONFIG))
                .satisfies(r -> assertThat(r.message()).contains("Unknown configuration 'min.insync.replica'"));
        assertThat(cluster.createTopic("nan", 1, 1, Map.of("retention.ms", "forever")))
                .satisfies(r -> assertThat(r.error()).isEqualTo(Errors.INVALID_CONFIG))
                .satisfies(r -> assertThat(r.message()).contains("'forever'").contains("'retention.ms'"));
        assertThat(cluster.sim().zooKeeper().topics()).isEmpty();
    }

    @Test
    void anExistingTopicIsNotCreatedTwice() {
        assertThat(cluster.createTopic("once", 1, 1, Map.of()).error()).isEqualTo(Errors.NONE);
        assertThat(cluster.createTopic("once", 2, 1, Map.of()).error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(cluster.sim().zooKeeper().topics().get("once").partitions()).hasSize(1);
    }

    @Test
    void replicasArePlacedRackAware() {
        cluster.createTopic("spread", 6, 2, Map.of());
        Map<Integer, List<Integer>> assignment = cluster.sim().zooKeeper().topics().get("spread").partitions();
        Map<Integer, String> racks = Map.of(0, "R1", 1, "R2", 2, "R1");
        assignment.values().forEach(replicas -> assertThat(replicas.stream().map(racks::get).distinct()).hasSize(2));
    }
}
