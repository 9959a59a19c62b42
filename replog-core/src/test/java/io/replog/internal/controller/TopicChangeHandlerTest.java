package io.replog.internal.controller;

import io.replog.coordinator.TopicAssignment;
import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.internal.controller.TopicChangeHandler.TopicChange;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link TopicChangeHandler}'s decisions, checked from a hand-built context. */
class TopicChangeHandlerTest {

    private static TopicChangeHandler handler(ClusterFixture f) {
        return new TopicChangeHandler(f.ctx, f.deletions, f.deciders(), ClusterFixture.LOG_PREFIX);
    }

    @Test
    void newPartitionsGetAStateChangedConfigsReachTheReplicasAndMissingTopicsAreAnnouncedGone() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("a", 1L, Map.of(), List.of(1, 2));
        f.state(tp("a", 0), 1, 1, 1, 2);
        f.topic("gone", 2L, Map.of(), List.of(2));
        f.state(tp("gone", 0), 2, 1, 2);
        TopicChangeHandler handler = handler(f);

        TopicChange change = handler.update(Map.of(
                "a", new TopicAssignment("a", new TopicId(0L, 1L), Map.of(0, List.of(1, 2), 1, List.of(2, 1)),
                        Map.of("min.insync.replicas", "2")),
                "b", new TopicAssignment("b", new TopicId(0L, 3L), Map.of(0, List.of(2, 3)), Map.of())));

        assertThat(change.newPartitions()).containsExactly(tp("a", 1), tp("b", 0));
        assertThat(change.reconfigured()).containsExactly(tp("a", 0));
        assertThat(change.removed()).containsExactly("gone");
        assertThat(f.ctx.hasTopic("gone")).isFalse();
        assertThat(f.ctx.topic("a").configs()).containsEntry("min.insync.replicas", "2");

        Map<TopicPartition, PartitionStateChange> decided = handler.newPartitions(change).preview(f.ctx);
        assertThat(decided.get(tp("a", 1)).kind()).isEqualTo(Kind.INITIALIZED);
        assertThat(decided.get(tp("a", 1)).proposed().leader()).isEqualTo(2);
        assertThat(decided.get(tp("b", 0)).proposed().isr()).containsExactly(2);

        BrokerRequests requests = handler.requests(change, f.store(handler.newPartitions(change)));
        assertThat(requests.leaderAndIsrTo(1)).containsExactly(tp("a", 0), tp("a", 1));
        assertThat(requests.leaderAndIsrTo(2)).containsExactly(tp("a", 0), tp("a", 1), tp("b", 0));
        assertThat(requests.deletedTopics()).containsExactly("gone");
        assertThat(requests.metadataToAll()).isTrue();
        assertThat(requests.metadataForAll()).containsExactly(tp("a", 1), tp("b", 0));
    }

    @Test
    void aTopicWithANewIdIsANewTopicOfTheSameName() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("a", 1L, Map.of(), List.of(1, 2));
        f.state(tp("a", 0), 2, 5, 2, 1);
        TopicChangeHandler handler = handler(f);

        TopicChange change = handler.update(Map.of(
                "a", new TopicAssignment("a", new TopicId(0L, 9L), Map.of(0, List.of(1, 2)), Map.of())));

        assertThat(change.newPartitions()).containsExactly(tp("a", 0));
        assertThat(f.ctx.state(tp("a", 0))).isNull();
        PartitionStateChange decided = handler.newPartitions(change).preview(f.ctx).get(tp("a", 0));
        assertThat(decided.kind()).isEqualTo(Kind.INITIALIZED);
        assertThat(decided.proposed().leaderEpoch()).isZero();
    }

    @Test
    void aSnapshotWithNothingNewSendsNothing() {
        ClusterFixture f = new ClusterFixture().live(1);
        f.topic("a", 1L, Map.of(), List.of(1));
        f.state(tp("a", 0), 1, 1, 1);
        TopicChangeHandler handler = handler(f);

        TopicChange change = handler.update(Map.of("a", f.ctx.topic("a")));

        assertThat(change.newPartitions()).isEmpty();
        assertThat(handler.requests(change, f.store(handler.newPartitions(change))).isEmpty()).isTrue();
    }
}
