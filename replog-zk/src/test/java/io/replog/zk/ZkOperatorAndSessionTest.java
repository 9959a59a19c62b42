package io.replog.zk;

import ch.qos.logback.classic.Level;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.RetriableException;
import io.replog.testsupport.LogCapture;
import io.replog.topic.TopicPartition;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.replog.zk.ZkTestSupport.SESSION_TIMEOUT_MS;
import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.failure;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators do to the tree (delete a parent, leave Kafka-written content replog does not
 * act on) and what can go wrong around a session's replacement.
 */
@org.junit.jupiter.api.extension.ExtendWith(EmbeddedZooKeeperExtension.class)
class ZkOperatorAndSessionTest {

    /** One server for the class's tests (each test works under a chroot of its own). */
    private final EmbeddedZooKeeper server;

    ZkOperatorAndSessionTest(EmbeddedZooKeeper server) {
        this.server = server;
    }

    private ZkCoordinatorConfig config(String chroot, String name) {
        return ZkCoordinatorConfig.of(server.connectString(chroot)).withSessionTimeoutMs(SESSION_TIMEOUT_MS).withName(name);
    }

    @Test
    void aCoordinatorThatCannotOpenANewSessionSaysSoLoudlyAndKeepsTrying() {
        LogCapture logged = new LogCapture(ZkConnection.class);
        AtomicInteger failuresLeft = new AtomicInteger(3);
        ZkConnection.SessionFactory flaky = (servers, timeout, watcher, generation) -> {
            if (generation > 1 && failuresLeft.getAndDecrement() > 0) {
                throw new IOException("injected: no server name resolves");
            }
            return new ZkSession(servers, timeout, watcher, generation);
        };
        try (ZkCoordinator c = new ZkCoordinator(config("/reopen", "broker-1"), flaky)) {
            ZkTestSupport.Recorder heard = new ZkTestSupport.Recorder();
            c.addListener(heard);
            await().atMost(WAIT).until(c::isConnected);
            get(c.registerBroker(registration(1, null)));
            long first = c.sessionId();

            server.expireSession(first);

            await("calls say why they fail").atMost(WAIT).untilAsserted(() ->
                    assertThat(failure(c.liveBrokers())).isInstanceOf(RetriableException.class)
                            .hasMessageContaining("no ZooKeeper session")
                            .hasMessageContaining("injected: no server name resolves"));
            await("a session opens at last and the broker hears of the expiry").atMost(WAIT)
                    .until(() -> heard.events.contains("expired") && c.isConnected());
            assertThat(c.sessionId()).isNotEqualTo(first);
            get(c.registerBroker(registration(1, null)));
            assertThat(logged.lines(Level.ERROR)).anyMatch(m -> m.contains("cannot open a new ZooKeeper session") && m.contains("trying again in"));
        } finally {
            logged.close();
        }
    }

