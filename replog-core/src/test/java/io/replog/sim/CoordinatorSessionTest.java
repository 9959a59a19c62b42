package io.replog.sim;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.RetriableException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session lifetimes of the in-memory coordinator: crash, close, expiry, reconnect. */
class CoordinatorSessionTest {
    private static final long MAX = 1_000;
    private static final long SESSION_TIMEOUT = 6_000;

    private final Simulation sim = Simulation.withSeed(23);
    private final SimZooKeeper zk = sim.zooKeeper();

    private static BrokerRegistration registration(int id) {
        return new BrokerRegistration(id, "R1", List.of(new Endpoint("INTERNAL", "broker-" + id, 0)), 0L);
    }

    /** A broker's coordinator that records what its listener hears. */
    private final class Member implements CoordinatorListener {
        final int id;
        final InMemoryCoordinator coordinator;
        final List<String> heard = new ArrayList<>();

        Member(int id) {
            this.id = id;
            this.coordinator = sim.coordinatorFor(id);
            coordinator.addListener(this);
            sim.await(coordinator.registerBroker(registration(id)), MAX);
        }

        @Override
        public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
            heard.add("brokers " + live.keySet());
        }

        @Override
        public void onControllerChanged(Optional<ControllerInfo> controller) {
            heard.add("controller " + controller.map(c -> c.brokerId() + "@" + c.epoch()).orElse("none"));
        }

        @Override
        public void onTopicsChanged(Map<String, TopicAssignment> topics) {
            heard.add("topics " + topics.size());
        }

