package io.replog.internal.broker;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.internal.controller.ControllerSettings;
import io.replog.internal.fault.PlantedBugs;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.sim.InMemoryCoordinator;
import io.replog.sim.SimScheduler;
import io.replog.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The controllership on its own: election, hand-over on a lost session, resigning, and the refusals while not controller. */
class ControllerHostTest {
    private static final long MAX = 1_000;
    private static final long SESSION_TIMEOUT = 6_000;

    private final Simulation sim = Simulation.withSeed(31);

    /** A broker reduced to its controllership, registered with the simulated coordinator. */
    private final class Member {
        final SimScheduler loop;
        final ControllerHost host;
        final List<Integer> epochsWon = new ArrayList<>();

        Member(int id) {
            loop = sim.scheduler(id);
            InMemoryCoordinator coordinator = sim.coordinatorFor(id);
            host = new ControllerHost(id, ControllerSettings.defaults(), coordinator, sim.network().transportFor(id), loop,
                    PlantedBugs.NONE, epochsWon::add);
            coordinator.addListener(host.listener());
            sim.await(coordinator.registerBroker(new BrokerRegistration(id, null,
                    List.of(new Endpoint("INTERNAL", "broker-" + id, 0)), 0L)), MAX);
        }

        void runForController() {
            loop.execute(host::runForController);
        }
    }

    @Test
    void aBrokerThatIsNotControllerRefusesTheControllerOnlyRequests() {
        Member m = new Member(0);

        assertThat(m.host.controlledShutdown(new ControlledShutdownRequest(1, 5L)))
                .isCompletedWithValue(new ControlledShutdownResponse(Errors.NOT_CONTROLLER, java.util.Set.of()));
        assertThat(m.host.electLeaders(new ElectLeadersRequest(null, 1_000)))
                .isCompletedWithValue(new ElectLeadersResponse(Errors.NOT_CONTROLLER, java.util.Map.of()));
        assertThat(m.host.isController()).isFalse();
        assertThat(m.host.activeEpoch()).isEmpty();
    }

    @Test
    void theWinnerTakesOfficeAndAnotherTakesOverWhenItsSessionEnds() {
        Member m0 = new Member(0);
        Member m1 = new Member(1);
        m0.runForController();
        sim.runFor(100);
        m1.runForController();
        sim.runFor(100);

        assertThat(m0.host.activeEpoch()).isEqualTo(OptionalInt.of(1));
        assertThat(m0.epochsWon).containsExactly(1);
        assertThat(m1.host.isController()).isFalse();
        assertThat(m1.epochsWon).isEmpty();

        sim.crash(0);
        sim.awaitOrFail("broker 1 takes over", m1.host::isController, SESSION_TIMEOUT + MAX);
        assertThat(m1.host.activeEpoch()).isEqualTo(OptionalInt.of(2));
        assertThat(m1.epochsWon).containsExactly(2);
    }

    @Test
    void anExpiredSessionResignsAtOnce() {
        Member m0 = new Member(0);
        m0.runForController();
        sim.runFor(100);
        var controller = m0.host.controller().orElseThrow();

        m0.loop.execute(m0.host::onSessionExpired);
        sim.runFor(1);

        assertThat(controller.isActive()).isFalse();
        assertThat(m0.host.controller()).isEmpty();
        assertThat(m0.host.isController()).isFalse();
    }

    @Test
    void aStoppedHostResignsAndNeverRunsAgain() {
        Member m0 = new Member(0);
        m0.runForController();
        sim.runFor(100);
        var controller = m0.host.controller().orElseThrow();

        m0.loop.execute(() -> m0.host.stop("test"));
        sim.runFor(1);
        assertThat(controller.isActive()).isFalse();

        m0.runForController();
        sim.runFor(SESSION_TIMEOUT);
        assertThat(m0.host.isController()).isFalse();
        assertThat(m0.epochsWon).containsExactly(1);
    }
}
