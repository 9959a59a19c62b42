package io.replog.internal.controller;

import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link LogDirFailureHandler}'s decisions, checked from a hand-built context. */
class LogDirFailureHandlerTest {

    private static ClusterFixture cluster() {
        ClusterFixture f = new ClusterFixture().live(1, 2, 3);
        f.topic("t", List.of(1, 2, 3), List.of(2, 1, 3), List.of(1, 3));
        f.state(tp("t", 0), 1, 1, 1, 2, 3);
        f.state(tp("t", 1), 2, 1, 2, 1, 3);
        return f;
    }

    @Test
    void theBrokerIsAskedWhichOfItsReplicasWithAStateAreOffline() {
        ClusterFixture f = cluster();
        LogDirFailureHandler handler = new LogDirFailureHandler(f.ctx, ClusterFixture.LOG_PREFIX);

        BrokerRequests requests = handler.logDirFailed(1);

        assertThat(requests.leaderAndIsr()).isEqualTo(Map.of(1, Set.of(tp("t", 0), tp("t", 1))));
        assertThat(requests.metadataToAll()).isFalse();
        assertThat(handler.logDirFailed(9).isEmpty()).isTrue();
    }

    @Test
    void leadershipAndIsrMembershipMoveOffTheOfflineReplicasAndTheBrokerIsNotToldAgain() {
        ClusterFixture f = cluster();
        LogDirFailureHandler handler = new LogDirFailureHandler(f.ctx, ClusterFixture.LOG_PREFIX);

        StateWrite write = handler.offlineReplicas(1, Set.of(tp("t", 0), tp("t", 1), tp("t", 2)));
        Map<TopicPartition, PartitionStateChange> decided = write.preview(f.ctx);

        assertThat(write.partitions()).containsExactly(tp("t", 0), tp("t", 1));
        assertThat(decided.get(tp("t", 0)).kind()).isEqualTo(Kind.LEADER_ELECTED);
        assertThat(decided.get(tp("t", 0)).proposed().leader()).isEqualTo(2);
        assertThat(decided.get(tp("t", 0)).proposed().isr()).containsExactly(2, 3);
        assertThat(decided.get(tp("t", 1)).kind()).isEqualTo(Kind.ISR_SHRUNK);
        assertThat(decided.get(tp("t", 1)).proposed().isr()).containsExactly(2, 3);
        assertThat(f.ctx.shuttingDown()).isEmpty();

        BrokerRequests requests = handler.afterOfflineReplicas(1, f.store(write));
        assertThat(requests.leaderAndIsr().keySet()).containsExactly(2, 3);
        assertThat(requests.metadataForAll()).containsExactly(tp("t", 0), tp("t", 1));
    }
}