    @Test
    void aCloseDuringASessionReplacementLeaksNoSession() throws Exception {
        CountDownLatch replacing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicReference<ZkSession> replacement = new AtomicReference<>();
        ZkConnection.SessionFactory slow = (servers, timeout, watcher, generation) -> {
            if (generation > 1) {
                replacing.countDown();
                // Holds the coordinator's thread inside the replacement while close() runs.
                try {
                    assertThat(proceed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                ZkSession s = new ZkSession(servers, timeout, watcher, generation);
                replacement.set(s);
                return s;
            }
            return new ZkSession(servers, timeout, watcher, generation);
        };
        ZkCoordinator c = new ZkCoordinator(config("/close-race", "broker-1"), slow);
        await().atMost(WAIT).until(c::isConnected);
        server.expireSession(c.sessionId());
        assertThat(replacing.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the replacement started").isTrue();

        Thread closer = new Thread(c::close, "closer");
        closer.start();
        await("close() has begun").atMost(WAIT).until(() -> c.toString().contains("closed"));
        proceed.countDown();
        closer.join(WAIT.toMillis());

        assertThat(closer.isAlive()).isFalse();
        await("the session opened during the close is closed too").atMost(WAIT)
                .until(() -> replacement.get() != null && replacement.get().isClosed());
    }

    @Test
    void watchesOnADeletedParentAreArmedSoItsReturnIsSeen() throws Exception {
        String chroot = "/deleted-parents";
        try (ZkCoordinator watcher = connected(server.connectString(chroot), "broker-1");
             ZkCoordinator leader = connected(server.connectString(chroot), "broker-2");
             ZooKeeper raw = ZkTestSupport.rawClient(server)) {
            ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
            watcher.addListener(seen);
            await().atMost(WAIT).until(watcher::watching);
            int epoch = get(watcher.tryBecomeController(1)).orElseThrow();
            get(watcher.createTopic(new TopicAssignment("t", Map.of(0, List.of(2, 1)), Map.of())));
            TopicPartition tp = new TopicPartition("t", 0);
            LeaderAndIsr v0 = get(watcher.writePartitionStatesAsController(epoch, Map.of(tp,
                    new LeaderAndIsr(2, 0, List.of(2, 1), epoch, LeaderAndIsr.NEW_PARTITION)))).get(tp).state();

            // An operator removes two (empty) parents while everything runs.
            raw.delete(chroot + "/brokers/ids", -1);
            raw.delete(chroot + "/isr_change_notification", -1);

            get(leader.registerBroker(registration(2, null))); // re-creates /brokers/ids on the way
            await("the registration under the re-created parent is seen").atMost(WAIT)
                    .until(() -> seen.lastBrokers().equals(Set.of(2)));
            assertThat(get(leader.updateIsrAsLeader(tp, v0.withIsr(List.of(2)))).applied()).isTrue();
            await("the ISR change under the re-created parent reaches the controller").atMost(WAIT)
                    .until(() -> seen.isrChanges.contains(Set.of(tp)));
            assertThat(watcher.connectionLosses()).as("without a reconnect to make up for it").isZero();
        }
    }

    @Test
    void contentReplogDoesNotActOnIsLoggedOnceByPathAndField() throws Exception {
        LogCapture logged = new LogCapture(ZkReads.class);
        String chroot = "/kafka-written";
        try (ZkCoordinator c = connected(server.connectString(chroot), "broker-1");
             ZooKeeper raw = ZkTestSupport.rawClient(server)) {
            get(c.registerBroker(registration(1, null)));
            create(raw, chroot + "/brokers/topics/moving", "{\"version\":3,\"topic_id\":\"vNbz7ZRbTDS1wE7zIIRAxw\","
                    + "\"partitions\":{\"0\":[1,2,3]},\"adding_replicas\":{\"0\":[3]},\"removing_replicas\":{}}");
            create(raw, chroot + "/brokers/topics/moving/partitions", "");
            create(raw, chroot + "/brokers/topics/moving/partitions/0", "");
            create(raw, chroot + "/brokers/topics/moving/partitions/0/state", "{\"controller_epoch\":3,\"leader\":1,"
                    + "\"version\":1,\"leader_epoch\":4,\"isr\":[1],\"leader_recovery_state\":1}");
            create(raw, chroot + "/controller", "{\"version\":2,\"brokerid\":3000,\"timestamp\":\"1\",\"kraftControllerEpoch\":5}");
            TopicPartition tp = new TopicPartition("moving", 0);

            for (int i = 0; i < 3; i++) {
                assertThat(get(c.topics()).get("moving").partitions()).containsEntry(0, List.of(1, 2, 3));
                assertThat(get(c.partitionStates(List.of(tp))).get(tp).leader()).isEqualTo(1);
                assertThat(get(c.controller())).contains(new ControllerInfo(3000, 0));
            }

            List<String> warnings = logged.warnings();
            assertThat(warnings).filteredOn(m -> m.contains("'adding_replicas'")).hasSize(1)
                    .allMatch(m -> m.contains(chroot + "/brokers/topics/moving") && m.contains("reassignment"));
            assertThat(warnings).filteredOn(m -> m.contains("'removing_replicas'")).isEmpty();
            assertThat(warnings).filteredOn(m -> m.contains("'leader_recovery_state'")).hasSize(1)
                    .allMatch(m -> m.contains(chroot + "/brokers/topics/moving/partitions/0/state"));
            assertThat(warnings).filteredOn(m -> m.contains("'kraftControllerEpoch'")).hasSize(1)
                    .allMatch(m -> m.contains(chroot + "/controller") && m.contains("KRaft"));
        } finally {
            logged.close();
        }
    }

    private static void create(ZooKeeper raw, String path, String body) throws Exception {
        raw.create(path, body.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }
}
