package io.replog.sim.scenario;

import io.replog.protocol.ProduceRequest;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimConsumer;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeScenarioTest {
    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void leaderDiesAndAcknowledgedWritesSurvive() {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(7).withBrokers(3));
        reporter.track(sim);
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2))
                .start()) {
            cluster.createTopicOrFail("orders", 1, 3, Map.of());
            TopicPartition tp = new TopicPartition("orders", 0);
            cluster.awaitLeader(tp, 10_000);
            cluster.awaitIsr(tp, 3, 20_000);
            History history = new History();
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            SimConsumer consumer = new SimConsumer(sim, "consumer", tp, history).start();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            for (int i = 0; i < 50; i++) {
                producer.send(tp);
            }
            sim.runUntil(producer::idle, 30_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(50);
            int oldLeader = cluster.leader(tp);
            cluster.kill(oldLeader);
            for (int i = 0; i < 50; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("a leader of " + tp + " other than " + oldLeader,
                    () -> cluster.leader(tp) >= 0 && cluster.leader(tp) != oldLeader, 30_000, cluster.seen(tp));
            sim.runUntil(producer::idle, 60_000);
            cluster.restart(oldLeader);
            checker.checkAfterHeal(60_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(100);
            sim.runUntil(() -> consumer.position() >= 100, 10_000);
            assertThat(consumer.position()).isEqualTo(100);
        }
    }
}
