package io.replog.zk;

import ch.qos.logback.classic.Level;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.testsupport.LogCapture;
import io.replog.topic.TopicPartition;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Watches across reconnects and server restarts, chroots, and malformed znodes, on a real ZooKeeper. */
class ZkWatchesTest {
    private static EmbeddedZooKeeper server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedZooKeeper.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void watchesFireAfterTheConnectionDropsAndTheClientReconnects() {
        String connect = server.connectString("/reconnect");
        try (ZkCoordinator watcher = connected(connect, "broker-1"); ZkCoordinator other = connected(connect, "broker-2")) {
            ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
            watcher.addListener(seen);
            get(watcher.registerBroker(registration(1, null)));
            await("the watcher sees itself registered").atMost(WAIT).until(() -> seen.lastBrokers().equals(Set.of(1)));
            long session = watcher.sessionId();

            assertThat(server.dropConnection(session)).isTrue();
            // Changes made while the watcher is (most likely) still reconnecting.
            get(other.registerBroker(registration(2, null)));
            get(other.createTopic(new TopicAssignment("during", Map.of(0, List.of(1, 2)), Map.of())));

            await("the watcher sees the changes made around the reconnect").atMost(WAIT)
                    .until(() -> seen.lastBrokers().equals(Set.of(1, 2)) && seen.lastTopics().contains("during"));
            assertThat(watcher.sessionId()).isEqualTo(session);

            // And the watches are armed again for what comes next.
            get(other.createTopic(new TopicAssignment("after", Map.of(0, List.of(2)), Map.of())));
            other.close();
            await("the watcher sees later changes").atMost(WAIT)
                    .until(() -> seen.lastTopics().contains("after") && seen.lastBrokers().equals(Set.of(1)));
            assertThat(seen.threads).allMatch(t -> t.equals("replog-zk-broker-1"),
                    "listeners run on the coordinator's own thread, never on ZooKeeper's");
        }
    }

    @Test
    void sessionsAndWatchesSurviveAServerRestart() {
        EmbeddedZooKeeper own = EmbeddedZooKeeper.start();
        try (ZkCoordinator watcher = connected(own.connectString(), "broker-1");
             ZkCoordinator other = connected(own.connectString(), "broker-2")) {
            ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
            watcher.addListener(seen);
            get(watcher.registerBroker(registration(1, null)));
            assertThat(get(watcher.tryBecomeController(1))).hasValue(1);
            long session = watcher.sessionId();

            own.restart();

            await("the watcher reconnects").atMost(WAIT).until(watcher::isConnected);
            assertThat(watcher.sessionId()).isEqualTo(session);
            assertThat(watcher.heldControllerEpoch()).hasValue(1);
            get(other.registerBroker(registration(2, null)));
            await("the watcher sees broker 2 join after the restart").atMost(WAIT)
                    .until(() -> seen.lastBrokers().equals(Set.of(1, 2)));
            assertThat(get(other.liveBrokers())).containsOnlyKeys(1, 2);
            assertThat(seen.events).doesNotContain("expired");
        } finally {
            own.close();
        }
    }

