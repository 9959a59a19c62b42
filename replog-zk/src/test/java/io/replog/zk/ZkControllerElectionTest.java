package io.replog.zk;

import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.StaleControllerEpochException;
import io.replog.topic.TopicPartition;
import io.replog.zk.znode.ControllerZnode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.failure;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Controller election, fail-over and the epoch fence on a real ZooKeeper. */
class ZkControllerElectionTest {
    private static EmbeddedZooKeeper server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedZooKeeper.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Runs for controller whenever the controller goes away, as a broker does. */
    private static final class Candidate implements CoordinatorListener, AutoCloseable {
        final int id;
        final ZkCoordinator coordinator;
        final List<Integer> won = new CopyOnWriteArrayList<>();
        final ZkTestSupport.Recorder recorder = new ZkTestSupport.Recorder();
        final List<Long> sessionAtExpiry = new CopyOnWriteArrayList<>();
        final List<OptionalInt> heldAtExpiry = new CopyOnWriteArrayList<>();
        volatile boolean runsWhenControllerGoes = true;

        Candidate(String connect, int id) {
            this.id = id;
            this.coordinator = connected(connect, "broker-" + id);
            coordinator.addListener(recorder);
            coordinator.addListener(this);
            get(coordinator.registerBroker(registration(id, null)));
        }

        CompletableFuture<OptionalInt> run() {
            return coordinator.tryBecomeController(id).whenComplete((r, e) -> {
                if (r != null && r.isPresent()) {
                    won.add(r.getAsInt());
                }
            });
        }

        @Override
        public void onControllerChanged(Optional<ControllerInfo> controller) {
            if (controller.isEmpty() && runsWhenControllerGoes) {
                run();
            }
        }

        @Override
        public void onSessionExpired() {
            sessionAtExpiry.add(coordinator.sessionId());
            heldAtExpiry.add(coordinator.heldControllerEpoch());
            coordinator.registerBroker(registration(id, null)).thenRun(this::run);
        }

        @Override
        public void close() {
            coordinator.close();
        }
    }

