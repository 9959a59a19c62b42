package io.replog.internal.broker;

import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.RetriableException;
import io.replog.protocol.ControllerRequest;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides whether this broker process may obey a controller request (KIP-380). A process obeys
 * nothing until its own registration is stored, because until then every decision it could
 * receive was made for an earlier process of the same id, which may have held data this one lost
 * (a power loss keeps only what was fsynced). Once registered it refuses requests naming an older
 * registration with {@link Errors#STALE_BROKER_EPOCH}, which the controller takes as proof of a
 * restart. Event-loop confined.
 */
final class RegistrationGate {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationGate.class);

    private final int brokerId;
    private final PlantedBugs bugs;
    private long brokerEpoch = BrokerRegistration.NO_EPOCH;

    /** @param bugs asked for {@link PlantedBug#BROKER_EPOCH_IGNORED}, the pre-KIP-380 bug: obey whatever arrives */
    RegistrationGate(int brokerId, PlantedBugs bugs) {
        this.brokerId = brokerId;
        this.bugs = bugs;
    }

    void registered(long epoch) {
        brokerEpoch = epoch;
    }

    /** The session ended: the next registration gets a new epoch, and nothing is obeyed until then. */
    void unregistered() {
        brokerEpoch = BrokerRegistration.NO_EPOCH;
    }

    long brokerEpoch() {
        return brokerEpoch;
    }

    /**
     * The answer refusing {@code request}, or empty if it may be served. A refusal that a retry
     * can cure (not registered yet, or the registration reply still on its way) fails with a
     * {@link RetriableException}, which the controller's channel retries.
     */
    Optional<CompletableFuture<Response>> check(ControllerRequest request, int newestControllerEpoch) {
        if (request.controllerEpoch() < newestControllerEpoch) {
            return Optional.of(CompletableFuture.completedFuture(refusal(request, Errors.STALE_CONTROLLER_EPOCH)));
        }
        if (bugs.has(PlantedBug.BROKER_EPOCH_IGNORED)) {
            return Optional.empty();
        }
        if (brokerEpoch == BrokerRegistration.NO_EPOCH) {
            return Optional.of(CompletableFuture.failedFuture(new RetriableException("broker " + brokerId
                    + " is not registered yet: it obeys no " + request.apiKey() + " until it is")));
        }
        if (request.brokerEpoch() < brokerEpoch) {
            LOG.info("[broker {}] refusing {} from controller {} (epoch {}): it names broker epoch {}, this process "
                            + "registered with {}", brokerId, request.apiKey(), request.controllerId(),
                    request.controllerEpoch(), request.brokerEpoch(), brokerEpoch);
            return Optional.of(CompletableFuture.completedFuture(refusal(request, Errors.STALE_BROKER_EPOCH)));
        }
        if (request.brokerEpoch() > brokerEpoch) {
            return Optional.of(CompletableFuture.failedFuture(new RetriableException("broker " + brokerId + " got "
                    + request.apiKey() + " for broker epoch " + request.brokerEpoch() + ", newer than its own "
                    + brokerEpoch + "; its registration reply has not arrived yet")));
        }
        return Optional.empty();
    }

    private static Response refusal(ControllerRequest request, Errors error) {
        if (request instanceof LeaderAndIsrRequest) {
            return new LeaderAndIsrResponse(error, Map.of());
        }
        if (request instanceof io.replog.protocol.StopReplicaRequest) {
            return new StopReplicaResponse(error, Map.of());
        }
        return new UpdateMetadataResponse(error);
    }
}
