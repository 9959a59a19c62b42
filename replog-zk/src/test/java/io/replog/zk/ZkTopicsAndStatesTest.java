package io.replog.zk;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.TopicExistsException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.topic.TopicPartition;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.failure;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Topics, partition states, conditional updates, ISR change notifications and deletion on a real ZooKeeper. */
class ZkTopicsAndStatesTest {
    private static EmbeddedZooKeeper server;
    private String chroot;
    private ZkCoordinator controller;
    private ZkCoordinator leader;
    private ZkTestSupport.Recorder controllerSaw;
    private int epoch;

    @BeforeAll
    static void startServer() {
        server = EmbeddedZooKeeper.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect(TestInfo test) {
        chroot = "/" + test.getTestMethod().orElseThrow().getName();
        controller = connected(server.connectString(chroot), "broker-1");
        leader = connected(server.connectString(chroot), "broker-2");
        controllerSaw = new ZkTestSupport.Recorder();
        controller.addListener(controllerSaw);
        get(controller.registerBroker(registration(1, null)));
        get(leader.registerBroker(registration(2, null)));
        epoch = get(controller.tryBecomeController(1)).orElseThrow();
    }

    @AfterEach
    void close() {
        leader.close();
        controller.close();
    }

    private String read(String path) throws Exception {
        ZooKeeper raw = ZkTestSupport.rawClient(server);
        try {
            return new String(raw.getData(chroot + path, false, null), StandardCharsets.UTF_8);
        } finally {
            raw.close();
        }
    }

    private boolean exists(String path) throws Exception {
        ZooKeeper raw = ZkTestSupport.rawClient(server);
        try {
            return raw.exists(chroot + path, false) != null;
        } finally {
            raw.close();
        }
    }

    @Test
    void topicsAreStoredWithKafkasLayoutAndCreatedOnce() throws Exception {
        TopicAssignment orders = new TopicAssignment("orders", Map.of(0, List.of(1, 2), 1, List.of(2, 1)),
                Map.of("min.insync.replicas", "2"));
        get(leader.createTopic(orders));

        assertThat(read("/brokers/topics/orders")).isEqualTo("{\"version\":2,\"partitions\":{\"0\":[1,2],\"1\":[2,1]}}");
        assertThat(read("/config/topics/orders")).isEqualTo("{\"version\":1,\"config\":{\"min.insync.replicas\":\"2\"}}");
        assertThat(get(controller.topics())).containsExactly(Map.entry("orders", orders));

        assertThat(failure(controller.createTopic(orders))).isInstanceOf(TopicExistsException.class)
                .hasMessage("Topic 'orders' already exists");
        await("the controller hears of the new topic").atMost(WAIT).until(() -> controllerSaw.lastTopics().contains("orders"));
    }

    @Test
    void theControllerCreatesAndReplacesStatesConditionally() throws Exception {
        get(controller.createTopic(new TopicAssignment("t", Map.of(0, List.of(1, 2), 1, List.of(2, 1)), Map.of())));
        TopicPartition p0 = new TopicPartition("t", 0);
        TopicPartition p1 = new TopicPartition("t", 1);
        Map<TopicPartition, StateUpdate> created = get(controller.writePartitionStatesAsController(epoch, Map.of(
                p0, new LeaderAndIsr(1, 0, List.of(1, 2), epoch, LeaderAndIsr.NEW_PARTITION),
                p1, new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION))));
        assertThat(created.values()).allMatch(StateUpdate::applied);
        assertThat(created.get(p0).state().partitionEpoch()).isZero();
        assertThat(read("/brokers/topics/t/partitions/0/state"))
                .isEqualTo("{\"controller_epoch\":" + epoch + ",\"leader\":1,\"version\":1,\"leader_epoch\":0,\"isr\":[1,2]}");

        LeaderAndIsr s0 = created.get(p0).state();
        LeaderAndIsr s1 = created.get(p1).state();
        Map<TopicPartition, StateUpdate> moved = get(controller.writePartitionStatesAsController(epoch, Map.of(
                p0, s0.withNewLeader(2, List.of(2), epoch),
                // creating a state that exists is a conflict that reports the stored state
                p1, s1.withPartitionEpoch(LeaderAndIsr.NEW_PARTITION))));
        assertThat(moved.get(p0)).isEqualTo(StateUpdate.applied(s0.withNewLeader(2, List.of(2), epoch).withPartitionEpoch(1)));
        assertThat(moved.get(p1)).isEqualTo(StateUpdate.conflict(s1));
        assertThat(get(leader.partitionStates(List.of(p0, p1, new TopicPartition("t", 7)))))
                .containsOnlyKeys(p0, p1);

        // A partition of a topic that does not exist: a conflict with no state.
        TopicPartition ghost = new TopicPartition("ghost", 0);
        assertThat(get(controller.writePartitionStatesAsController(epoch,
                Map.of(ghost, new LeaderAndIsr(1, 0, List.of(1), epoch, LeaderAndIsr.NEW_PARTITION)))).get(ghost))
                .isEqualTo(StateUpdate.conflict(null));
    }

