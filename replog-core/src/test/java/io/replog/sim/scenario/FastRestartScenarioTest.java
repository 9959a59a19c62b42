package io.replog.sim.scenario;

import io.replog.internal.fault.PlantedBug;
import io.replog.protocol.ProduceRequest;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preferred replica, a follower in the ISR, loses its unflushed tail (power loss) or its
 * whole disk and restarts before its old coordinator session has expired, so the controller
 * still counts its previous process as live and in the ISR. Then the controller makes it leader
 * (a preferred-leader election, or the current leader crashes). Its new process must obey none
 * of that (it is not registered yet, and every controller request names the old registration's
 * broker epoch), so no replica truncates to its damaged log and every acknowledged acks=all
 * record survives. With the broker epoch ignored (the planted pre-KIP-380 behaviour) the same
 * run loses acknowledged records.
 */
class FastRestartScenarioTest {
    static final TopicPartition TP = new TopicPartition("orders", 0);

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({"power loss, preferred election", "power loss, leader crash", "disk loss, preferred election",
            "disk loss, leader crash"})
    void aQuicklyRestartedReplicaThatLostDataNeverLeadsOnItsOldRegistration(String damage, String trigger) {
        assertThat(run(damage, trigger)).as("correct brokers").isEmpty();
        assertThat(run(damage, trigger, PlantedBug.BROKER_EPOCH_IGNORED)).as("broker epochs ignored")
                .anyMatch(v -> v.startsWith("invariant 1"));
    }

    private List<String> run(String damage, String trigger, PlantedBug... bugs) {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(17).withBrokers(3));
        reporter.track(sim);
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2)
                .withRebalanceIntervalMs(0).withPlantedBugs(bugs)).start()) {
            cluster.createTopicOrFail(TP.topic(), 1, 3, Map.of());
            cluster.awaitIsr(TP, 3, 20_000);
            int preferred = sim.zooKeeper().topics().get(TP.topic()).replicas(TP).get(0);
            // Move leadership away from the preferred replica and let it rejoin as a follower.
            cluster.kill(preferred);
            sim.awaitOrFail("a leader of " + TP + " other than " + preferred + ", which left the ISR",
                    () -> cluster.leader(TP) >= 0 && cluster.leader(TP) != preferred
                    && !cluster.isr(TP).contains(preferred), 30_000, cluster.seen(TP));
            cluster.restart(preferred);
            cluster.awaitIsr(TP, 3, 30_000);
            int leader = cluster.leader(TP);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(TP), 3).checkEvery(50);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 40; i++) {
                producer.send(TP);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(40);

            long oldEpoch = sim.zooKeeper().liveBrokers().get(preferred).brokerEpoch();
            if (damage.equals("power loss")) {
                cluster.powerLoss(preferred, new Random(5));
            } else {
                cluster.diskLoss(preferred);
            }
            sim.runFor(50);
            cluster.restart(preferred);
            sim.runFor(200);
            assertThat(sim.zooKeeper().liveBrokers().get(preferred).brokerEpoch()).as("old registration still live")
                    .isEqualTo(oldEpoch);
            if (trigger.equals("preferred election")) {
                cluster.broker(cluster.controllerId()).orElseThrow().controller().orElseThrow()
                        .electPreferredLeaders(null);
            } else {
                cluster.kill(leader);
            }
            sim.runFor(20_000);
            if (cluster.broker(leader).isEmpty()) {
                cluster.restart(leader);
            }
            checker.checkAfterHeal(120_000);
            return checker.violations();
        }
    }
}
