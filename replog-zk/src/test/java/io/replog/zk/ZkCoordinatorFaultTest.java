package io.replog.zk;

import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

import static io.replog.zk.ZkFaultProxy.GET_CHILDREN2;
import static io.replog.zk.ZkFaultProxy.MULTI;
import static io.replog.zk.ZkFaultProxy.CREATE2;
import static io.replog.zk.ZkFaultProxy.MULTI_READ;
import static io.replog.zk.ZkFaultProxy.SET_DATA;
import static io.replog.zk.ZkFaultProxy.op;
import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.failure;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of coordinator write through {@link ZkFaultProxy}: the request lost (nothing
 * applied), the reply lost (applied, the client sees CONNECTIONLOSS), the server's watch
 * notifications lost. The coordinator behind the proxy must learn each outcome within its
 * session and report only what ZooKeeper holds.
 */
@org.junit.jupiter.api.extension.ExtendWith(EmbeddedZooKeeperExtension.class)
class ZkCoordinatorFaultTest {
    private ZkFaultProxy proxy;
    private String chroot;
    /** Behind the proxy. */
    private ZkCoordinator faulty;
    /** Straight to the server. */
    private ZkCoordinator direct;
    private ZooKeeper raw;

    /** One server for the class's tests (each test works under a chroot of its own). */
    private final EmbeddedZooKeeper server;

    ZkCoordinatorFaultTest(EmbeddedZooKeeper server) {
        this.server = server;
    }

    @BeforeEach
    void connect(TestInfo test) throws Exception {
        chroot = "/" + test.getTestMethod().orElseThrow().getName();
        proxy = new ZkFaultProxy(server.connectString());
        faulty = connected(proxy.connectString(chroot), "broker-1");
        direct = connected(server.connectString(chroot), "broker-2");
        raw = ZkTestSupport.rawClient(server);
        get(faulty.registerBroker(registration(1, null)));
        get(direct.registerBroker(registration(2, null)));
    }

    @AfterEach
    void close() throws Exception {
        faulty.close();
        direct.close();
        raw.close();
        proxy.close();
    }

    private Stat stat(String path) throws Exception {
        return raw.exists(chroot + path, false);
    }

    @Test
    void anElectionWhoseReplyIsLostIsWonAndReportedAsWon() throws Exception {
        var lost = proxy.dropReply(op(MULTI, "/controller_epoch"), 1);

        assertThat(get(faulty.tryBecomeController(1))).hasValue(1);

        assertThat(lost.hit()).isDone();
        assertThat(proxy.connectionsMade()).isGreaterThan(1);
        assertThat(stat("/controller").getEphemeralOwner()).isEqualTo(faulty.sessionId());
        assertThat(faulty.heldControllerEpoch()).hasValue(1);
        assertThat(get(direct.tryBecomeController(2))).isEmpty();
        assertThat(get(faulty.controller())).contains(new ControllerInfo(1, 1));
    }

    @Test
    void anElectionWhoseRequestIsLostRunsAgainInTheSameSession() {
        long session = faulty.sessionId();
        var lost = proxy.dropRequest(op(MULTI, "/controller_epoch"), 1);

        assertThat(get(faulty.tryBecomeController(1))).hasValue(1);

        assertThat(lost.hit()).isDone();
        assertThat(faulty.sessionId()).isEqualTo(session);
        assertThat(faulty.heldControllerEpoch()).hasValue(1);
    }

    @Test
    void aStaleTermIsNeverReportedAsAWinAndEndsWithTheWatch() throws Exception {
        assertThat(get(faulty.tryBecomeController(1))).hasValue(1);
        faulty.addListener(new ZkTestSupport.Recorder()); // the watches run

        raw.delete(chroot + "/controller", -1); // an operator forces an election
        assertThat(get(direct.tryBecomeController(2))).hasValue(2);

        await("the old controller's term ends as soon as its watch shows the new one").atMost(WAIT)
                .until(() -> faulty.heldControllerEpoch().isEmpty());
        assertThat(get(faulty.tryBecomeController(1))).as("not 'won epoch 1'").isEmpty();
        assertThat(get(faulty.controller())).contains(new ControllerInfo(2, 2));
    }