    @Test
    void conflictingConditionalUpdatesLetExactlyOneWriterWin() {
        get(controller.createTopic(new TopicAssignment("c", Map.of(0, List.of(2, 1)), Map.of())));
        TopicPartition tp = new TopicPartition("c", 0);
        LeaderAndIsr v0 = get(controller.writePartitionStatesAsController(epoch, Map.of(tp,
                new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();

        // The leader shrinks the ISR; the controller, working from the same version, elects anew.
        StateUpdate shrink = get(leader.updateIsrAsLeader(tp, v0.withIsr(List.of(2))));
        StateUpdate elect = get(controller.writePartitionStatesAsController(epoch,
                Map.of(tp, v0.withNewLeader(1, List.of(1), epoch)))).get(tp);

        assertThat(shrink).isEqualTo(StateUpdate.applied(v0.withIsr(List.of(2)).withPartitionEpoch(1)));
        assertThat(elect.applied()).isFalse();
        assertThat(elect.state()).isEqualTo(shrink.state());

        // The controller decides again from what is stored, and now wins; the leader's stale update loses.
        StateUpdate again = get(controller.writePartitionStatesAsController(epoch,
                Map.of(tp, elect.state().withNewLeader(1, List.of(1), epoch)))).get(tp);
        assertThat(again.applied()).isTrue();
        assertThat(again.state().partitionEpoch()).isEqualTo(2);
        StateUpdate late = get(leader.updateIsrAsLeader(tp, shrink.state().withIsr(List.of(2, 1))));
        assertThat(late).isEqualTo(StateUpdate.conflict(again.state()));
        // A leader never creates a state.
        assertThat(get(leader.updateIsrAsLeader(tp, v0.withPartitionEpoch(LeaderAndIsr.NEW_PARTITION))).applied()).isFalse();
    }

    @Test
    void aBigWriteWithOneConflictStillAppliesEveryOtherPartition() {
        TreeMap<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < 250; p++) {
            assignment.put(p, List.of(2, 1));
        }
        get(controller.createTopic(new TopicAssignment("big", assignment, Map.of())));
        Map<TopicPartition, LeaderAndIsr> initial = new HashMap<>();
        assignment.keySet().forEach(p -> initial.put(new TopicPartition("big", p),
                new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION)));
        Map<TopicPartition, StateUpdate> created = get(controller.writePartitionStatesAsController(epoch, initial));
        assertThat(created).hasSize(250).allSatisfy((tp, u) -> assertThat(u.applied()).isTrue());

        TopicPartition contested = new TopicPartition("big", 137);
        get(leader.updateIsrAsLeader(contested, created.get(contested).state().withIsr(List.of(2))));
        Map<TopicPartition, LeaderAndIsr> moves = new HashMap<>();
        created.forEach((tp, u) -> moves.put(tp, u.state().withNewLeader(1, List.of(1), epoch)));
        Map<TopicPartition, StateUpdate> moved = get(controller.writePartitionStatesAsController(epoch, moves));

        assertThat(moved).hasSize(250);
        assertThat(moved.get(contested).applied()).isFalse();
        assertThat(moved.get(contested).state().isr()).containsExactly(2);
        assertThat(moved.entrySet().stream().filter(e -> !e.getKey().equals(contested)))
                .allSatisfy(e -> assertThat(e.getValue().state()).isEqualTo(
                        moves.get(e.getKey()).withPartitionEpoch(1)));
    }

    @Test
    void aLeadersIsrChangeReachesTheControllerThroughANotificationZnode() throws Exception {
        get(controller.createTopic(new TopicAssignment("isr", Map.of(0, List.of(2, 1)), Map.of())));
        TopicPartition tp = new TopicPartition("isr", 0);
        LeaderAndIsr v0 = get(controller.writePartitionStatesAsController(epoch, Map.of(tp,
                new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();

        assertThat(get(leader.updateIsrAsLeader(tp, v0.withIsr(List.of(2)))).applied()).isTrue();

        await("the controller hears of the ISR change").atMost(WAIT)
                .until(() -> controllerSaw.isrChanges.contains(Set.of(tp)));
        await("the controller deletes the notification").atMost(WAIT).until(() -> {
            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                return raw.getChildren(chroot + "/isr_change_notification", false).isEmpty();
            } finally {
                raw.close();
            }
        });
    }

    @Test
    void isrChangesMadeWhileThereIsNoControllerReachTheNextOne() throws Exception {
        get(controller.createTopic(new TopicAssignment("later", Map.of(0, List.of(2, 1)), Map.of())));
        TopicPartition tp = new TopicPartition("later", 0);
        LeaderAndIsr v0 = get(controller.writePartitionStatesAsController(epoch, Map.of(tp,
                new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();
        get(controller.resignController(epoch));

        assertThat(get(leader.updateIsrAsLeader(tp, v0.withIsr(List.of(2)))).applied()).isTrue();
        ZooKeeper raw = ZkTestSupport.rawClient(server);
        try {
            await("the leader writes its batched notification once the linger is over").atMost(WAIT)
                    .until(() -> raw.getChildren(chroot + "/isr_change_notification", false).size() == 1);
        } finally {
            raw.close();
        }

        ZkTestSupport.Recorder leaderSaw = new ZkTestSupport.Recorder();
        leader.addListener(leaderSaw);
        assertThat(get(leader.tryBecomeController(2))).hasValue(epoch + 1);
        await("the new controller reads the notification left for it").atMost(WAIT)
                .until(() -> leaderSaw.isrChanges.contains(Set.of(tp)));
        await("and deletes it").atMost(WAIT).until(() -> {
            ZooKeeper r = ZkTestSupport.rawClient(server);
            try {
                return r.getChildren(chroot + "/isr_change_notification", false).isEmpty();
            } finally {
                r.close();
            }
        });
        assertThat(controllerSaw.isrChanges).isEmpty();
    }

    @Test
    void deletionIsRequestedThenCarriedOutByTheControllerOnly() throws Exception {
        get(leader.createTopic(new TopicAssignment("gone", Map.of(0, List.of(1, 2), 1, List.of(2, 1)),
                Map.of("retention.ms", "1000"))));
        TopicPartition p0 = new TopicPartition("gone", 0);
        TopicPartition p1 = new TopicPartition("gone", 1);
        get(controller.writePartitionStatesAsController(epoch, Map.of(
                p0, new LeaderAndIsr(1, 0, List.of(1, 2), epoch, LeaderAndIsr.NEW_PARTITION),
                p1, new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION))));
        assertThat(failure(leader.requestTopicDeletion("never-was"))).isInstanceOf(UnknownTopicOrPartitionException.class);

        get(leader.requestTopicDeletion("gone"));
        get(leader.requestTopicDeletion("gone")); // asking twice is fine

        assertThat(exists("/admin/delete_topics/gone")).isTrue();
        assertThat(get(leader.pendingTopicDeletions())).containsExactly("gone");
        await("the controller is asked to delete it").atMost(WAIT)
                .until(() -> controllerSaw.deletions.contains(Set.of("gone")));
        assertThat(failure(leader.createTopic(new TopicAssignment("gone", Map.of(0, List.of(1)), Map.of()))))
                .isInstanceOf(TopicExistsException.class).hasMessageContaining("marked for deletion");

        get(controller.deleteTopic(epoch, "gone"));

        assertThat(exists("/brokers/topics/gone")).isFalse();
        assertThat(exists("/config/topics/gone")).isFalse();
        assertThat(exists("/admin/delete_topics/gone")).isFalse();
        assertThat(get(leader.pendingTopicDeletions())).isEmpty();
        assertThat(get(leader.partitionStates(List.of(p0, p1)))).isEmpty();
        await("the controller hears the topic is gone").atMost(WAIT)
                .until(() -> !controllerSaw.topics.isEmpty() && controllerSaw.lastTopics().isEmpty());
        get(controller.deleteTopic(epoch, "gone")); // deleting again does nothing
        // The name can be used again.
        get(leader.createTopic(new TopicAssignment("gone", Map.of(0, List.of(1)), Map.of())));
    }
}