        @Override
        public void onSessionExpired() {
            heard.add("session expired");
        }
    }

    @Test
    void aCrashedBrokersSessionExpiresAfterTheSessionTimeout() {
        Member b0 = new Member(0);
        Member b1 = new Member(1);
        assertThat(sim.await(b0.coordinator.tryBecomeController(0), MAX)).hasValue(1);
        sim.runFor(100);
        b0.heard.clear();
        b1.heard.clear();

        sim.crash(0);
        long crashedAt = sim.nowMs();
        sim.runFor(SESSION_TIMEOUT - 1);
        assertThat(zk.liveBrokers()).containsOnlyKeys(0, 1); // ZooKeeper has not noticed yet
        assertThat(zk.controller()).contains(new ControllerInfo(0, 1));

        sim.awaitOrFail("the dead controller's session expires", () -> zk.controller().isEmpty(), 10);
        assertThat(sim.nowMs() - crashedAt).isEqualTo(SESSION_TIMEOUT);
        assertThat(zk.liveBrokers()).containsOnlyKeys(1);
        sim.runFor(100);
        assertThat(b1.heard).containsExactly("brokers [1]", "controller none");
        assertThat(b0.heard).isEmpty(); // a crashed broker hears nothing
        assertThat(sim.await(b1.coordinator.tryBecomeController(1), MAX)).hasValue(2);
    }

    @Test
    void aBrokerRestartedWithinTheSessionTimeoutRegistersOnlyOnceTheOldSessionIsGone() {
        new Member(1);
        sim.crash(1);
        sim.runFor(1_000);
        sim.restart(1);
        InMemoryCoordinator fresh = sim.coordinatorFor(1);
        assertThatThrownBy(() -> sim.await(fresh.registerBroker(registration(1)), MAX))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("broker id 1 is already registered by live session");

        sim.runFor(SESSION_TIMEOUT);
        sim.await(fresh.registerBroker(registration(1)), MAX);
        assertThat(zk.liveSessionsOf(1)).containsExactly(fresh.sessionId());
    }

    @Test
    void closingACrashedBrokersSessionRemovesItAtOnceAndOnlyOnce() {
        Member b0 = new Member(0);
        Member b1 = new Member(1);
        sim.runFor(100);
        b1.heard.clear();
        sim.crash(0);
        b0.coordinator.close();
        assertThat(zk.liveBrokers()).containsOnlyKeys(1);
        sim.runFor(3 * SESSION_TIMEOUT);
        assertThat(b1.heard).containsExactly("brokers [1]");
    }

    @Test
    void anExpiredSessionLosesItsEphemeralsAndTheBrokerHearsOfIt() {
        Member b0 = new Member(0);
        Member b1 = new Member(1);
        sim.await(b0.coordinator.tryBecomeController(0), MAX);
        sim.runFor(100);
        b0.heard.clear();
        b1.heard.clear();
        long oldSession = b0.coordinator.sessionId();

        zk.expireSession(0);
        assertThat(zk.liveBrokers()).containsOnlyKeys(1);
        assertThat(zk.controller()).isEmpty();
        // issued after the expiry, before the broker heard of it: fails
        CompletableFuture<Map<Integer, BrokerRegistration>> tooLate = b0.coordinator.liveBrokers();
        sim.runFor(100);
        assertThat(tooLate).isCompletedExceptionally();
        assertThatThrownBy(tooLate::join).hasCauseInstanceOf(RetriableException.class)
                .hasMessageContaining("session expired");

        assertThat(b0.heard).containsExactly("session expired");
        assertThat(b1.heard).containsExactly("brokers [1]", "controller none");
        // the broker's view already holds a new session: it registers again and may run for controller
        assertThat(b0.coordinator.sessionId()).isNotEqualTo(oldSession);
        sim.await(b0.coordinator.registerBroker(registration(0)), MAX);
        assertThat(sim.await(b0.coordinator.tryBecomeController(0), MAX)).hasValue(2);
    }

    @Test
    void notificationsToOneSessionArriveInTheOrderOfTheChanges() {
        Member watcher = new Member(0);
        InMemoryCoordinator writer = sim.coordinatorFor(1);
        for (int i = 0; i < 30; i++) {
            writer.createTopic(new TopicAssignment("t" + i, Map.of(0, List.of(0)), Map.of()));
        }
        sim.runFor(1_000);
        List<String> topicCounts = watcher.heard.stream().filter(h -> h.startsWith("topics")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            expected.add("topics " + i);
        }
        assertThat(topicCounts).isEqualTo(expected);
    }

    @Test
    void repliesOfOneSessionArriveInIssueOrder() {
        InMemoryCoordinator b0 = sim.coordinatorFor(0);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            b0.topics().thenRun(() -> order.add(n));
        }
        sim.runFor(1_000);
        assertThat(order).hasSize(20).isSorted();
    }

    @Test
    void aClosedViewFailsItsOperationsUntilItReconnects() {
        Member b0 = new Member(0);
        b0.coordinator.close();
        assertThatThrownBy(() -> sim.await(b0.coordinator.controller(), MAX))
                .isInstanceOf(RetriableException.class).hasMessageContaining("session closed");
        b0.coordinator.reconnect();
        assertThat(b0.coordinator.isSessionLive()).isTrue();
        sim.await(b0.coordinator.registerBroker(registration(0)), MAX);
        assertThat(sim.await(b0.coordinator.tryBecomeController(0), MAX)).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void aBrokerThatCrashesWithAPendingOperationNeverSeesItsReplyButTheWriteHappens() {
        InMemoryCoordinator b0 = sim.coordinatorFor(0);
        CompletableFuture<OptionalInt> election = b0.tryBecomeController(0);
        sim.crash(0);
        sim.runFor(100);
        assertThat(election).isNotDone();
        assertThat(zk.controller()).contains(new ControllerInfo(0, 1)); // the request had left the broker
        sim.runFor(SESSION_TIMEOUT);
        assertThat(zk.controller()).isEmpty();
    }

    @Test
    void resigningGivesUpTheControllershipOnlyForTheHeldEpoch() {
        Member b0 = new Member(0);
        Member b1 = new Member(1);
        int epoch = sim.await(b0.coordinator.tryBecomeController(0), MAX).getAsInt();
        sim.await(b1.coordinator.resignController(epoch), MAX); // not the holder: nothing happens
        sim.await(b0.coordinator.resignController(epoch + 7), MAX); // not the held epoch: nothing happens
        assertThat(zk.controller()).contains(new ControllerInfo(0, epoch));
        sim.await(b0.coordinator.resignController(epoch), MAX);
        assertThat(zk.controller()).isEmpty();
        sim.runFor(100);
        assertThat(b1.heard).endsWith("controller none");
    }
}
