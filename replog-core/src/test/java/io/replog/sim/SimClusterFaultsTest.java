package io.replog.sim;

import io.replog.coordinator.ControllerInfo;
import io.replog.fault.ClusterFaults;
import io.replog.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SimCluster} adds to implement {@link ClusterFaults} as the test kit's cluster does. */
class SimClusterFaultsTest {

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    private SimCluster threeBrokers(long seed) {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(seed)).withBrokers(3)));
        return new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start();
    }

    /**
     * As on the real stack: the controller is crashed and its id returned; the others elect one
     * under a higher epoch once its session times out. Until then the coordinator still names the
     * dead broker, which is not running, so a second killController is refused.
     */
    @Test
    void killControllerKillsTheRunningControllerReturnsItsIdAndAnotherIsElectedUnderAHigherEpoch() {
        try (SimCluster cluster = threeBrokers(5)) {
            Simulation sim = cluster.sim();
            ControllerInfo first = sim.zooKeeper().controller().orElseThrow();

            assertThat(new Fault.KillController().applyTo(cluster)).isEqualTo(first.brokerId());

            assertThat(cluster.broker(first.brokerId())).as("the killed controller runs no more").isEmpty();
            assertThatThrownBy(cluster::killController).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("no running broker is controller now (the coordinator names broker "
                            + first.brokerId() + ", which is not running); running: ");
            sim.awaitOrFail("another controller", () -> sim.zooKeeper().controller()
                    .filter(c -> c.brokerId() != first.brokerId()).isPresent(), 30_000);
            ControllerInfo second = sim.zooKeeper().controller().orElseThrow();
            assertThat(second.epoch()).as("the new controller's epoch").isGreaterThan(first.epoch());
            assertThat(cluster.controllerId()).isEqualTo(second.brokerId());
        }
    }

    @Test
    void aNegativeSlowdownIsRefusedAsByTheTestKit() {
        try (SimCluster cluster = threeBrokers(6)) {
            assertThatThrownBy(() -> cluster.slowFollower(1, -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("extraDelayMs must be >= 0, was -1");
        }
    }
}
