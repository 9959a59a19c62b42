package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link ControlledShutdownHandler}'s decisions, checked from a hand-built context. */
class ControlledShutdownHandlerTest {

    private static ClusterFixture cluster() {
        ClusterFixture f = new ClusterFixture().live(1, 2, 3);
        f.topic("t", List.of(1, 2), List.of(2, 1), List.of(1));
        f.state(tp("t", 0), 1, 1, 1, 2);
        f.state(tp("t", 1), 2, 1, 2, 1);
        f.state(tp("t", 2), 1, 1, 1);
        return f;
    }

    @Test
    void leadershipsMoveTheBrokerLeavesTheIsrsAndTheAnswerIsWhatItStillLeads() {
        ClusterFixture f = cluster();
        ControlledShutdownHandler handler = new ControlledShutdownHandler(f.ctx, f.deciders(), ClusterFixture.LOG_PREFIX);
        assertThat(handler.answerIfNotLive(1)).isEmpty();

        StateWrite write = handler.begin(1);
        assertThat(f.ctx.shuttingDown()).containsExactly(1);
        Map<TopicPartition, PartitionStateChange> decided = write.preview(f.ctx);
        assertThat(decided.get(tp("t", 0)).kind()).isEqualTo(Kind.LEADER_ELECTED);
        assertThat(decided.get(tp("t", 0)).proposed().leader()).isEqualTo(2);
        assertThat(decided.get(tp("t", 0)).proposed().isr()).containsExactly(2);
        assertThat(decided.get(tp("t", 1)).kind()).isEqualTo(Kind.ISR_SHRUNK);
        assertThat(decided.get(tp("t", 2)).kind()).isEqualTo(Kind.NO_ELIGIBLE_LEADER);

        ControllerResult<Set<TopicPartition>> result = handler.afterWrite(1, f.store(write));
        assertThat(result.answer()).containsExactly(tp("t", 2));
        assertThat(result.requests().leaderAndIsr()).isEqualTo(Map.of(2, Set.of(tp("t", 0), tp("t", 1))));
        assertThat(result.requests().stopReplica()).isEqualTo(Map.of(1, Set.of(tp("t", 0), tp("t", 1))));
        assertThat(result.requests().stopAndDelete()).isEmpty();
        assertThat(result.requests().metadataForAll()).containsExactly(tp("t", 0), tp("t", 1));
    }

    @Test
    void aBrokerThatIsNotLiveIsAnsweredFromTheCacheAndAnOlderProcessIsRefused() {
        ClusterFixture f = cluster();
        ControlledShutdownHandler handler = new ControlledShutdownHandler(f.ctx, f.deciders(), ClusterFixture.LOG_PREFIX);

        assertThat(handler.answerIfNotLive(9)).contains(Set.of());
        assertThat(handler.staleEpoch(1, 555)).hasValueSatisfying(e ->
                assertThat(e.getMessage()).contains("broker epoch 555").contains("epoch 101"));
        assertThat(handler.staleEpoch(1, 101)).isEmpty();
        assertThat(handler.staleEpoch(1, BrokerRegistration.NO_EPOCH)).isEmpty();
        assertThat(f.ctx.shuttingDown()).isEmpty();
    }
}
