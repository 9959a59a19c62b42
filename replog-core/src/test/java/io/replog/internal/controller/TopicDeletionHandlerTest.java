package io.replog.internal.controller;

import io.replog.internal.controller.TopicDeletionHandler.DeletionStart;
import io.replog.internal.fault.PlantedBug;
import io.replog.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link TopicDeletionHandler}'s decisions, checked from a hand-built context. */
class TopicDeletionHandlerTest {

    private static ClusterFixture cluster() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("t", List.of(1, 3), List.of(2, 1));
        return f;
    }

    private static TopicDeletionHandler handler(ClusterFixture f) {
        return new TopicDeletionHandler(f.ctx, f.deletions, f.bugs, ClusterFixture.LOG_PREFIX);
    }

    @Test
    void aDeletionIsFinalOnlyOnceEveryReplicaConfirmedIncludingOneThatWasDown() {
        ClusterFixture f = cluster();
        TopicDeletionHandler handler = handler(f);

        DeletionStart start = handler.start(Set.of("t", "unknown"));

        assertThat(start.starting()).containsExactly("t");
        assertThat(start.finished()).isEmpty();
        assertThat(start.requests().deletedTopics()).containsExactly("t");
        assertThat(start.requests().metadataToAll()).isTrue();
        assertThat(start.requests().stopAndDelete())
                .isEqualTo(Map.of(1, Set.of(tp("t", 0), tp("t", 1)), 2, Set.of(tp("t", 1))));
        assertThat(handler.start(Set.of("t")).starting()).isEmpty();

        assertThat(handler.confirmed(1, Map.of(tp("t", 0), Errors.NONE, tp("t", 1), Errors.NONE))).isEmpty();
        assertThat(handler.confirmed(2, Map.of(tp("t", 1), Errors.NONE))).isEmpty();
        assertThat(handler.confirmed(3, Map.of(tp("t", 0), Errors.KAFKA_STORAGE_ERROR))).isEmpty();
        assertThat(handler.confirmed(3, Map.of(tp("t", 0), Errors.NONE))).containsExactly("t");

        handler.removed("t", true);
        assertThat(f.ctx.hasTopic("t")).isFalse();
        assertThat(f.deletions.isDeleting("t")).isFalse();
    }

    @Test
    void withThePlantedBugADeletionIsFinalBeforeTheReplicasThatAreDownAreTold() {
        ClusterFixture f = cluster().withBugs(PlantedBug.STALE_TOPIC_DIRECTORY_REUSED);

        assertThat(handler(f).start(Set.of("t")).finished()).containsExactly("t");
    }

    @Test
    void aResignedControllerOnlyForgetsThePendingDeletion() {
        ClusterFixture f = cluster();
        TopicDeletionHandler handler = handler(f);
        handler.start(Set.of("t"));

        handler.removed("t", false);

        assertThat(f.ctx.hasTopic("t")).isTrue();
        assertThat(f.deletions.isDeleting("t")).isFalse();
    }
}
