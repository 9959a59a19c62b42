package io.replog.internal.broker;

import io.replog.internal.replica.ReplicaManager;
import io.replog.protocol.ApiKey;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;

import java.util.concurrent.CompletableFuture;

/**
 * Hands each request a broker obeys to the part that answers it, by its {@link ApiKey}. The
 * dispatch is a {@code switch} over every key with no default branch, so a new key does not
 * compile until it has a handler. A request whose type does not match its key, or a key the
 * broker is never asked (API_VERSIONS is the transport's), is refused with an
 * {@link IllegalArgumentException} naming both. Event loop only; the registration checks on
 * controller requests are the broker's, before dispatch.
 */
final class RequestDispatcher {
    private final ReplicaManager replicas;
    private final MetadataCache metadata;
    private final BrokerAddresses transport;
    private final ControllerHost controllerHost;
    private final TopicAdmin topics;
    private final ConfigDescriber configs;

    RequestDispatcher(ReplicaManager replicas, MetadataCache metadata, BrokerAddresses transport,
                      ControllerHost controllerHost, TopicAdmin topics, ConfigDescriber configs) {
        this.replicas = replicas;
        this.metadata = metadata;
        this.transport = transport;
        this.controllerHost = controllerHost;
        this.topics = topics;
        this.configs = configs;
    }

    /** The answer to {@code request} (an acks=0 produce's is not sent: the transport only looks for refusals). */
    CompletableFuture<Response> dispatch(Request request) {
        ApiKey key = request.apiKey();
        return switch (key) {
            case PRODUCE -> produce(expect(key, request, ProduceRequest.class));
            case FETCH -> fetch(expect(key, request, FetchRequest.class));
            case LIST_OFFSETS -> listOffsets(expect(key, request, ListOffsetsRequest.class));
            case METADATA -> metadata(expect(key, request, MetadataRequest.class));
            case LEADER_AND_ISR -> leaderAndIsr(expect(key, request, LeaderAndIsrRequest.class));
            case STOP_REPLICA -> stopReplica(expect(key, request, StopReplicaRequest.class));
            case UPDATE_METADATA -> updateMetadata(expect(key, request, UpdateMetadataRequest.class));
            case CONTROLLED_SHUTDOWN -> controlledShutdown(expect(key, request, ControlledShutdownRequest.class));
            case API_VERSIONS -> throw new IllegalArgumentException("broker got an " + key + " request ("
                    + request.getClass().getName() + "): API versions are negotiated by the transport");
            case CREATE_TOPICS -> createTopics(expect(key, request, CreateTopicsRequest.class));
            case DELETE_TOPICS -> deleteTopics(expect(key, request, DeleteTopicsRequest.class));
            case OFFSET_FOR_LEADER_EPOCH -> offsetForLeaderEpoch(expect(key, request,
                    OffsetForLeaderEpochRequest.class));
            case ELECT_LEADERS -> electLeaders(expect(key, request, ElectLeadersRequest.class));
            case DESCRIBE_CONFIGS -> configs.describe(expect(key, request, DescribeConfigsRequest.class));
        };
    }

    /** {@code request} as the type {@code key} stands for, or a refusal naming both. */
    static <R extends Request> R expect(ApiKey key, Request request, Class<R> type) {
        if (!type.isInstance(request)) {
            throw new IllegalArgumentException("a " + key + " request must be a " + type.getSimpleName()
                    + ", got " + request.getClass().getName());
        }
        return type.cast(request);
    }

    private CompletableFuture<Response> produce(ProduceRequest r) {
        return replicas.handleProduce(r);
    }

    private CompletableFuture<Response> fetch(FetchRequest r) {
        return replicas.handleFetch(r);
    }

    private CompletableFuture<Response> listOffsets(ListOffsetsRequest r) {
        return done(replicas.handleListOffsets(r));
    }

    private CompletableFuture<Response> offsetForLeaderEpoch(OffsetForLeaderEpochRequest r) {
        return done(replicas.handleOffsetForLeaderEpoch(r));
    }

    private CompletableFuture<Response> metadata(MetadataRequest r) {
        return done(metadata.describe(r));
    }

    private CompletableFuture<Response> leaderAndIsr(LeaderAndIsrRequest r) {
        // The leaders' addresses come with the request, before any UpdateMetadata names them; they
        // are some of the live brokers, so they add to what is known and replace nothing.
        transport.learn(r.leaders());
        return done(replicas.handleLeaderAndIsr(r));
    }

    private CompletableFuture<Response> stopReplica(StopReplicaRequest r) {
        return done(replicas.handleStopReplica(r));
    }

    private CompletableFuture<Response> updateMetadata(UpdateMetadataRequest r) {
        if (!metadata.update(r)) {
            return done(new UpdateMetadataResponse(Errors.STALE_CONTROLLER_EPOCH));
        }
        transport.updateBrokers(r.liveBrokers());
        topics.onMetadataUpdated();
        return done(new UpdateMetadataResponse(Errors.NONE));
    }

    private CompletableFuture<Response> createTopics(CreateTopicsRequest r) {
        return topics.create(r);
    }

    private CompletableFuture<Response> deleteTopics(DeleteTopicsRequest r) {
        return topics.delete(r);
    }

    private CompletableFuture<Response> controlledShutdown(ControlledShutdownRequest r) {
        return controllerHost.controlledShutdown(r);
    }

    private CompletableFuture<Response> electLeaders(ElectLeadersRequest r) {
        return controllerHost.electLeaders(r);
    }

    private static CompletableFuture<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
