package io.replog.zk;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.replog.zk.ZkTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ensemble fail-over, round after round (soak profile only: {@code mvn -Psoak verify}):
 * each round crashes the acting controller and the ZooKeeper leader together, brings both back,
 * and creates a topic; the controller invariant is checked throughout.
 */
@Tag("soak")
class ZkEnsembleSoakTest {
    private static final int ROUNDS = 10;
    private static final Duration BOUND = ZkEnsembleFailoverTest.BOUND;
    private static final Duration SETTLE = ZkEnsembleFailoverTest.SETTLE;

    @Test
    void roundsOfControllerCrashesDuringZooKeeperLeaderElections(@TempDir Path dir) throws Exception {
        String chroot = "/soak";
        try (ZkEnsemble zk = ZkEnsemble.start(dir.resolve("zk"), 3);
             ZkBrokerCluster cluster = new ZkBrokerCluster(dir.resolve("brokers"))) {
            String connect = zk.connectString(chroot);
            for (int id = 1; id <= 3; id++) {
                cluster.start(id, config(connect, id));
            }
            try (ControllerInvariant invariant = new ControllerInvariant(cluster, connect, BOUND)) {
                List<String> topics = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    await("a controller").atMost(SETTLE).until(invariant::settled);
                    ZkBrokerCluster.Member acting = cluster.members().stream()
                            .filter(m -> m.actingEpoch().isPresent()).findFirst().orElseThrow();
                    int leader = zk.leader();
                    acting.crash();
                    zk.kill(leader);
                    int before = invariant.samples();
                    await("a new controller in round " + round).atMost(SETTLE)
                            .until(() -> invariant.samples() > before + 10 && invariant.settled());
                    zk.restart(leader);
                    zk.awaitServing();
                    cluster.start(acting.id, config(connect, acting.id));
                    String topic = "round-" + round;
                    int via = cluster.members().get(0).id;
                    await("topic " + topic).atMost(SETTLE).ignoreExceptions().until(() -> {
                        Errors e = get(cluster.createTopic(via, topic, 3, 3)).results().get(topic).error();
                        return e == Errors.NONE || e == Errors.TOPIC_ALREADY_EXISTS;
                    });
                    topics.add(topic);
                }
                ZkCoordinator any = cluster.members().get(0).coordinator;
                await("every topic led").atMost(SETTLE).untilAsserted(() -> {
                    List<TopicPartition> all = new ArrayList<>();
                    topics.forEach(t -> {
                        for (int p = 0; p < 3; p++) {
                            all.add(new TopicPartition(t, p));
                        }
                    });
                    Map<TopicPartition, LeaderAndIsr> states = get(any.partitionStates(all));
                    assertThat(states).hasSize(all.size());
                    assertThat(states.values()).allSatisfy(s -> assertThat(s.leader()).isNotEqualTo(LeaderAndIsr.NO_LEADER));
                });
                assertThat(invariant.violations()).isEmpty();
            }
        }
    }

    private static ZkCoordinatorConfig config(String connect, int id) {
        return ZkEnsembleFailoverTest.config(connect, id);
    }
}
