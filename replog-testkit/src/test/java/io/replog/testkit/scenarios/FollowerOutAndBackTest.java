package io.replog.testkit.scenarios;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.fault.ClusterFaults;
import io.replog.testkit.ReplogCluster;
import io.replog.testsupport.FollowerOutAndBack;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared {@link FollowerOutAndBack} script on the real stack: the same faults, by the same
 * {@link io.replog.fault.Fault} values, as its simulated twin
 * ({@code io.replog.sim.scenario.FollowerOutAndBackSimulationTest} in replog-core), applied
 * through {@link ClusterFaults}, with the same outcome checked after each step; only the waiting
 * is Awaitility's. Three brokers on racks R1, R2, R1, acks=all load from two producers, and at the
 * end the checks of {@link SeedScenariosTest}: every acknowledged record read back in order, the
 * replicas byte-equal below the high watermark.
 */
class FollowerOutAndBackTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theFollowerLeavesTheIsrAndReturnsAfterEachFaultAndNoAcknowledgedRecordIsLost() {
        try (ReplogCluster cluster = ReplogCluster.builder().racks("R1", "R2", "R1")
                .brokerConfig("min.insync.replicas", FollowerOutAndBack.MIN_INSYNC_REPLICAS)
                .brokerConfig("replica.lag.time.max.ms", FollowerOutAndBack.REPLICA_LAG_TIME_MAX_MS).start()) {
            TopicPartition tp = new TopicPartition("accounts", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            int follower = SeedScenariosTest.followerOtherThanController(cluster, tp);
            try (AcksAllLoad load = new AcksAllLoad(cluster, "vocabulary", tp.topic(), 1, 2, Duration.ofMillis(2))) {
                SeedScenariosTest.awaitAcknowledged(load, 100);

                ClusterFaults faults = cluster; // the script sees the shared interface only
                for (FollowerOutAndBack.Step step : FollowerOutAndBack.steps(follower)) {
                    long epochBefore = cluster.brokerEpoch(follower);
                    step.fault().applyTo(faults);
                    String what = step.then().of(follower) + " after " + step.fault();
                    switch (step.then()) {
                        case LEAVES_ISR -> await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20))
                                .until(() -> SeedScenariosTest.isr(cluster, tp), isr -> !isr.contains(follower));
                        case BACK_IN_ISR -> SeedScenariosTest.awaitFullIsr(cluster, tp);
                        case REGISTERS_AGAIN_AND_BACK_IN_ISR -> {
                            await(what).atMost(WAIT).until(() -> cluster.brokerEpoch(follower) > epochBefore);
                            SeedScenariosTest.awaitFullIsr(cluster, tp);
                        }
                    }
                    assertThat(cluster.partitionState(tp).map(LeaderAndIsr::leader))
                            .as("the leader of %s after %s", tp, step.fault()).hasValue(leader);
                    // acks=all goes on with the follower out (an ISR of two) and after it is back.
                    SeedScenariosTest.awaitAcknowledged(load, load.acknowledged() + 100);
                }

                SeedScenariosTest.stopAndAssertNothingLost(cluster, load, tp.topic(), 1);
            }
        }
    }
}
