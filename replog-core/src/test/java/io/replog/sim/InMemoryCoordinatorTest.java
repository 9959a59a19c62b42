package io.replog.sim;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.RetriableException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.errors.TopicExistsException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryCoordinatorTest {
    private static final long MAX = 1_000;
    private static final TopicPartition T0 = new TopicPartition("orders", 0);
    private static final TopicPartition T1 = new TopicPartition("orders", 1);

    private final Simulation sim = Simulation.withSeed(11);
    private final SimZooKeeper zk = sim.zooKeeper();

    private static BrokerRegistration registration(int id) {
        return new BrokerRegistration(id, null, List.of(new Endpoint("INTERNAL", "broker-" + id, 0)), 0L);
    }

    private InMemoryCoordinator registered(int id) {
        InMemoryCoordinator coordinator = sim.coordinatorFor(id);
        sim.await(coordinator.registerBroker(registration(id)), MAX);
        return coordinator;
    }

    private static TopicAssignment orders() {
        return new TopicAssignment("orders", Map.of(0, List.of(0, 1, 2), 1, List.of(1, 2, 0)), Map.of());
    }

    /** Records every notification a view receives, as text. */
    private static final class Recorder implements CoordinatorListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
            events.add("brokers " + live.keySet());
        }

        @Override
        public void onControllerChanged(Optional<ControllerInfo> controller) {
            events.add("controller " + controller.map(c -> c.brokerId() + "@" + c.epoch()).orElse("none"));
        }

        @Override
        public void onTopicsChanged(Map<String, TopicAssignment> topics) {
            events.add("topics " + topics.keySet());
        }

        @Override
        public void onTopicDeletionRequested(Set<String> topics) {
            events.add("delete " + topics);
        }

        @Override
        public void onIsrChanged(Set<TopicPartition> partitions) {
            events.add("isr " + partitions);
        }

        @Override
        public void onSessionExpired() {
            events.add("expired");
        }
    }

    @Test
    void registrationIsEphemeralAndNotified() {
        InMemoryCoordinator zk0 = sim.coordinatorFor(0);
        Recorder seen = new Recorder();
        zk0.addListener(seen);
        sim.await(zk0.registerBroker(registration(0)), MAX);
        InMemoryCoordinator zk1 = registered(1);
        sim.runFor(100);

        assertThat(sim.await(zk0.liveBrokers(), MAX)).containsOnlyKeys(0, 1);
        assertThat(seen.events).containsExactly("brokers [0]", "brokers [0, 1]");

        zk1.close(); // a closed session's ephemeral nodes vanish at once
        assertThat(zk.liveBrokers()).containsOnlyKeys(0);
        sim.runFor(100);
        assertThat(seen.events).last().isEqualTo("brokers [0]");
    }

    @Test
    void registeringAnIdHeldByALiveSessionFailsNamingTheHolder() {
        InMemoryCoordinator first = registered(2);
        InMemoryCoordinator second = sim.coordinatorFor(2);
        assertThatThrownBy(() -> sim.await(second.registerBroker(registration(2)), MAX))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("broker id 2 is already registered by live session 0x" + Long.toHexString(first.sessionId()));
        first.close();
        sim.await(second.registerBroker(registration(2)), MAX);
        assertThat(zk.liveBrokers()).containsOnlyKeys(2);
    }

    @Test
    void firstCandidateBecomesControllerAndTheEpochGrows() {
        InMemoryCoordinator zk0 = registered(0);
        InMemoryCoordinator zk1 = registered(1);
        Recorder seen1 = new Recorder();
        zk1.addListener(seen1);

        assertThat(sim.await(zk0.tryBecomeController(0), MAX)).isEqualTo(OptionalInt.of(1));
        assertThat(sim.await(zk1.tryBecomeController(1), MAX)).isEmpty();
        assertThat(sim.await(zk1.controller(), MAX)).contains(new ControllerInfo(0, 1));

        zk0.close();
        sim.runFor(100);
        assertThat(seen1.events).containsSubsequence("controller 0@1", "controller none");
        assertThat(sim.await(zk1.tryBecomeController(1), MAX)).isEqualTo(OptionalInt.of(2));
        assertThat(zk.controller()).contains(new ControllerInfo(1, 2));
    }

    @Test
    void controllerWritesCreateThenReplaceByVersionAndReportConflicts() {
        InMemoryCoordinator zk0 = registered(0);
        int epoch = sim.await(zk0.tryBecomeController(0), MAX).getAsInt();
        sim.await(zk0.createTopic(orders()), MAX);

        LeaderAndIsr fresh = new LeaderAndIsr(0, 0, List.of(0, 1, 2), epoch, LeaderAndIsr.NEW_PARTITION);
        Map<TopicPartition, StateUpdate> created = sim.await(
                zk0.writePartitionStatesAsController(epoch, Map.of(T0, fresh, T1, fresh.withIsr(List.of(1)))), MAX);
        assertThat(created.get(T0)).isEqualTo(StateUpdate.applied(fresh.withPartitionEpoch(0)));
        assertThat(created.get(T1).state().partitionEpoch()).isZero();

        // creating again, or replacing a version that is not the stored one, conflicts
        LeaderAndIsr moved = fresh.withPartitionEpoch(0).withNewLeader(1, List.of(1, 2), epoch);
        Map<TopicPartition, StateUpdate> second = sim.await(zk0.writePartitionStatesAsController(epoch,
                Map.of(T0, moved, T1, fresh.withPartitionEpoch(5))), MAX);
        assertThat(second.get(T0)).isEqualTo(StateUpdate.applied(moved.withPartitionEpoch(1)));
        assertThat(second.get(T1)).isEqualTo(StateUpdate.conflict(fresh.withIsr(List.of(1)).withPartitionEpoch(0)));

        Map<TopicPartition, StateUpdate> again = sim.await(
                zk0.writePartitionStatesAsController(epoch, Map.of(T0, fresh)), MAX);
        assertThat(again.get(T0).applied()).isFalse();
        assertThat(again.get(T0).state()).isEqualTo(moved.withPartitionEpoch(1));
        assertThat(zk.partitionState(T0)).contains(moved.withPartitionEpoch(1));
    }

    @Test
    void zombieControllerWritesAreRejected() {
        InMemoryCoordinator zk0 = registered(0);
        InMemoryCoordinator zk1 = registered(1);
        int oldEpoch = sim.await(zk0.tryBecomeController(0), MAX).getAsInt();
        sim.await(zk0.createTopic(orders()), MAX);
        LeaderAndIsr state = new LeaderAndIsr(0, 0, List.of(0, 1), oldEpoch, LeaderAndIsr.NEW_PARTITION);

        // broker 0 loses its session (a long GC pause); broker 1 takes over
        zk.expireSession(0);
        int newEpoch = sim.await(zk1.tryBecomeController(1), MAX).getAsInt();
        assertThat(newEpoch).isEqualTo(oldEpoch + 1);

        // the old controller's writes, with the old epoch, change nothing
        assertThatThrownBy(() -> sim.await(zk0.writePartitionStatesAsController(oldEpoch, Map.of(T0, state)), MAX))
                .isInstanceOf(StaleControllerEpochException.class)
                .hasMessageContaining("controller epoch " + oldEpoch)
                .hasMessageContaining("current epoch is " + newEpoch);
        assertThat(zk.partitionState(T0)).isEmpty();
        // even with the current epoch: only the holder's session may write
        assertThatThrownBy(() -> sim.await(zk0.writePartitionStatesAsController(newEpoch, Map.of(T0, state)), MAX))
                .isInstanceOf(StaleControllerEpochException.class)
                .hasMessageContaining("does not hold the controllership (held by broker 1");
        assertThatThrownBy(() -> sim.await(zk0.deleteTopic(oldEpoch, "orders"), MAX))
                .isInstanceOf(StaleControllerEpochException.class);
        assertThat(zk.topics()).containsKey("orders");

        assertThat(sim.await(zk1.writePartitionStatesAsController(newEpoch, Map.of(T0, state)), MAX).get(T0).applied())
                .isTrue();
    }

    @Test
    void leaderIsrUpdatesAreConditionalAndNotifyTheController() {
        InMemoryCoordinator zk0 = registered(0);
        InMemoryCoordinator zk1 = registered(1);
        Recorder controllerSeen = new Recorder();
        Recorder otherSeen = new Recorder();
        zk0.addListener(controllerSeen);
        zk1.addListener(otherSeen);
        int epoch = sim.await(zk0.tryBecomeController(0), MAX).getAsInt();
        sim.await(zk0.createTopic(orders()), MAX);
        LeaderAndIsr stored = sim.await(zk0.writePartitionStatesAsController(epoch,
                Map.of(T0, new LeaderAndIsr(1, 0, List.of(1, 0), epoch, LeaderAndIsr.NEW_PARTITION))), MAX).get(T0).state();

        StateUpdate shrink = sim.await(zk1.updateIsrAsLeader(T0, stored.withIsr(List.of(1))), MAX);
        assertThat(shrink).isEqualTo(StateUpdate.applied(stored.withIsr(List.of(1)).withPartitionEpoch(1)));
        // a second update naming the old version loses
        StateUpdate stale = sim.await(zk1.updateIsrAsLeader(T0, stored.withIsr(List.of(1, 0))), MAX);
        assertThat(stale).isEqualTo(StateUpdate.conflict(shrink.state()));

        sim.runFor(100);
        assertThat(controllerSeen.events).contains("isr [orders-0]");
        assertThat(otherSeen.events).noneMatch(e -> e.startsWith("isr"));
    }

    @Test
    void topicsAreCreatedOnceAndDeletedByTheController() {
        InMemoryCoordinator zk0 = registered(0);
        Recorder seen = new Recorder();
        zk0.addListener(seen);
        int epoch = sim.await(zk0.tryBecomeController(0), MAX).getAsInt();
        sim.await(zk0.createTopic(orders()), MAX);
        assertThatThrownBy(() -> sim.await(zk0.createTopic(orders()), MAX)).isInstanceOf(TopicExistsException.class)
                .hasMessageContaining("'orders' already exists");
        assertThatThrownBy(() -> sim.await(zk0.requestTopicDeletion("nope"), MAX))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        sim.await(zk0.writePartitionStatesAsController(epoch,
                Map.of(T0, new LeaderAndIsr(0, 0, List.of(0), epoch, LeaderAndIsr.NEW_PARTITION))), MAX);

        sim.await(zk0.requestTopicDeletion("orders"), MAX);
        assertThat(zk.pendingDeletions()).containsExactly("orders");
        sim.await(zk0.deleteTopic(epoch, "orders"), MAX);
        sim.runFor(100);

        assertThat(zk.topics()).isEmpty();
        assertThat(zk.pendingDeletions()).isEmpty();
        assertThat(zk.partitionStates()).isEmpty();
        assertThat(seen.events).containsSubsequence("topics [orders]", "delete [orders]", "topics []");
        assertThat(sim.await(zk0.topics(), MAX)).isEmpty();
    }
}
