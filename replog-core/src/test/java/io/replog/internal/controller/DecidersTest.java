package io.replog.internal.controller;

import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.internal.fault.PlantedBug;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared {@link Deciders}: the topic's unclean setting, the planted bug's site, the deletion guard. */
class DecidersTest {
    private static final String UNCLEAN = io.replog.config.TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE.name();

    /** Topic {@code name} on [1, 2] with configs {@code configs}, led by dead broker 1 alone in the ISR; 2 live. */
    private static ClusterFixture leaderLost(String name, Map<String, String> configs) {
        ClusterFixture f = new ClusterFixture().live(2);
        f.topic(name, 1L, configs, List.of(1, 2));
        f.state(tp(name, 0), 1, 3, 1);
        return f;
    }

    private static PartitionStateChange reconcile(ClusterFixture f, String topic) {
        return new StateWrite("test", List.of(tp(topic, 0)), f.deciders().reconcile()).preview(f.ctx).get(tp(topic, 0));
    }

    @Test
    void theTopicsUncleanOverrideWinsOverTheBrokerSettingUnlessItIsNotABoolean() {
        PartitionStateChange unclean = reconcile(leaderLost("u", Map.of(UNCLEAN, "true")), "u");
        assertThat(unclean.kind()).isEqualTo(Kind.UNCLEAN_LEADER_ELECTED);
        assertThat(unclean.proposed().isr()).containsExactly(2);

        assertThat(reconcile(leaderLost("c", Map.of()), "c").kind()).isEqualTo(Kind.WENT_OFFLINE);
        assertThat(reconcile(leaderLost("bad", Map.of(UNCLEAN, "maybe")), "bad").kind()).isEqualTo(Kind.WENT_OFFLINE);

        ClusterFixture brokerWide = leaderLost("c", Map.of(UNCLEAN, "false"));
        brokerWide.config = brokerWide.config.withUncleanLeaderElection(true);
        assertThat(reconcile(brokerWide, "c").kind()).isEqualTo(Kind.WENT_OFFLINE);
    }

    @Test
    void thePlantedBugElectsALiveReplicaFromOutsideTheIsr() {
        ClusterFixture f = leaderLost("t", Map.of()).withBugs(PlantedBug.LEADER_FROM_OUTSIDE_ISR);

        PartitionStateChange decided = reconcile(f, "t");

        assertThat(decided.kind()).isEqualTo(Kind.LEADER_ELECTED);
        assertThat(decided.proposed().leader()).isEqualTo(2);
    }

    @Test
    void aTopicBeingDeletedKeepsItsState() {
        ClusterFixture f = leaderLost("t", Map.of());
        f.deletions.start("t", Map.of(tp("t", 0), List.of(1, 2)));

        assertThat(reconcile(f, "t").kind()).isEqualTo(Kind.NO_CHANGE);
    }
}
