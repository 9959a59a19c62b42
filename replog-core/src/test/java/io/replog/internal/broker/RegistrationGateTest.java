package io.replog.internal.broker;

import io.replog.internal.fault.PlantedBugs;
import io.replog.errors.RetriableException;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationGateTest {
    private static LeaderAndIsrRequest leaderAndIsr(int controllerEpoch, long brokerEpoch) {
        return new LeaderAndIsrRequest(0, controllerEpoch, brokerEpoch, List.of(), List.of());
    }

    @Test
    void anUnregisteredProcessObeysNothingAndSaysWhy() {
        RegistrationGate gate = new RegistrationGate(3, PlantedBugs.NONE);
        Optional<CompletableFuture<Response>> refused = gate.check(leaderAndIsr(1, 7), 1);
        assertThat(refused).isPresent();
        assertThatThrownBy(() -> refused.get().get()).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RetriableException.class).hasMessageContaining("broker 3 is not registered yet");
    }

    @Test
    void aRequestForAnEarlierRegistrationIsRefusedAsStaleBrokerEpoch() throws Exception {
        RegistrationGate gate = new RegistrationGate(3, PlantedBugs.NONE);
        gate.registered(9);
        assertThat(((LeaderAndIsrResponse) gate.check(leaderAndIsr(1, 7), 1).orElseThrow().get()).error())
                .isEqualTo(Errors.STALE_BROKER_EPOCH);
        assertThat(((StopReplicaResponse) gate.check(new StopReplicaRequest(0, 1, 7, true, List.of()), 1)
                .orElseThrow().get()).error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
        assertThat(((UpdateMetadataResponse) gate.check(new UpdateMetadataRequest(0, 1, 7, List.of(), List.of(),
                Set.of()), 1).orElseThrow().get()).error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
    }

    @Test
    void theCurrentRegistrationIsServedAndANewerOneWaitsForTheRegistrationReply() {
        RegistrationGate gate = new RegistrationGate(3, PlantedBugs.NONE);
        gate.registered(9);
        assertThat(gate.check(leaderAndIsr(1, 9), 1)).isEmpty();
        assertThat(gate.check(leaderAndIsr(1, 10), 1).orElseThrow()).isCompletedExceptionally();
    }

    @Test
    void aStaleControllerEpochIsRefusedFirstAndSessionExpiryUnregisters() throws Exception {
        RegistrationGate gate = new RegistrationGate(3, PlantedBugs.NONE);
        gate.registered(9);
        assertThat(((LeaderAndIsrResponse) gate.check(leaderAndIsr(1, 9), 2).orElseThrow().get()).error())
                .isEqualTo(Errors.STALE_CONTROLLER_EPOCH);
        gate.unregistered();
        assertThat(gate.check(leaderAndIsr(2, 9), 2).orElseThrow()).isCompletedExceptionally();
    }
}
