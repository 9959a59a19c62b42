package io.replog.sim.scenario;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.protocol.ProduceRequest;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimConsumer;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.SimReplay;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed scenario 1: the rack-aware assignment of the invoice example, on a running cluster. */
class RackAwareAssignmentScenarioTest {
    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    /**
     * Topic {@code invoice}, 10 partitions, RF 3, on brokers 0,1,2 (rack R1) and 3,4,5 (rack R2):
     * the broker list alternates racks (0,3,1,4,2,5), partition i is led by list[i mod 6] and
     * followed by the next brokers in the list, so every partition spans both racks.
     */
    @Test
    void invoiceTopicOnTwoRacksGetsTheSeedAssignmentAndServesEveryPartition() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(1)).withBrokers(6)));
        try (SimCluster cluster = new SimCluster(sim, Scenarios.TWO_RACKS, SimCluster.Spec.defaults()).start()) {
            cluster.createTopicOrFail("invoice", 10, 3, Map.of());

            // The assignment as the coordinator stores it (/brokers/topics/invoice).
            Map<Integer, List<Integer>> expected = new TreeMap<>(Map.of(
                    0, List.of(0, 3, 1), 1, List.of(3, 1, 4), 2, List.of(1, 4, 2), 3, List.of(4, 2, 5),
                    4, List.of(2, 5, 0), 5, List.of(5, 0, 3), 6, List.of(0, 3, 1), 7, List.of(3, 1, 4),
                    8, List.of(1, 4, 2), 9, List.of(4, 2, 5)));
            Map<Integer, List<Integer>> stored = sim.zooKeeper().topics().get("invoice").partitions();
            assertThat(new TreeMap<>(stored)).isEqualTo(expected);
            for (List<Integer> replicas : stored.values()) {
                Set<String> racks = replicas.stream().map(Scenarios.TWO_RACKS::get).collect(Collectors.toSet());
                assertThat(racks).as("racks of " + replicas).containsExactlyInAnyOrder("R1", "R2");
            }
            // 30 replicas; per broker: B0 leads 2 and follows 2, B3 leads 2 and follows 3, and so on.
            Map<Integer, Long> leaderships = stored.values().stream()
                    .collect(Collectors.groupingBy(r -> r.get(0), TreeMap::new, Collectors.counting()));
            assertThat(leaderships).isEqualTo(Map.of(0, 2L, 1, 2L, 2, 1L, 3, 2L, 4, 2L, 5, 1L));
            assertThat(stored.values().stream().mapToInt(List::size).sum()).isEqualTo(30);

            // Each partition's leader is its first replica, in epoch 0, with the full ISR.
            List<TopicPartition> partitions = IntStream.range(0, 10).mapToObj(p -> new TopicPartition("invoice", p)).toList();
            for (TopicPartition tp : partitions) {
                cluster.awaitLeader(tp, 10_000);
                cluster.awaitIsr(tp, 3, 10_000);
                LeaderAndIsr state = cluster.state(tp).orElseThrow();
                List<Integer> replicas = expected.get(tp.partition());
                assertThat(state.leader()).as("leader of " + tp).isEqualTo(replicas.get(0));
                assertThat(state.leaderEpoch()).isZero();
                assertThat(state.isr()).containsExactlyInAnyOrderElementsOf(replicas);
                assertThat(Scenarios.leaderReplica(cluster, tp).isLeader()).isTrue();
            }

            // Produce to and consume from every partition.
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, partitions, 3).checkEvery(250);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            List<SimConsumer> consumers = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                consumers.add(new SimConsumer(sim, "consumer" + tp.partition(), tp, history).start());
            }
            for (int i = 0; i < 20; i++) {
                for (TopicPartition tp : partitions) {
                    producer.send(tp);
                }
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(200);
            assertThat(history.failedSends()).isZero();
            sim.awaitOrFail("every consumer reaches offset 20",
                    () -> consumers.stream().allMatch(c -> c.position() == 20), 10_000);
            for (TopicPartition tp : partitions) {
                assertThat(history.acked().get(tp)).hasSize(20);
                assertThat(history.consumed().get(tp)).hasSize(20);
            }

            checker.checkAfterHeal(10_000);
            assertThat(checker.violations()).isEmpty();
        }
    }

    /**
     * The same cluster coming up under many seeds: brokers register in a different order each
     * time and the controller is elected while some are still registering. It never takes a
     * broker that is registering for one that failed: every partition of {@code invoice} starts
     * with its preferred leader, leader epoch 0 and the full ISR, and stays so.
     */
    @Test
    void startupNeverTakesARegisteringBrokerForAFailedOne() {
        for (long seed : SimReplay.seeds(LongStream.rangeClosed(100, 107).toArray())) {
            Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(seed).withBrokers(6)));
            try (SimCluster cluster = new SimCluster(sim, Scenarios.TWO_RACKS, SimCluster.Spec.defaults()).start()) {
                cluster.createTopicOrFail("invoice", 10, 3, Map.of());
                List<TopicPartition> partitions = IntStream.range(0, 10)
                        .mapToObj(p -> new TopicPartition("invoice", p)).toList();
                sim.awaitOrFail("full ISRs, seed " + seed,
                        () -> partitions.stream().allMatch(tp -> cluster.isr(tp).size() == 3), 10_000,
                        () -> partitions.stream().map(p -> cluster.seen(p).get()).toList());
                sim.runFor(1_000);
                for (TopicPartition tp : partitions) {
                    LeaderAndIsr state = cluster.state(tp).orElseThrow();
                    assertThat(state.leaderEpoch()).as(tp + " leader epoch, seed " + seed).isZero();
                    assertThat(state.leader()).as(tp + " leader, seed " + seed)
                            .isEqualTo(sim.zooKeeper().topics().get("invoice").replicas(tp).get(0));
                    assertThat(state.isr()).as(tp + " ISR, seed " + seed).hasSize(3);
                }
            }
        }
    }
}
