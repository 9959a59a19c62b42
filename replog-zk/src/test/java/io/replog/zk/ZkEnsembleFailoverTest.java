package io.replog.zk;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.StringJoiner;

import static io.replog.zk.ZkFaultProxy.MULTI;
import static io.replog.zk.ZkFaultProxy.op;
import static io.replog.zk.ZkTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Controller fail-over on a real three-server ZooKeeper ensemble (in this JVM, on loopback)
 * while servers die, with real brokers: the server a controller candidate talks to is killed in
 * the middle of its election, and the ZooKeeper leader is killed during a controller fail-over.
 * {@link ControllerInvariant} watches throughout: within {@link #BOUND} exactly one broker acts
 * as controller, owning {@code /controller} at the current epoch, and none acts on an older one.
 */
class ZkEnsembleFailoverTest {
    /** The brokers' session timeout: long enough to ride out a server's death by reconnecting elsewhere. */
    static final int SESSION_TIMEOUT_MS = 6_000;
    /**
     * The bound on a controller-less (or doubly controlled) stretch: a session timeout for a
     * crashed controller's session to go, a ZooKeeper election and a reconnect, an election of
     * our own, with room for a loaded machine.
     */
    static final Duration BOUND = Duration.ofSeconds(20);
    static final Duration SETTLE = BOUND.multipliedBy(2);

    static ZkCoordinatorConfig config(String connect, int id) {
        return ZkCoordinatorConfig.of(connect).withSessionTimeoutMs(SESSION_TIMEOUT_MS).withName("broker-" + id);
    }

    @Test
    void theServerACandidateIsConnectedToDiesInTheMiddleOfItsElection(@TempDir Path dir) throws Exception {
        String chroot = "/mid-election";
        try (ZkEnsemble zk = ZkEnsemble.start(dir.resolve("zk"), 3);
             ZkFaultProxy p1 = new ZkFaultProxy(zk.address(0));
             ZkFaultProxy p2 = new ZkFaultProxy(zk.address(1));
             ZkFaultProxy p3 = new ZkFaultProxy(zk.address(2));
             ZkBrokerCluster cluster = new ZkBrokerCluster(dir.resolve("brokers"))) {
            List<ZkFaultProxy> proxies = List.of(p1, p2, p3);
            StringJoiner viaProxies = new StringJoiner(",");
            proxies.forEach(p -> viaProxies.add(p.connectString("")));
            String direct = zk.connectString(chroot);

            ZkBrokerCluster.Member first = cluster.start(1, config(direct, 1));
            await("broker 1 is controller").atMost(SETTLE).until(() -> first.actingEpoch().isPresent());
            ZkBrokerCluster.Member candidate = cluster.start(2, config(viaProxies + chroot, 2));
            await("broker 2 is registered").atMost(SETTLE)
                    .until(() -> get(first.coordinator.liveBrokers()).containsKey(2));

            try (ControllerInvariant invariant = new ControllerInvariant(cluster, direct, BOUND)) {
                int server = proxyIndex(proxies, candidate.coordinator.connectedServer());
                var election = proxies.get(server).hold(op(MULTI, "/controller_epoch"));
                int before = invariant.samples();

                first.crash(); // the controller dies; broker 2 runs, its election multi is held at its server...
                get(election.hit());
                zk.kill(server); // ...which dies now: the candidate cannot know whether its write was applied
                election.release();

                await("broker 2 learns the outcome on another server and acts").atMost(SETTLE)
                        .until(() -> candidate.actingEpoch().isPresent() && invariant.settled());
                assertThat(candidate.coordinator.sessionId()).as("the session survived the server's death")
                        .isNotZero();
                cluster.start(3, config(direct, 3));
                zk.restart(server);
                zk.awaitServing();
                await("one controller, with a third broker and the server back, checked for a second").atMost(SETTLE)
                        .until(() -> invariant.settled() && invariant.samples() > before + 20);
                assertThat(candidate.actingEpoch()).hasValue(2);
                assertThat(invariant.violations()).isEmpty();
            }
        }
    }

    @Test
    void aZooKeeperLeaderElectionDuringAControllerFailOver(@TempDir Path dir) throws Exception {
        String chroot = "/leader-election";
        try (ZkEnsemble zk = ZkEnsemble.start(dir.resolve("zk"), 3);
             ZkBrokerCluster cluster = new ZkBrokerCluster(dir.resolve("brokers"))) {
            String connect = zk.connectString(chroot);
            ZkBrokerCluster.Member controller = cluster.start(1, config(connect, 1));
            await("broker 1 is controller").atMost(SETTLE).until(() -> controller.actingEpoch().isPresent());
            ZkBrokerCluster.Member b2 = cluster.start(2, config(connect, 2));
            cluster.start(3, config(connect, 3));
            await("three brokers").atMost(SETTLE).until(() -> get(b2.coordinator.liveBrokers()).size() == 3);
            await("a topic with every partition led").atMost(SETTLE).until(() -> {
                CreateTopicsResponse r = get(cluster.createTopic(2, "events", 6, 3));
                Errors e = r.results().get("events").error();
                return e == Errors.NONE || e == Errors.TOPIC_ALREADY_EXISTS;
            });

            try (ControllerInvariant invariant = new ControllerInvariant(cluster, connect, BOUND)) {
                await("the invariant holds before the faults").atMost(SETTLE).until(invariant::settled);
                int leader = zk.leader();
                int before = invariant.samples();
                controller.crash();
                zk.kill(leader); // ZooKeeper elects a new leader while the brokers elect a new controller

                await("a new controller, on the surviving quorum, checked for a second").atMost(SETTLE)
                        .until(() -> invariant.samples() > before + 20 && invariant.settled()
                                && cluster.members().stream().anyMatch(m -> m.actingEpoch().orElse(0) >= 2));
                zk.restart(leader);
                zk.awaitServing();
                await("every partition is led by a live broker").atMost(SETTLE).untilAsserted(() -> {
                    Map<TopicPartition, LeaderAndIsr> states = get(b2.coordinator.partitionStates(partitions("events", 6)));
                    assertThat(states).hasSize(6);
                    assertThat(states.values()).allSatisfy(s -> assertThat(s.leader()).isIn(2, 3));
                });
                assertThat(invariant.violations()).isEmpty();
            }
        }
    }

    private static List<TopicPartition> partitions(String topic, int n) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    private static int proxyIndex(List<ZkFaultProxy> proxies, String remote) {
        for (int i = 0; i < proxies.size(); i++) {
            if (remote.endsWith(":" + proxies.get(i).port())) {
                return i;
            }
        }
        throw new AssertionError("broker 2 is connected to " + remote + ", none of the proxies");
    }
}