    @Test
    void aControllerThatMissedItsSuccessorIsFencedByZooKeeper() throws Exception {
        assertThat(get(faulty.tryBecomeController(1))).hasValue(1);
        get(faulty.createTopic(new TopicAssignment("orders", Map.of(0, List.of(1, 2)), Map.of())));
        TopicPartition tp = new TopicPartition("orders", 0);
        LeaderAndIsr initial = get(faulty.writePartitionStatesAsController(1, Map.of(tp,
                new LeaderAndIsr(1, 0, List.of(1, 2), 1, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();
        get(faulty.createTopic(new TopicAssignment("late", Map.of(0, List.of(1, 2)), Map.of())));
        TopicPartition late = new TopicPartition("late", 0);
        // The old controller hears nothing of what follows (a stalled event thread, say).
        proxy.dropEvents(e -> e.mentions("/controller"));

        raw.delete(chroot + "/controller", -1);
        assertThat(get(direct.tryBecomeController(2))).hasValue(2);
        assertThat(faulty.heldControllerEpoch()).as("it does not know yet").hasValue(1);

        Throwable stale = failure(faulty.writePartitionStatesAsController(1, Map.of(tp,
                initial.withNewLeader(2, List.of(2), 1),
                late, new LeaderAndIsr(1, 0, List.of(1, 2), 1, LeaderAndIsr.NEW_PARTITION))));
        assertThat(stale).isInstanceOf(StaleControllerEpochException.class)
                .hasMessageContaining("a newer controller was elected");
        assertThat(faulty.heldControllerEpoch()).isEmpty();
        assertThat(get(direct.partitionStates(List.of(tp))).get(tp)).isEqualTo(initial);
        assertThat(stat("/brokers/topics/late/partitions")).as("not even a partition's parent znode").isNull();
        assertThat(failure(faulty.deleteTopic(1, "orders"))).isInstanceOf(StaleControllerEpochException.class);
    }

    @Test
    void aRegistrationWhoseReplyIsLostAnswersWithItsOwnBrokerEpoch() throws Exception {
        try (ZkCoordinator third = connected(proxy.connectString(chroot), "broker-3")) {
            var lost = proxy.dropReply(op(CREATE2, "/brokers/ids/3"), 1);

            long epoch = get(third.registerBroker(registration(3, null)));

            assertThat(lost.hit()).isDone();
            Stat s = stat("/brokers/ids/3");
            assertThat(s.getEphemeralOwner()).isEqualTo(third.sessionId());
            assertThat(epoch).isEqualTo(s.getCzxid());
            assertThat(get(direct.liveBrokers()).get(3).brokerEpoch()).isEqualTo(epoch);
        }
    }

    @Test
    void controllerStateWritesWithALostReplyOrRequestAreAppliedOnce() {
        int epoch = get(faulty.tryBecomeController(1)).orElseThrow();
        get(faulty.createTopic(new TopicAssignment("states", Map.of(0, List.of(1, 2), 1, List.of(2, 1)), Map.of())));
        TopicPartition p0 = new TopicPartition("states", 0);
        TopicPartition p1 = new TopicPartition("states", 1);
        Map<TopicPartition, LeaderAndIsr> first = Map.of(
                p0, new LeaderAndIsr(1, 0, List.of(1, 2), epoch, LeaderAndIsr.NEW_PARTITION),
                p1, new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION));

        var lostReply = proxy.dropReply(op(MULTI, "/partitions/1/state"), 1);
        assertThat(failure(faulty.writePartitionStatesAsController(epoch, first))).isInstanceOf(RetriableException.class);
        assertThat(lostReply.hit()).isDone();
        await("the session is back").atMost(WAIT).until(faulty::isConnected);
        Map<TopicPartition, StateUpdate> retried = get(faulty.writePartitionStatesAsController(epoch, first));
        assertThat(retried.values()).allSatisfy(u -> assertThat(u.applied()).isFalse());
        assertThat(retried.get(p0).state()).isEqualTo(first.get(p0).withPartitionEpoch(0));

        LeaderAndIsr moved = retried.get(p0).state().withNewLeader(2, List.of(2), epoch);
        var lostRequest = proxy.dropRequest(op(MULTI, "/partitions/0/state"), 1);
        assertThat(failure(faulty.writePartitionStatesAsController(epoch, Map.of(p0, moved))))
                .isInstanceOf(RetriableException.class);
        assertThat(lostRequest.hit()).isDone();
        assertThat(get(direct.partitionStates(List.of(p0))).get(p0).partitionEpoch()).isZero();
        await("the session is back").atMost(WAIT).until(faulty::isConnected);
        StateUpdate applied = get(faulty.writePartitionStatesAsController(epoch, Map.of(p0, moved))).get(p0);
        assertThat(applied.applied()).isTrue();
        assertThat(applied.state().partitionEpoch()).isEqualTo(1);
    }

    @Test
    void anIsrChangeWhoseReplyIsLostStillReachesTheController() {
        int epoch = get(direct.tryBecomeController(2)).orElseThrow();
        ZkTestSupport.Recorder controllerSaw = new ZkTestSupport.Recorder();
        direct.addListener(controllerSaw);
        get(direct.createTopic(new TopicAssignment("isr", Map.of(0, List.of(1, 2)), Map.of())));
        TopicPartition tp = new TopicPartition("isr", 0);
        LeaderAndIsr v0 = get(direct.writePartitionStatesAsController(epoch, Map.of(tp,
                new LeaderAndIsr(1, 0, List.of(1, 2), epoch, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();

        var lost = proxy.dropReply(op(SET_DATA, "/isr/partitions/0/state"), 1);
        assertThat(failure(faulty.updateIsrAsLeader(tp, v0.withIsr(List.of(1))))).isInstanceOf(RetriableException.class);
        assertThat(lost.hit()).isDone();

        await("the controller hears of the change that was applied").atMost(WAIT)
                .until(() -> controllerSaw.isrChanges.stream().anyMatch(s -> s.contains(tp)));
        await("the leader's retry finds its own write").atMost(WAIT).untilAsserted(() -> {
            StateUpdate retry = get(faulty.updateIsrAsLeader(tp, v0.withIsr(List.of(1))));
            assertThat(retry.applied()).isFalse();
            assertThat(retry.state().isr()).containsExactly(1);
            assertThat(retry.state().partitionEpoch()).isEqualTo(1);
        });
    }

    @Test
    void topicCreationDeletionRequestAndDeletionWithLostRepliesEachHappenOnce() throws Exception {
        int epoch = get(faulty.tryBecomeController(1)).orElseThrow();
        TopicAssignment churn = new TopicAssignment("churn", TopicId.random(new SplittableRandom(8)),
                Map.of(0, List.of(1, 2)), Map.of());

        var lostCreate = proxy.dropReply(op(MULTI, "/brokers/topics/churn"), 1);
        get(faulty.createTopic(churn));
        assertThat(lostCreate.hit()).isDone();
        assertThat(get(direct.topics()).get("churn").topicId()).isEqualTo(churn.topicId());

        var lostRequest = proxy.dropReply(op(MULTI, "/admin/delete_topics/churn"), 1);
        assertThat(failure(faulty.requestTopicDeletion("churn"))).isInstanceOf(RetriableException.class);
        assertThat(lostRequest.hit()).isDone();
        await("the session is back").atMost(WAIT).until(faulty::isConnected);
        get(faulty.requestTopicDeletion("churn")); // asked again: already asked, fine
        assertThat(get(direct.pendingTopicDeletions())).containsExactly("churn");

        var lostDelete = proxy.dropReply(op(MULTI, "/admin/delete_topics/churn"), 1);
        assertThat(failure(faulty.deleteTopic(epoch, "churn"))).isInstanceOf(RetriableException.class);
        assertThat(lostDelete.hit()).isDone();
        await("the session is back").atMost(WAIT).until(faulty::isConnected);
        get(faulty.deleteTopic(epoch, "churn")); // nothing left to delete: done
        assertThat(stat("/brokers/topics/churn")).isNull();
        assertThat(get(direct.pendingTopicDeletions())).isEmpty();
    }

    @Test
    void aServerWithoutReadOnlyMultiOpsIsRefusedWithAClearError() {
        proxy.refuse(r -> r.opcode() == MULTI_READ, Code.UNIMPLEMENTED);
        proxy.cutAll(); // the reconnect is checked again, now against an "old" server

        await("every call names the server and the versions replog supports").atMost(WAIT).untilAsserted(() ->
                assertThat(failure(faulty.liveBrokers()))
                        .isNotInstanceOf(RetriableException.class)
                        .isInstanceOf(ReplogException.class)
                        .hasMessageContaining("does not support read-only multi-ops")
                        .hasMessageContaining("older than 3.6.0")
                        .hasMessageContaining("ZooKeeper 3.6 or newer"));

        proxy.clear();
        proxy.cutAll(); // a newer server: the coordinator works again
        await("a newer server is accepted").atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(get(faulty.liveBrokers())).containsOnlyKeys(1, 2));
    }

    @Test
    void isrChangesAreBatchedIntoOneNotificationPerLinger() throws Exception {
        int epoch = get(direct.tryBecomeController(2)).orElseThrow();
        Map<Integer, List<Integer>> assignment = new java.util.TreeMap<>();
        for (int p = 0; p < 50; p++) {
            assignment.put(p, List.of(1, 2));
        }
        get(direct.createTopic(new TopicAssignment("batched", assignment, Map.of())));
        Map<TopicPartition, LeaderAndIsr> initial = new java.util.TreeMap<>();
        assignment.keySet().forEach(p -> initial.put(new TopicPartition("batched", p),
                new LeaderAndIsr(1, 0, List.of(1, 2), epoch, LeaderAndIsr.NEW_PARTITION)));
        Map<TopicPartition, StateUpdate> written = get(direct.writePartitionStatesAsController(epoch, initial));
        get(direct.resignController(epoch)); // nobody consumes: the notifications stay to be counted
        Set<TopicPartition> changed = new java.util.TreeSet<>(written.keySet());
        List<java.util.concurrent.CompletableFuture<StateUpdate>> updates = new java.util.ArrayList<>();
        for (var e : written.entrySet()) { // all sent at once: well within one linger
            updates.add(faulty.updateIsrAsLeader(e.getKey(), e.getValue().state().withIsr(List.of(1))));
        }
        updates.forEach(u -> assertThat(get(u).applied()).isTrue());
        await("the batch is written").atMost(WAIT)
                .until(() -> !raw.getChildren(chroot + "/isr_change_notification", false).isEmpty());
        List<String> notifications = raw.getChildren(chroot + "/isr_change_notification", false);
        assertThat(notifications).as("50 changes within one linger, one notification").hasSize(1);
        assertThat(io.replog.zk.znode.IsrChangeZnode.decode("n", raw.getData(chroot + "/isr_change_notification/"
                + notifications.get(0), false, null))).isEqualTo(changed);
    }

    @Test
    void aTopicDeletedAndCreatedAgainBetweenTwoReadsIsDeliveredAgain() {
        int epoch = get(direct.tryBecomeController(2)).orElseThrow();
        ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
        faulty.addListener(seen);
        await("the watches are set").atMost(WAIT).until(faulty::watching);
        TopicAssignment same = new TopicAssignment("again", Map.of(0, List.of(1, 2)), Map.of());
        get(direct.createTopic(same));
        await("the watcher sees the topic").atMost(WAIT).until(() -> seen.lastTopics().contains("again"));
        int deliveries = seen.topics.size();

        // The watcher's first re-read waits while the topic is deleted and created again, same body.
        var held = proxy.hold(r -> r.mentions("/brokers/topics") || r.mentions("/config/topics"));
        get(direct.requestTopicDeletion("again"));
        get(direct.deleteTopic(epoch, "again"));
        await("the watcher is re-reading").atMost(WAIT).until(() -> held.hit().isDone());
        get(direct.createTopic(same));
        held.release();

        await("the new topic is delivered though it looks like the old one").atMost(WAIT)
                .until(() -> seen.topics.size() > deliveries && seen.lastTopics().contains("again"));
    }

    @Test
    void aDeletionRequestedAgainBetweenTwoReadsIsDeliveredAgain() {
        int epoch = get(direct.tryBecomeController(2)).orElseThrow();
        ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
        faulty.addListener(seen);
        await("the watches are set").atMost(WAIT).until(faulty::watching);
        TopicAssignment topic = new TopicAssignment("doomed", Map.of(0, List.of(1, 2)), Map.of());
        get(direct.createTopic(topic));
        get(direct.requestTopicDeletion("doomed"));
        await("the watcher sees the request").atMost(WAIT).until(() -> seen.deletions.contains(Set.of("doomed")));
        int deliveries = seen.deletions.size();

        var held = proxy.hold(op(GET_CHILDREN2, "/admin/delete_topics"));
        get(direct.deleteTopic(epoch, "doomed"));
        await("the watcher is re-reading").atMost(WAIT).until(() -> held.hit().isDone());
        get(direct.createTopic(topic));
        get(direct.requestTopicDeletion("doomed"));
        held.release();

        await("the new request is delivered though the set looks the same").atMost(WAIT)
                .until(() -> seen.deletions.size() > deliveries);
    }

    @Test
    void aBrokerThatNeverHeardItWonStartsActingOnceItLearnsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (ZkBrokerCluster cluster = new ZkBrokerCluster(dir)) {
            ZkCoordinatorConfig config = ZkCoordinatorConfig.of(server.connectString(chroot + "-brokers"))
                    .withSessionTimeoutMs(ZkTestSupport.SESSION_TIMEOUT_MS).withName("broker-7");
            ZkBrokerCluster.Member seven = cluster.start(7, config, c -> new AnswerLosingCoordinator(c, 1));

            await("broker 7 acts as the controller its session won").atMost(WAIT)
                    .until(() -> seven.actingEpoch().isPresent());
            assertThat(seven.actingEpoch()).hasValue(1);
            assertThat(seven.coordinator.heldControllerEpoch()).hasValue(1);
            assertThat(get(seven.coordinator.controller())).contains(new ControllerInfo(7, 1));
        }
    }

    @Test
    void aSupersededControllerStopsConsumingIsrNotificationsAtItsFirstRefusedDelete() throws Exception {
        int epoch = get(faulty.tryBecomeController(1)).orElseThrow();
        ZkTestSupport.Recorder zombieHeard = new ZkTestSupport.Recorder();
        faulty.addListener(zombieHeard);
        get(faulty.createTopic(new TopicAssignment("z", Map.of(0, List.of(2, 1)), Map.of())));
        TopicPartition tp = new TopicPartition("z", 0);
        LeaderAndIsr v0 = get(faulty.writePartitionStatesAsController(epoch, Map.of(tp,
                new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();
        // It misses its replacement: an operator's session takes /controller with a newer epoch.
        proxy.dropEvents(e -> e.mentions("/controller"));
        raw.delete(chroot + "/controller", -1);
        raw.multi(List.of(org.apache.zookeeper.Op.create(chroot + "/controller",
                        "{\"version\":1,\"brokerid\":9,\"timestamp\":\"1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.EPHEMERAL),
                org.apache.zookeeper.Op.setData(chroot + "/controller_epoch", "2".getBytes(java.nio.charset.StandardCharsets.UTF_8), -1)));
        assertThat(faulty.heldControllerEpoch()).hasValue(epoch);

        assertThat(get(direct.updateIsrAsLeader(tp, v0.withIsr(List.of(2)))).applied()).isTrue();

        await("its delete is refused and its term ends there").atMost(WAIT)
                .until(() -> faulty.heldControllerEpoch().isEmpty());
        assertThat(raw.getChildren(chroot + "/isr_change_notification", false))
                .as("left for the real controller").hasSize(1);
        int heard = zombieHeard.isrChanges.size();
        LeaderAndIsr v1 = get(direct.partitionStates(List.of(tp))).get(tp);
        assertThat(get(direct.updateIsrAsLeader(tp, v1.withIsr(List.of(2, 1)))).applied()).isTrue();
        await("the second notification is written").atMost(WAIT)
                .until(() -> raw.getChildren(chroot + "/isr_change_notification", false).size() == 2);
        await("and the superseded controller never reads it").during(java.time.Duration.ofSeconds(1))
                .atMost(WAIT).until(() -> zombieHeard.isrChanges.size() == heard);
    }
}
