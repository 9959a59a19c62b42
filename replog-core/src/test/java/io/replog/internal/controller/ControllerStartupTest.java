package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.internal.fault.PlantedBug;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.replog.internal.controller.ClusterFixture.registration;
import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link ControllerStartup}'s decisions, checked from a hand-built context. */
class ControllerStartupTest {

    @Test
    void theFirstDecisionGivesNewPartitionsAStateAndOfflineOnesALeaderThenAnnouncesEverything() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("t", List.of(1, 2, 3), List.of(3, 1, 2));
        f.state(tp("t", 1), 3, 4, 3, 1);
        ControllerStartup startup = new ControllerStartup(f.ctx, new BrokerRestarts(f.bugs), f.deciders());

        Map<TopicPartition, PartitionStateChange> decided = startup.reconcileAll().preview(f.ctx);

        assertThat(decided.get(tp("t", 0)).kind()).isEqualTo(Kind.INITIALIZED);
        assertThat(decided.get(tp("t", 0)).proposed())
                .isEqualTo(new LeaderAndIsr(1, 0, List.of(1, 2), ClusterFixture.CONTROLLER_EPOCH, LeaderAndIsr.NEW_PARTITION));
        assertThat(decided.get(tp("t", 1)).kind()).isEqualTo(Kind.LEADER_ELECTED);
        assertThat(decided.get(tp("t", 1)).proposed().leader()).isEqualTo(1);
        assertThat(decided.get(tp("t", 1)).proposed().isr()).containsExactly(1);
        assertThat(decided.get(tp("t", 1)).proposed().leaderEpoch()).isEqualTo(5);

        f.store(startup.reconcileAll());
        BrokerRequests announce = startup.announce();
        assertThat(announce.leaderAndIsr().keySet()).containsExactly(1, 2);
        assertThat(announce.leaderAndIsrTo(1)).containsExactly(tp("t", 0), tp("t", 1));
        assertThat(announce.leaderAndIsrTo(2)).containsExactly(tp("t", 0), tp("t", 1));
        assertThat(announce.metadataToAll()).isTrue();
        assertThat(announce.metadataForAll()).containsExactly(tp("t", 0), tp("t", 1));
        assertThat(startup.offline()).isEmpty();
    }

    @Test
    void aBrokerBackFromAnUncleanShutdownThatAnIsrNamesIsNotCountedAtOnce() {
        ClusterFixture f = new ClusterFixture();
        f.topic("t", List.of(1, 2));
        f.state(tp("t", 0), 1, 1, 1, 2);
        Map<Integer, BrokerRegistration> live = new TreeMap<>(Map.of(1, registration(1),
                2, registration(2).withUncleanShutdown(true), 3, registration(3).withUncleanShutdown(true)));

        ControllerStartup startup = new ControllerStartup(f.ctx, new BrokerRestarts(f.bugs), f.deciders());
        assertThat(startup.joiningAtOnce(live)).extracting(BrokerRegistration::brokerId).containsExactly(1, 3);

        ClusterFixture buggy = new ClusterFixture().withBugs(PlantedBug.BROKER_EPOCH_IGNORED);
        buggy.topic("t", List.of(1, 2));
        buggy.state(tp("t", 0), 1, 1, 1, 2);
        ControllerStartup ignoring = new ControllerStartup(buggy.ctx, new BrokerRestarts(buggy.bugs), buggy.deciders());
        assertThat(ignoring.joiningAtOnce(live)).extracting(BrokerRegistration::brokerId).containsExactly(1, 2, 3);
    }

    @Test
    void statesOfUnknownPartitionsAreNotLoaded() {
        ClusterFixture f = new ClusterFixture();
        f.topic("t", List.of(1));
        ControllerStartup startup = new ControllerStartup(f.ctx, new BrokerRestarts(f.bugs), f.deciders());
        LeaderAndIsr s = new LeaderAndIsr(1, 0, List.of(1), 1, 0);

        startup.loadStates(Map.of(tp("t", 0), s, tp("gone", 0), s));

        assertThat(f.ctx.state(tp("t", 0))).isEqualTo(s);
        assertThat(f.ctx.state(tp("gone", 0))).isNull();
    }
}
