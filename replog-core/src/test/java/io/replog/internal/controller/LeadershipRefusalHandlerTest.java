package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.internal.controller.LeadershipRefusalHandler.Refusal;
import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.replog.internal.controller.ClusterFixture.tp;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link LeadershipRefusalHandler}'s decisions, checked from a hand-built context. */
class LeadershipRefusalHandlerTest {

    private static ClusterFixture cluster() {
        ClusterFixture f = new ClusterFixture().live(1, 2, 3);
        f.topic("t", List.of(1, 2, 3));
        f.state(tp("t", 0), 1, 4, 1, 2, 3);
        return f;
    }

    /** Broker 1's answer refusing the leadership of t-0 that a request at {@code leaderEpoch} gave it. */
    private static Refusal refusalAt(ClusterFixture f, int leaderEpoch) {
        LeaderAndIsrRequest request = new LeaderAndIsrRequest(0, ClusterFixture.CONTROLLER_EPOCH, 101, List.of(
                new LeaderAndIsrRequest.PartitionState(tp("t", 0), f.ctx.topic("t").topicId(),
                        new LeaderAndIsr(1, leaderEpoch, List.of(1, 2, 3), ClusterFixture.CONTROLLER_EPOCH, leaderEpoch),
                        List.of(1, 2, 3), Map.of())), List.of());
        LeaderAndIsrResponse response = new LeaderAndIsrResponse(Errors.NONE, Map.of(tp("t", 0), Errors.INELIGIBLE_REPLICA));
        return LeadershipRefusalHandler.refusal(1, request, response).orElseThrow();
    }

    @Test
    void aRefusedLeadershipGoesToAnotherIsrMemberAndTheRefusingBrokerLeavesTheIsr() {
        ClusterFixture f = cluster();
        LeadershipRefusalHandler handler = new LeadershipRefusalHandler(f.ctx, f.deciders());

        StateWrite write = handler.reelect(refusalAt(f, 4));
        PartitionStateChange decided = write.preview(f.ctx).get(tp("t", 0));

        assertThat(decided.kind()).isEqualTo(Kind.LEADER_ELECTED);
        assertThat(decided.proposed().leader()).isEqualTo(2);
        assertThat(decided.proposed().isr()).containsExactly(2, 3);
        BrokerRequests requests = handler.requests(f.store(write));
        assertThat(requests.leaderAndIsr().keySet()).containsExactly(1, 2, 3);
        assertThat(requests.metadataForAll()).containsExactly(tp("t", 0));
    }

    @Test
    void aLateRefusalOfAnOlderLeadershipChangesNothing() {
        ClusterFixture f = cluster();
        LeadershipRefusalHandler handler = new LeadershipRefusalHandler(f.ctx, f.deciders());

        assertThat(handler.reelect(refusalAt(f, 3)).preview(f.ctx).get(tp("t", 0)).kind()).isEqualTo(Kind.NO_CHANGE);
    }

    @Test
    void anAnswerWithoutRefusalsIsNoRefusal() {
        LeaderAndIsrRequest request = new LeaderAndIsrRequest(0, 1, 101, List.of(), List.of());
        LeaderAndIsrResponse ok = new LeaderAndIsrResponse(Errors.NONE, Map.of(tp("t", 0), Errors.NONE));

        assertThat(LeadershipRefusalHandler.refusal(1, request, ok)).isEmpty();
    }
}
