package io.replog.internal.controller;

import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A broker stand-in that records the controller requests it receives and acknowledges them,
 * refusing a request from a controller epoch older than one it has seen (as a real broker does).
 */
final class StubBroker implements RequestHandler {
    final int id;
    final List<Request> received = new ArrayList<>();
    int highestControllerEpoch;
    /**
     * While true, LeaderAndIsr requests are recorded but not answered until {@link #answerHeld}
     * (a broker the controller cannot reach for a while, whose answer arrives late).
     */
    boolean holdLeaderAndIsr;
    private final List<CompletableFuture<Response>> held = new ArrayList<>();
    private final List<LeaderAndIsrRequest> heldRequests = new ArrayList<>();

    StubBroker(int id) {
        this.id = id;
    }

    @Override
    public CompletableFuture<Response> handle(RequestSource source, Request request) {
        received.add(request);
        int epoch;
        if (request instanceof LeaderAndIsrRequest r) {
            epoch = r.controllerEpoch();
        } else if (request instanceof UpdateMetadataRequest r) {
            epoch = r.controllerEpoch();
        } else if (request instanceof StopReplicaRequest r) {
            epoch = r.controllerEpoch();
        } else {
            throw new UnsupportedOperationException("stub broker " + id + " got " + request.apiKey());
        }
        if (holdLeaderAndIsr && request instanceof LeaderAndIsrRequest r) {
            CompletableFuture<Response> answer = new CompletableFuture<>();
            held.add(answer);
            heldRequests.add(r);
            return answer;
        }
        boolean stale = epoch < highestControllerEpoch;
        highestControllerEpoch = Math.max(highestControllerEpoch, epoch);
        Errors error = stale ? Errors.STALE_CONTROLLER_EPOCH : Errors.NONE;
        Response response;
        if (request instanceof LeaderAndIsrRequest r) {
            response = new LeaderAndIsrResponse(error, perPartition(
                    r.partitions().stream().map(LeaderAndIsrRequest.PartitionState::partition).toList()));
        } else if (request instanceof UpdateMetadataRequest) {
            response = new UpdateMetadataResponse(error);
        } else {
            response = new StopReplicaResponse(error, perPartition(((StopReplicaRequest) request).partitions()));
        }
        return CompletableFuture.completedFuture(response);
    }

    /** Answers the held LeaderAndIsr requests, each partition with {@code error}, and stops holding. */
    void answerHeld(Errors error) {
        holdLeaderAndIsr = false;
        for (int i = 0; i < held.size(); i++) {
            Map<TopicPartition, Errors> errors = new TreeMap<>();
            heldRequests.get(i).partitions().forEach(ps -> errors.put(ps.partition(), error));
            held.get(i).complete(new LeaderAndIsrResponse(Errors.NONE, errors));
        }
        held.clear();
        heldRequests.clear();
    }

    private static Map<TopicPartition, Errors> perPartition(List<TopicPartition> partitions) {
        Map<TopicPartition, Errors> m = new TreeMap<>();
        partitions.forEach(tp -> m.put(tp, Errors.NONE));
        return m;
    }

    <T extends Request> List<T> received(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<LeaderAndIsrRequest> leaderAndIsr() {
        return received(LeaderAndIsrRequest.class);
    }

    List<UpdateMetadataRequest> updateMetadata() {
        return received(UpdateMetadataRequest.class);
    }

    List<StopReplicaRequest> stopReplica() {
        return received(StopReplicaRequest.class);
    }

    /** The partitions named in LeaderAndIsr requests, in arrival order. */
    List<TopicPartition> leaderAndIsrPartitions() {
        return leaderAndIsr().stream().flatMap(r -> r.partitions().stream())
                .map(LeaderAndIsrRequest.PartitionState::partition).toList();
    }

    /** The last state received for {@code tp}, if any. */
    Optional<LeaderAndIsrRequest.PartitionState> lastState(TopicPartition tp) {
        Optional<LeaderAndIsrRequest.PartitionState> last = Optional.empty();
        for (LeaderAndIsrRequest r : leaderAndIsr()) {
            for (LeaderAndIsrRequest.PartitionState s : r.partitions()) {
                if (s.partition().equals(tp)) {
                    last = Optional.of(s);
                }
            }
        }
        return last;
    }

    /** The API keys received, in order, as text: "LEADER_AND_ISR, UPDATE_METADATA". */
    List<String> apiKeys() {
        return received.stream().map(r -> r.apiKey().name()).toList();
    }

    void clear() {
        received.clear();
    }
}
