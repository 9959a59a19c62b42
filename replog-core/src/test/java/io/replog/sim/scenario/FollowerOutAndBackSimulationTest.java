package io.replog.sim.scenario;

import io.replog.coordinator.BrokerRegistration;
import io.replog.fault.ClusterFaults;
import io.replog.protocol.ProduceRequest;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.SimReplay;
import io.replog.sim.Simulation;
import io.replog.testsupport.FollowerOutAndBack;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared {@link FollowerOutAndBack} script on the simulation: the same faults, by the same
 * {@link io.replog.fault.Fault} values, as its real-stack twin
 * ({@code io.replog.testkit.scenarios.FollowerOutAndBackTest}), applied through
 * {@link ClusterFaults}, with the same outcome checked after each step; only the waiting is the
 * simulation's (simulated time, so a crashed follower leaves the ISR when its 6 s session times
 * out).
 */
class FollowerOutAndBackSimulationTest {
    private static final long STEP_MAX_MS = 30_000;

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void theFollowerLeavesTheIsrAndReturnsAfterEachFaultAndNoAcknowledgedRecordIsLost() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(12)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()
                .withMinInsyncReplicas(FollowerOutAndBack.MIN_INSYNC_REPLICAS)
                .withReplicaLagTimeMaxMs(FollowerOutAndBack.REPLICA_LAG_TIME_MAX_MS)).start()) {
            TopicPartition tp = new TopicPartition("accounts", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            int leader = cluster.leader(tp);
            int follower = IsrScenarioTest.followerOtherThanController(cluster, tp);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            boolean[] stop = {false};
            Scenarios.every(sim, 50, "produce", () -> stop[0], () -> producer.send(tp));
            sim.awaitOrFail("50 acks=all records acknowledged",
                    () -> history.ackCount(ProduceRequest.ACKS_ALL) >= 50, 10_000);

            ClusterFaults faults = cluster; // the script sees the shared interface only
            for (FollowerOutAndBack.Step step : FollowerOutAndBack.steps(follower)) {
                long epochBefore = brokerEpoch(sim, follower);
                long acknowledgedBefore = history.ackCount(ProduceRequest.ACKS_ALL);
                step.fault().applyTo(faults);
                String what = step.then().of(follower) + " after " + step.fault();
                switch (step.then()) {
                    case LEAVES_ISR -> sim.awaitOrFail(what, () -> !cluster.isr(tp).contains(follower), STEP_MAX_MS,
                            cluster.seen(tp));
                    case BACK_IN_ISR -> sim.awaitOrFail(what, () -> cluster.isr(tp).size() == 3, STEP_MAX_MS,
                            cluster.seen(tp));
                    case REGISTERS_AGAIN_AND_BACK_IN_ISR -> sim.awaitOrFail(what,
                            () -> brokerEpoch(sim, follower) > epochBefore && cluster.isr(tp).size() == 3,
                            STEP_MAX_MS, () -> cluster.seen(tp).get() + "; broker epoch " + brokerEpoch(sim, follower)
                                    + " (was " + epochBefore + ")");
                }
                assertThat(cluster.leader(tp)).as("the leader of %s after %s", tp, step.fault()).isEqualTo(leader);
                // acks=all goes on with the follower out (an ISR of two) and after it is back.
                sim.awaitOrFail("acks=all records acknowledged after " + step,
                        () -> history.ackCount(ProduceRequest.ACKS_ALL) >= acknowledgedBefore + 20, STEP_MAX_MS);
            }

            stop[0] = true;
            sim.awaitOrFail("the producer has every record acknowledged or given up on", producer::idle, STEP_MAX_MS);
            assertThat(history.failedSends()).as("sends that failed for good").isZero();
            checker.checkAfterHeal(STEP_MAX_MS);
            assertThat(checker.violations()).as("acknowledged records lost, replicas diverged").isEmpty();
        }
    }

    /** The epoch of the broker's current registration, or -1 while it has none. */
    private static long brokerEpoch(Simulation sim, int broker) {
        return Optional.ofNullable(sim.zooKeeper().liveBrokers().get(broker)).map(BrokerRegistration::brokerEpoch)
                .orElse(-1L);
    }
}
