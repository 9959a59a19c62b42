package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.replog.internal.controller.ClusterFixture.CONTROLLER_EPOCH;
import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link IsrChangeHandler}'s decisions, checked from a hand-built context. */
class IsrChangeHandlerTest {

    @Test
    void onlyNewerStatesAreTakenInAndAnnounced() {
        ClusterFixture f = new ClusterFixture().live(1, 2);
        f.topic("t", List.of(1, 2), List.of(2, 1));
        f.state(tp("t", 0), 1, 1, 1, 2);
        f.state(tp("t", 1), 2, 3, 2, 1);
        IsrChangeHandler handler = new IsrChangeHandler(f.ctx, ClusterFixture.LOG_PREFIX);

        List<io.replog.topic.TopicPartition> read = handler.toRead(Set.of(tp("t", 1), tp("t", 0), tp("x", 0)));
        assertThat(read).containsExactly(tp("t", 0), tp("t", 1));

        BrokerRequests requests = handler.update(read, Map.of(
                tp("t", 0), new LeaderAndIsr(1, 1, List.of(1), CONTROLLER_EPOCH, 2),
                tp("t", 1), new LeaderAndIsr(2, 3, List.of(2), CONTROLLER_EPOCH, 3)));

        assertThat(requests.metadataToAll()).isTrue();
        assertThat(requests.metadataForAll()).containsExactly(tp("t", 0));
        assertThat(requests.leaderAndIsr()).isEmpty();
        assertThat(f.ctx.state(tp("t", 0)).isr()).containsExactly(1);
        assertThat(f.ctx.state(tp("t", 1)).isr()).containsExactly(2, 1);

        assertThat(handler.update(read, Map.of()).isEmpty()).isTrue();
    }
}