    @Test
    void exactlyOneCandidateWinsAndTheZnodesAreKafkas() throws Exception {
        String connect = server.connectString("/election");
        try (Candidate a = new Candidate(connect, 1); Candidate b = new Candidate(connect, 2);
             Candidate c = new Candidate(connect, 3)) {
            List<CompletableFuture<OptionalInt>> runs = List.of(a.run(), b.run(), c.run());
            List<OptionalInt> results = new ArrayList<>();
            runs.forEach(f -> results.add(get(f)));

            assertThat(results.stream().filter(OptionalInt::isPresent).map(OptionalInt::getAsInt)).containsExactly(1);
            int winner = results.indexOf(OptionalInt.of(1)) + 1;
            assertThat(get(b.coordinator.controller())).contains(new ControllerInfo(winner, 1));

            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                Stat stat = new Stat();
                byte[] body = raw.getData("/election/controller", false, stat);
                assertThat(ControllerZnode.decode("/election/controller", body).brokerId()).isEqualTo(winner);
                assertThat(new String(body, StandardCharsets.UTF_8)).matches(
                        "\\{\"version\":1,\"brokerid\":" + winner + ",\"timestamp\":\"\\d+\"}");
                assertThat(stat.getEphemeralOwner()).isNotZero();
                assertThat(new String(raw.getData("/election/controller_epoch", false, null), StandardCharsets.US_ASCII))
                        .isEqualTo("1");
            } finally {
                raw.close();
            }
        }
    }

    @Test
    void failOverWhenTheControllerClosesItsSession() {
        String connect = server.connectString("/close-failover");
        Candidate a = new Candidate(connect, 1);
        try (Candidate b = new Candidate(connect, 2); Candidate c = new Candidate(connect, 3)) {
            assertThat(get(a.run())).hasValue(1);
            await("the others learn broker 1 is controller").atMost(WAIT)
                    .until(() -> new ControllerInfo(1, 1).equals(b.recorder.lastController().orElse(null))
                            && new ControllerInfo(1, 1).equals(c.recorder.lastController().orElse(null)));

            a.close();

            await("one of the others is elected with epoch 2").atMost(WAIT)
                    .until(() -> b.won.size() + c.won.size() == 1);
            assertThat(b.won.isEmpty() ? c.won : b.won).containsExactly(2);
            int newController = b.won.isEmpty() ? 3 : 2;
            await("both see the new controller").atMost(WAIT).until(() ->
                    new ControllerInfo(newController, 2).equals(b.recorder.lastController().orElse(null))
                            && new ControllerInfo(newController, 2).equals(c.recorder.lastController().orElse(null)));
        }
    }

    @Test
    void failOverWhenTheControllerSessionExpiresAndTheOldControllerResignsAtOnce() throws Exception {
        String connect = server.connectString("/expiry-failover");
        try (Candidate a = new Candidate(connect, 1); Candidate b = new Candidate(connect, 2)) {
            assertThat(get(a.run())).hasValue(1);
            get(a.coordinator.createTopic(new TopicAssignment("t", Map.of(0, List.of(1, 2)), Map.of())));
            TopicPartition tp = new TopicPartition("t", 0);
            get(a.coordinator.writePartitionStatesAsController(1, Map.of(tp,
                    new LeaderAndIsr(1, 0, List.of(1, 2), 1, LeaderAndIsr.NEW_PARTITION))));
            long oldSession = a.coordinator.sessionId();
            assertThat(a.coordinator.heldControllerEpoch()).hasValue(1);

            ZkTestSupport.expireSession(connect, a.coordinator);

            await("broker 1 hears its session expired").atMost(WAIT).until(() -> a.recorder.events.contains("expired"));
            // When it told the listener, the coordinator had already dropped the controllership and
            // replaced the session (the new one may still be connecting: id 0 until then).
            assertThat(a.sessionAtExpiry).hasSize(1);
            assertThat(a.sessionAtExpiry.get(0)).isNotEqualTo(oldSession);
            assertThat(a.heldAtExpiry).containsExactly(OptionalInt.empty());
            await("broker 1 is registered again on its new session").atMost(WAIT).until(() ->
                    get(b.coordinator.liveBrokers()).containsKey(1) && a.coordinator.sessionId() != oldSession);
            assertThat(a.coordinator.heldControllerEpoch()).isEmpty();
            Throwable stale = failure(a.coordinator.writePartitionStatesAsController(1, Map.of(tp,
                    new LeaderAndIsr(1, 1, List.of(1), 1, 0))));
            assertThat(stale).isInstanceOf(StaleControllerEpochException.class);

            await("a new controller is elected with epoch 2").atMost(WAIT)
                    .until(() -> get(b.coordinator.controller()).map(ControllerInfo::epoch).orElse(0) == 2);
            assertThat(get(b.coordinator.partitionStates(List.of(tp))).get(tp).partitionEpoch()).isZero();
        }
    }

    @Test
    void aZombieControllerCannotWriteBecauseTheEpochCheckFails() throws Exception {
        String connect = server.connectString("/zombie");
        try (Candidate a = new Candidate(connect, 1); Candidate b = new Candidate(connect, 2)) {
            assertThat(get(a.run())).hasValue(1);
            get(a.coordinator.createTopic(new TopicAssignment("orders", Map.of(0, List.of(1, 2)), Map.of())));
            TopicPartition tp = new TopicPartition("orders", 0);
            LeaderAndIsr initial = get(a.coordinator.writePartitionStatesAsController(1, Map.of(tp,
                    new LeaderAndIsr(1, 0, List.of(1, 2), 1, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();

            // An operator deletes /controller: B takes over while A's session lives on. A does not
            // run again, but its coordinator drops the term the moment its watch shows the change.
            a.runsWhenControllerGoes = false;
            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                raw.delete("/zombie/controller", -1);
            } finally {
                raw.close();
            }
            await("broker 2 becomes controller with epoch 2").atMost(WAIT).until(() -> b.won.contains(2));
            await("A's term ends with the watch").atMost(WAIT).until(() -> a.coordinator.heldControllerEpoch().isEmpty());
            assertThat(get(a.run())).as("A never hears of its old term as a win").isEmpty();

            // The zombie's writes are refused (the ZooKeeper-side fence: ZkCoordinatorFaultTest).
            Throwable stale = failure(a.coordinator.writePartitionStatesAsController(1, Map.of(tp,
                    initial.withNewLeader(2, List.of(2), 1))));
            assertThat(stale).isInstanceOf(StaleControllerEpochException.class)
                    .hasMessageContaining("does not hold the controllership");
            assertThat(get(b.coordinator.partitionStates(List.of(tp))).get(tp)).isEqualTo(initial);

            // The real controller writes fine.
            StateUpdate update = get(b.coordinator.writePartitionStatesAsController(2, Map.of(tp,
                    initial.withNewLeader(2, List.of(2, 1), 2)))).get(tp);
            assertThat(update.applied()).isTrue();
            assertThat(update.state().partitionEpoch()).isEqualTo(1);
            // A stale epoch is refused at once, even before ZooKeeper is asked.
            assertThat(failure(b.coordinator.deleteTopic(1, "orders"))).isInstanceOf(StaleControllerEpochException.class);
        }
    }

    @Test
    void resigningDeletesTheControllerZnodeAndAnotherBrokerTakesOver() {
        String connect = server.connectString("/resign");
        try (Candidate a = new Candidate(connect, 1); Candidate b = new Candidate(connect, 2)) {
            assertThat(get(a.run())).hasValue(1);
            assertThat(get(b.run())).isEmpty();
            // Running again while holding it answers with the epoch held (a retry after a lost reply).
            assertThat(get(a.run())).hasValue(1);

            a.runsWhenControllerGoes = false; // a broker shutting down does not run again
            get(a.coordinator.resignController(1));

            assertThat(a.coordinator.heldControllerEpoch()).isEmpty();
            await("broker 2 takes over with epoch 2").atMost(WAIT).until(() -> b.won.contains(2));
            assertThat(get(a.coordinator.controller())).contains(new ControllerInfo(2, 2));
            // Resigning an epoch not held does nothing.
            get(a.coordinator.resignController(2));
            assertThat(get(a.coordinator.controller())).contains(new ControllerInfo(2, 2));
        }
    }
}
