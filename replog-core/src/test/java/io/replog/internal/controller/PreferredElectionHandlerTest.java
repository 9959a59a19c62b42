package io.replog.internal.controller;

import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.internal.controller.PreferredElectionHandler.Targets;
import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link PreferredElectionHandler}'s decisions, checked from a hand-built context. */
class PreferredElectionHandlerTest {

    private static PreferredElectionHandler handler(ClusterFixture f) {
        return new PreferredElectionHandler(f.ctx, f.deciders(), f.config, ClusterFixture.LOG_PREFIX);
    }

    @Test
    void eachPartitionAskedForGetsItsOwnAnswer() {
        ClusterFixture f = new ClusterFixture().live(1, 2, 3);
        f.topic("t", List.of(1, 2), List.of(2, 1), List.of(3, 1), List.of(1, 2));
        f.state(tp("t", 0), 2, 1, 2, 1);
        f.state(tp("t", 1), 2, 1, 2, 1);
        f.state(tp("t", 2), 1, 1, 1);
        PreferredElectionHandler handler = handler(f);

        Targets targets = handler.classify(null);
        assertThat(targets.unknown()).isEqualTo(Map.of(tp("t", 3), Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(targets.known()).containsExactly(tp("t", 0), tp("t", 1), tp("t", 2));

        ControllerResult<Map<TopicPartition, Errors>> result = handler.answer(targets,
                f.store(handler.elect(targets.known(), "preferred replica election")));

        assertThat(result.answer()).isEqualTo(Map.of(tp("t", 0), Errors.NONE, tp("t", 1), Errors.ELECTION_NOT_NEEDED,
                tp("t", 2), Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, tp("t", 3), Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(f.ctx.state(tp("t", 0)).leader()).isEqualTo(1);
        assertThat(result.requests().leaderAndIsr()).isEqualTo(Map.of(1, Set.of(tp("t", 0)), 2, Set.of(tp("t", 0))));
        assertThat(result.requests().metadataForAll()).containsExactly(tp("t", 0));
    }

    @Test
    void aPartitionWhoseWriteKeptLosingTimesOutAndNothingIsSentWithoutAChange() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("t", List.of(1, 2));
        f.state(tp("t", 0), 2, 1, 2, 1);
        PreferredElectionHandler handler = handler(f);
        Targets targets = handler.classify(Set.of(tp("t", 0), tp("x", 0)));
        PartitionStateChange decided = handler.elect(targets.known(), "test").preview(f.ctx).get(tp("t", 0));

        ControllerResult<Map<TopicPartition, Errors>> result = handler.answer(targets,
                new PartitionStateWriter.Outcome(Map.of(tp("t", 0), decided), Map.of(), Set.of(tp("t", 0))));

        assertThat(result.answer()).isEqualTo(Map.of(tp("t", 0), Errors.REQUEST_TIMED_OUT,
                tp("x", 0), Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(result.requests().isEmpty()).isTrue();
    }

    @Test
    void theRebalanceCheckPicksPartitionsOfBrokersAboveTheImbalanceThreshold() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("u", List.of(1, 2), List.of(1, 2));
        f.state(tp("u", 0), 2, 1, 2, 1);
        f.state(tp("u", 1), 1, 1, 1, 2);

        assertThat(handler(f).imbalanced()).containsExactly(tp("u", 0));

        f.config = f.config.withLeaderImbalancePerBrokerPercent(60);
        assertThat(handler(f).imbalanced()).isEmpty();
    }

    @Test
    void aTopicBeingDeletedIsLeftAlone() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("t", List.of(1, 2));
        f.state(tp("t", 0), 2, 1, 2, 1);
        f.deletions.start("t", Map.of(tp("t", 0), List.of(1, 2)));

        PartitionStateChange decided = handler(f).elect(List.of(tp("t", 0)), "test").preview(f.ctx).get(tp("t", 0));

        assertThat(decided.kind()).isEqualTo(Kind.NO_CHANGE);
    }
}
