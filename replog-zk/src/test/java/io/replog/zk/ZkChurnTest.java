package io.replog.zk;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.Response;
import io.replog.topic.TopicPartition;
import io.replog.zk.znode.IsrChangeZnode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Churn a ZooKeeper cluster sees in real life and test suites produce in minutes: topics created,
 * deleted and created again in a tight loop while the controller's session is slow, and a long
 * controller-less period whose ISR changes pile up past what one reply can carry.
 */
@org.junit.jupiter.api.extension.ExtendWith(EmbeddedZooKeeperExtension.class)
class ZkChurnTest {
    /** How long the cluster may take to settle after the churn: a few controller round trips, generously. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    /** One server for the class's tests (each test works under a chroot of its own). */
    private final EmbeddedZooKeeper server;

    ZkChurnTest(EmbeddedZooKeeper server) {
        this.server = server;
    }

    @Test
    void aBacklogPast50000IsrChangeNotificationsIsConsumedWithoutAReconnectLoop(@TempDir Path dir) throws Exception {
        String chroot = "/backlog";
        int partitions = 100;
        try (ZkCoordinator leader = connected(server.connectString(chroot), "broker-1");
             ZkCoordinator first = connected(server.connectString(chroot), "broker-2");
             ZkBrokerCluster cluster = new ZkBrokerCluster(dir)) {
            get(leader.registerBroker(registration(1, null)));
            get(first.registerBroker(registration(2, null)));
            int epoch = get(first.tryBecomeController(2)).orElseThrow();
            Map<Integer, List<Integer>> assignment = new TreeMap<>();
            Map<TopicPartition, LeaderAndIsr> initial = new TreeMap<>();
            for (int p = 0; p < partitions; p++) {
                assignment.put(p, List.of(1, 2));
                initial.put(new TopicPartition("churn", p), new LeaderAndIsr(1, 0, List.of(1, 2), epoch,
                        LeaderAndIsr.NEW_PARTITION));
            }
            get(first.createTopic(new TopicAssignment("churn", assignment, Map.of())));
            Map<TopicPartition, LeaderAndIsr> states = new TreeMap<>();
            get(first.writePartitionStatesAsController(epoch, initial)).forEach((tp, u) -> states.put(tp, u.state()));
            first.close(); // the controller is gone, and nobody takes over for a long while

            // Meanwhile: 52 000 notifications of one partition each (as writers that do not batch
            // leave them), and the leader's own batched ISR churn on every partition.
            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                int backlog = 52_000;
                CountDownLatch created = new CountDownLatch(backlog);
                AtomicInteger failed = new AtomicInteger();
                for (int i = 0; i < backlog; i++) {
                    TopicPartition tp = new TopicPartition("churn", i % partitions);
                    raw.create(chroot + "/isr_change_notification/isr_change_", IsrChangeZnode.encode(List.of(tp)),
                            ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, (rc, path, ctx, name) -> {
                                if (rc != Code.OK.intValue()) {
                                    failed.incrementAndGet();
                                }
                                created.countDown();
                            }, null);
                }
                assertThat(created.await(120, TimeUnit.SECONDS)).as("the backlog is written").isTrue();
                assertThat(failed).hasValue(0);
                for (int round = 0; round < 4; round++) {
                    List<CompletableFuture<StateUpdate>> updates = new ArrayList<>();
                    List<TopicPartition> order = new ArrayList<>(states.keySet());
                    for (var e : states.entrySet()) {
                        LeaderAndIsr s = e.getValue();
                        updates.add(leader.updateIsrAsLeader(e.getKey(), s.withIsr(s.isr().size() == 2 ? List.of(1)
                                : List.of(1, 2))));
                    }
                    for (int i = 0; i < updates.size(); i++) {
                        StateUpdate u = get(updates.get(i));
                        assertThat(u.applied()).isTrue();
                        states.put(order.get(i), u.state());
                    }
                }
                assertThat(raw.exists(chroot + "/isr_change_notification", false).getNumChildren())
                        .isGreaterThan(50_000);

                leader.close();

                // Brokers at last: whichever becomes controller consumes the backlog.
                List<ZkTestSupport.Recorder> heard = new ArrayList<>();
                for (int id = 1; id <= 3; id++) {
                    ZkTestSupport.Recorder r = new ZkTestSupport.Recorder();
                    heard.add(r);
                    cluster.start(id, ZkCoordinatorConfig.of(server.connectString(chroot))
                            .withSessionTimeoutMs(ZkTestSupport.SESSION_TIMEOUT_MS).withName("broker-" + id), c -> {
                        c.addListener(r);
                        return c;
                    });
                }
                await("the controller consumes the whole backlog").atMost(SETTLE)
                        .until(() -> raw.exists(chroot + "/isr_change_notification", false).getNumChildren() == 0);
                Set<TopicPartition> reported = new TreeSet<>();
                heard.forEach(r -> r.isrChanges.forEach(reported::addAll));
                assertThat(reported).containsAll(states.keySet());
                await("every partition has a leader").atMost(SETTLE).untilAsserted(() -> {
                    Map<TopicPartition, LeaderAndIsr> now = get(cluster.member(1).coordinator.partitionStates(states.keySet()));
                    assertThat(now.values()).allSatisfy(st -> assertThat(st.leader()).isIn(1, 2));
                });
                assertThat(cluster.members()).allSatisfy(m -> assertThat(m.coordinator.connectionLosses())
                        .as("no reply ever outgrew the client's buffer: broker " + m.id + " stayed connected").isZero());
                assertThat(cluster.members().stream().filter(m -> m.actingEpoch().isPresent()).count()).isEqualTo(1);
            } finally {
                raw.close();
            }
        }
    }

    @Test
    void topicsCreatedDeletedAndCreatedAgainWhileTheControllersSessionIsSlowAllGetLeaders(@TempDir Path dir)
            throws Exception {
        String chroot = "/create-delete-create";
        try (ZkFaultProxy proxy = new ZkFaultProxy(server.connectString());
             ZkBrokerCluster cluster = new ZkBrokerCluster(dir)) {
            ZkBrokerCluster.Member controller = cluster.start(1, config(proxy.connectString(chroot), 1));
            await("broker 1 is controller").atMost(SETTLE).until(() -> controller.actingEpoch().isPresent());
            cluster.start(2, config(server.connectString(chroot), 2));
            cluster.start(3, config(server.connectString(chroot), 3));
            long session = controller.coordinator.sessionId();
            int losses = controller.coordinator.connectionLosses();
            // Every request of the controller's session waits: its watches re-read late, so a topic
            // deleted and created again is often gone and back between two reads.
            proxy.delay(r -> true, 15);

            List<String> topics = List.of("loop-a", "loop-b", "loop-c");
            for (int round = 0; round < 6; round++) {
                for (String topic : topics) {
                    awaitOk("create " + topic, () -> cluster.createTopic(2, topic, 2, 3));
                }
                for (String topic : topics) {
                    CompletableFuture<Response> twice = cluster.deleteTopic(2, topic);
                    awaitOk("delete " + topic, () -> cluster.deleteTopic(3, topic));
                    get(twice);
                }
            }
            for (String topic : topics) {
                awaitOk("create " + topic + " for good", () -> cluster.createTopic(3, topic, 2, 3));
            }
            proxy.clear();

            await("every topic there is has a leader for every partition").atMost(SETTLE).untilAsserted(() -> {
                Map<String, TopicAssignment> all = get(controller.coordinator.topics());
                assertThat(all).containsOnlyKeys(topics);
                List<TopicPartition> partitions = new ArrayList<>();
                all.values().forEach(t -> t.partitions().keySet().forEach(p -> partitions.add(new TopicPartition(t.topic(), p))));
                Map<TopicPartition, LeaderAndIsr> states = get(controller.coordinator.partitionStates(partitions));
                assertThat(states).hasSize(partitions.size());
                assertThat(states.values()).allSatisfy(s -> assertThat(s.leader()).isNotEqualTo(LeaderAndIsr.NO_LEADER));
            });
            assertThat(controller.actingEpoch()).as("the controller stayed in office").hasValue(1);
            assertThat(controller.coordinator.sessionId()).isEqualTo(session);
            assertThat(controller.coordinator.connectionLosses()).as("the controller stayed connected").isEqualTo(losses);
        }
    }

    private static ZkCoordinatorConfig config(String connect, int id) {
        return ZkCoordinatorConfig.of(connect).withSessionTimeoutMs(ZkTestSupport.SESSION_TIMEOUT_MS)
                .withName("broker-" + id);
    }

    /** Sends until the answer is "no error" (a topic still being deleted is refused as existing: asked again). */
    private static void awaitOk(String what, java.util.function.Supplier<CompletableFuture<? extends Response>> call) {
        await(what).atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response r = get(call.get());
            Errors error = r instanceof CreateTopicsResponse c ? c.results().values().iterator().next().error()
                    : ((DeleteTopicsResponse) r).results().values().iterator().next().error();
            return error == Errors.NONE;
        });
    }
}
