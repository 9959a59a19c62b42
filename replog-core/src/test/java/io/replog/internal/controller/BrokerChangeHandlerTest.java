package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.internal.controller.BrokerChangeHandler.BrokerChange;
import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.internal.fault.PlantedBug;
import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.replog.internal.controller.ClusterFixture.registration;
import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link BrokerChangeHandler}'s decisions, step by step, from a hand-built context. */
class BrokerChangeHandlerTest {

    private static BrokerChangeHandler handler(ClusterFixture f) {
        return new BrokerChangeHandler(f.ctx, f.deletions, new BrokerRestarts(f.bugs), f.deciders());
    }

    @Test
    void aSnapshotIsSortedIntoFailedJoinedAndRestartedBrokersWithoutChangingTheContext() {
        ClusterFixture f = new ClusterFixture().live(1, 2, 3);

        BrokerChange change = handler(f).diff(Map.of(1, registration(1, 500), 3, registration(3), 4, registration(4)));

        assertThat(change.failed()).containsExactly(1, 2);
        assertThat(change.added()).containsExactly(1, 4);
        assertThat(change.bounced()).containsExactly(1);
        assertThat(change.gone()).containsExactly(2);
        assertThat(change.uncleanReturns()).isEmpty();
        assertThat(change.isEmpty()).isFalse();
        assertThat(f.ctx.liveBrokers().keySet()).containsExactly(1, 2, 3);
    }

    @Test
    void aFailedLeaderIsReplacedFromTheIsrAndFailedFollowersLeaveIt() {
        ClusterFixture f = new ClusterFixture().live(1, 2, 3);
        f.topic("t", List.of(1, 2, 3), List.of(3, 1, 2));
        f.state(tp("t", 0), 2, 1, 2, 1, 3);
        f.state(tp("t", 1), 3, 1, 3, 1, 2);
        BrokerChangeHandler handler = handler(f);
        BrokerChange change = handler.diff(Map.of(1, registration(1), 3, registration(3)));
        f.ctx.removeLiveBroker(2); // as the runner does before the first step

        Map<TopicPartition, PartitionStateChange> decided = handler.failures(change).preview(f.ctx);

        assertThat(decided.get(tp("t", 0)).kind()).isEqualTo(Kind.LEADER_ELECTED);
        assertThat(decided.get(tp("t", 0)).proposed().leader()).isEqualTo(1);
        assertThat(decided.get(tp("t", 0)).proposed().isr()).containsExactly(1, 3);
        assertThat(decided.get(tp("t", 1)).kind()).isEqualTo(Kind.ISR_SHRUNK);
        assertThat(decided.get(tp("t", 1)).proposed().isr()).containsExactly(3, 1);

        PartitionStateWriter.Outcome stored = f.store(handler.failures(change));
        BrokerRequests requests = handler.requests(change, stored.changedPartitions());
        assertThat(requests.leaderAndIsr().keySet()).containsExactly(1, 3);
        assertThat(requests.leaderAndIsrTo(1)).containsExactly(tp("t", 0), tp("t", 1));
        assertThat(requests.metadataToAll()).isTrue();
        assertThat(requests.metadataForAll()).containsExactly(tp("t", 0), tp("t", 1));
        assertThat(handler.joined(change).isEmpty()).isTrue();
    }

    @Test
    void aRefusedRegistrationIsFencedAndNotTakenForALiveBrokerAgain() {
        ClusterFixture f = new ClusterFixture().live(1, 2, 3);
        BrokerChangeHandler handler = handler(f);

        assertThat(handler.staleBrokerEpoch(2, 999)).isEmpty();
        assertThat(handler.staleBrokerEpoch(2, 102)).hasValueSatisfying(live ->
                assertThat(live.keySet()).containsExactly(1, 3));
        assertThat(handler.withoutFenced(Map.of(1, registration(1), 2, registration(2, 102))).keySet())
                .containsExactly(1);
        assertThat(handler.withoutFenced(Map.of(1, registration(1), 2, registration(2, 103))).keySet())
                .containsExactly(1, 2);
    }

    @Test
    void aReturningBrokerGetsItsReplicasTheDeletesItMissedAndAllMetadata() {
        ClusterFixture f = new ClusterFixture().live(1, 3);
        f.topic("t", List.of(1, 2, 3));
        f.state(tp("t", 0), 1, 1, 1, 3);
        f.topic("old", List.of(2, 3));
        f.state(tp("old", 0), 3, 1, 3);
        f.deletions.start("old", Map.of(tp("old", 0), List.of(2, 3)));
        f.deletions.confirm(3, Map.of(tp("old", 0), Errors.NONE));
        BrokerChangeHandler handler = handler(f);

        BrokerChange change = handler.diff(Map.of(1, registration(1), 2, registration(2), 3, registration(3)));
        assertThat(change.added()).containsExactly(2);
        f.ctx.addLiveBroker(registration(2)); // as the runner does before the last step
        assertThat(handler.joined(change).preview(f.ctx)).isEmpty();

        BrokerRequests requests = handler.requests(change, Set.of());
        assertThat(requests.leaderAndIsrTo(2)).containsExactly(tp("t", 0));
        assertThat(requests.stopAndDelete()).isEqualTo(Map.of(2, Set.of(tp("old", 0))));
        assertThat(requests.metadataForOne().get(2)).containsExactly(tp("old", 0), tp("t", 0));
        assertThat(requests.metadataForAll()).containsExactly(tp("old", 0), tp("t", 0));
    }

    @Test
    void aBrokerBackFromAnUncleanShutdownFirstLeavesEveryIsrWithAnotherMember() {
        ClusterFixture f = new ClusterFixture().live(1, 3);
        f.topic("t", List.of(1, 2, 3), List.of(2, 4));
        f.state(tp("t", 0), 1, 1, 1, 2, 3);
        f.state(tp("t", 1), LeaderAndIsr.NO_LEADER, 2, 2, 4);
        Map<Integer, BrokerRegistration> live = Map.of(1, registration(1), 2, registration(2).withUncleanShutdown(true),
                3, registration(3));
        BrokerChangeHandler handler = handler(f);

        BrokerChange change = handler.diff(live);
        assertThat(change.uncleanReturns()).containsExactly(2);
        assertThat(change.bounced()).containsExactly(2);
        Map<TopicPartition, PartitionStateChange> decided = handler.uncleanReturns(change).preview(f.ctx);
        assertThat(decided.get(tp("t", 0)).kind()).isEqualTo(Kind.ISR_SHRUNK);
        assertThat(decided.get(tp("t", 0)).proposed().isr()).containsExactly(1, 3);
        assertThat(decided.get(tp("t", 1)).proposed().leader()).isEqualTo(LeaderAndIsr.NO_LEADER);
        assertThat(decided.get(tp("t", 1)).proposed().isr()).containsExactly(4);

        ClusterFixture buggy = new ClusterFixture().withBugs(PlantedBug.BROKER_EPOCH_IGNORED).live(1, 3);
        buggy.topic("t", List.of(1, 2, 3));
        buggy.state(tp("t", 0), 1, 1, 1, 2, 3);
        BrokerChange ignored = handler(buggy).diff(live);
        assertThat(ignored.uncleanReturns()).isEmpty();
        assertThat(ignored.failed()).isEmpty();
        assertThat(ignored.added()).containsExactly(2);
    }
}