    @Test
    void chrootsKeepClustersApartOnOneEnsemble() throws Exception {
        try (ZkCoordinator a = connected(server.connectString("/clusters/a"), "a-1");
             ZkCoordinator b = connected(server.connectString("/clusters/b"), "b-1")) {
            get(a.registerBroker(registration(1, "R1")));
            get(b.registerBroker(registration(1, "R2")));
            assertThat(get(a.tryBecomeController(1))).hasValue(1);
            assertThat(get(b.tryBecomeController(1))).hasValue(1);
            get(a.createTopic(new TopicAssignment("only-in-a", Map.of(0, List.of(1)), Map.of())));

            assertThat(get(a.liveBrokers()).get(1).rack()).isEqualTo("R1");
            assertThat(get(b.liveBrokers()).get(1).rack()).isEqualTo("R2");
            assertThat(get(b.topics())).isEmpty();
            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                assertThat(raw.exists("/clusters/a/brokers/ids/1", false)).isNotNull();
                assertThat(raw.exists("/clusters/b/brokers/ids/1", false)).isNotNull();
                assertThat(raw.exists("/clusters/a/brokers/topics/only-in-a", false)).isNotNull();
                assertThat(raw.exists("/brokers", false)).isNull();
            } finally {
                raw.close();
            }
        }
    }

    @Test
    void aMalformedZnodeIsReportedByPathAndFieldAndTheBrokerKeepsRunning() throws Exception {
        LogCapture logged = new LogCapture(ZkReads.class);
        String connect = server.connectString("/malformed");
        try (ZkCoordinator c = connected(connect, "broker-1")) {
            ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
            c.addListener(seen);
            get(c.registerBroker(registration(1, null)));
            int epoch = get(c.tryBecomeController(1)).orElseThrow();
            get(c.createTopic(new TopicAssignment("good", Map.of(0, List.of(1)), Map.of())));
            TopicPartition good = new TopicPartition("good", 0);
            get(c.writePartitionStatesAsController(epoch, Map.of(good,
                    new LeaderAndIsr(1, 0, List.of(1), epoch, LeaderAndIsr.NEW_PARTITION))));
            await("the baseline is read").atMost(WAIT).until(() -> seen.lastBrokers().contains(1));

            // An operator writes bodies by hand, wrongly.
            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                raw.create("/malformed/brokers/topics/bad", bytes("{\"version\":2,\"partitions\":{\"0\":\"oops\"}}"),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                raw.create("/malformed/brokers/ids/9", bytes("{\"version\":5,\"endpoints\":[\"PLAINTEXT://h:1\"]}"),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                raw.setData("/malformed/brokers/topics/good/partitions/0/state",
                        bytes("{\"controller_epoch\":1,\"leader\":\"one\",\"version\":1,\"leader_epoch\":0,\"isr\":[1]}"), -1);
                raw.create("/malformed/brokers/topics/notjson", bytes("{partitions: [1,"),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

                await("the errors name the znodes and the fields").atMost(WAIT).untilAsserted(() ->
                        assertThat(logged.lines(Level.ERROR)).anySatisfy(m -> assertThat(m)
                                        .contains("/malformed/brokers/topics/bad").contains("field 'partitions.0'"))
                                .anySatisfy(m -> assertThat(m)
                                        .contains("/malformed/brokers/ids/9").contains("field 'timestamp' is missing"))
                                .anySatisfy(m -> assertThat(m)
                                        .contains("/malformed/brokers/topics/notjson").contains("not valid JSON")));
                assertThat(get(c.topics())).containsOnlyKeys("good");
                assertThat(get(c.liveBrokers())).containsOnlyKeys(1);
                assertThat(get(c.partitionStates(List.of(good)))).isEmpty();
                assertThat(logged.lines(Level.ERROR)).anySatisfy(m -> assertThat(m)
                        .contains("/malformed/brokers/topics/good/partitions/0/state").contains("field 'leader'"));

                // The broker keeps running: new changes are read and delivered as before.
                get(c.createTopic(new TopicAssignment("later", Map.of(0, List.of(1)), Map.of())));
                await("the new topic is delivered").atMost(WAIT).until(() -> seen.lastTopics().equals(Set.of("good", "later")));

                // Once the operator repairs a znode, it is read again.
                raw.setData("/malformed/brokers/topics/bad", bytes("{\"version\":2,\"partitions\":{\"0\":[1]}}"), -1);
                await("the repaired topic is delivered").atMost(WAIT).until(() -> seen.lastTopics().contains("bad"));
            } finally {
                raw.close();
            }
        } finally {
            logged.close();
        }
    }

    @Test
    void topicSnapshotsFollowAssignmentConfigDeletionAndRecreation() throws Exception {
        String connect = server.connectString("/topic-watch");
        try (ZkCoordinator watcher = connected(connect, "broker-1"); ZkCoordinator admin = connected(connect, "admin")) {
            ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
            watcher.addListener(seen);
            get(admin.createTopic(new TopicAssignment("a", Map.of(0, List.of(1)), Map.of())));
            get(admin.createTopic(new TopicAssignment("b", Map.of(0, List.of(1)), Map.of())));
            await("both topics are seen").atMost(WAIT).until(() -> seen.lastTopics().equals(Set.of("a", "b")));

            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                // An operator changes a config override and adds a partition, as Kafka's tools do.
                raw.setData("/topic-watch/config/topics/a", bytes("{\"version\":1,\"config\":{\"min.insync.replicas\":\"2\"}}"), -1);
                await("the config change is delivered").atMost(WAIT).until(() ->
                        Map.of("min.insync.replicas", "2").equals(last(seen).get("a").configs()));
                raw.setData("/topic-watch/brokers/topics/b", bytes("{\"version\":2,\"partitions\":{\"0\":[1],\"1\":[1]}}"), -1);
                await("the new partition is delivered").atMost(WAIT).until(() -> last(seen).get("b").partitions().size() == 2);
            } finally {
                raw.close();
            }

            // Deleted, then created again with another assignment.
            int epoch = get(watcher.tryBecomeController(1)).orElseThrow();
            get(admin.requestTopicDeletion("a"));
            get(watcher.deleteTopic(epoch, "a"));
            await("the deletion is delivered").atMost(WAIT).until(() -> seen.lastTopics().equals(Set.of("b")));
            get(admin.createTopic(new TopicAssignment("a", Map.of(0, List.of(2), 1, List.of(2)), Map.of())));
            await("the new topic a is delivered").atMost(WAIT).until(() -> seen.lastTopics().contains("a")
                    && last(seen).get("a").partitions().equals(Map.of(0, List.of(2), 1, List.of(2))));
            assertThat(last(seen).get("a").configs()).isEmpty();
        }
    }

    private static Map<String, TopicAssignment> last(ZkTestSupport.Recorder r) {
        return r.topics.isEmpty() ? Map.of() : r.topics.get(r.topics.size() - 1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
