package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.replog.netty.protocol.MalformedMessageException;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.message.ControlledShutdownRequestMessage;
import io.replog.netty.protocol.message.ControlledShutdownResponseMessage;
import io.replog.netty.protocol.message.KafkaApi;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage;
import io.replog.netty.protocol.message.StopReplicaRequestMessage;
import io.replog.netty.protocol.message.StopReplicaResponseMessage;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage;
import io.replog.netty.protocol.message.UpdateMetadataResponseMessage;
import io.replog.netty.server.RequestProcessor;
import io.replog.netty.server.ResponseBody;
import io.replog.netty.wire.RequestFrame;
import io.replog.netty.wire.RequestHeader;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What a replog broker's listener runs: the client APIs exactly as {@link KafkaRequestProcessor}
 * serves them, and the four inter-broker APIs (LeaderAndIsr, StopReplica, UpdateMetadata,
 * ControlledShutdown) at the one version of each {@link InterBrokerTranslator} serves, decoded,
 * handed to core's {@link RequestHandler} and encoded back.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The inter-broker APIs are accepted on every listener it serves (replog has one listener
 *       per broker today, and a controller reaches a broker through its registration's first
 *       endpoint), but ApiVersions, answered by the client processor, never advertises them.</li>
 *   <li>An inter-broker request comes from a broker: its {@link RequestSource} is
 *       {@link RequestSource#broker} of the controller id (LeaderAndIsr, StopReplica,
 *       UpdateMetadata) or of the stopping broker's id (ControlledShutdown).</li>
 *   <li>An inter-broker API at another version, or with a malformed body, closes the connection
 *       (logged at WARN): the codecs cannot write a response at a version they do not know.</li>
 *   <li>A handler that throws, fails its future or answers another type gets the API's response
 *       with UNKNOWN_SERVER_ERROR (-1) at the top level; a null future gets no response.</li>
 *   <li>Nothing blocks; every inter-broker request is translated before {@code process} returns,
 *       so no reference to the frame is kept.</li>
 * </ul>
 */
public final class BrokerRequestProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRequestProcessor.class);

    private final RequestHandler handler;
    private final KafkaRequestProcessor clients;
    private final String connectionId;
    private final TopicIdCache topicIds;

    /**
     * A processor for every connection of one listener; the arguments are
     * {@link KafkaRequestProcessor}'s.
     */
    public BrokerRequestProcessor(RequestHandler handler, String clusterId, String listener, String connectionId) {
        this(handler, clusterId, listener, connectionId, new TopicIdCache());
    }

    /**
     * A processor whose Produce and Fetch v13+ resolve topic ids through {@code topicIds}, shared by
     * every listener of the broker: an UpdateMetadata arriving on any of them invalidates it once
     * core has applied it.
     */
    public BrokerRequestProcessor(RequestHandler handler, String clusterId, String listener, String connectionId,
                                  TopicIdCache topicIds) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.topicIds = Objects.requireNonNull(topicIds, "topicIds");
        this.clients = new KafkaRequestProcessor(handler, clusterId, listener, connectionId, topicIds);
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
    }

    @Override
    public CompletableFuture<ResponseBody> process(RequestFrame frame) {
        RequestHeader header = frame.header();
        KafkaApi api = KafkaApi.forKey(header.apiKey());
        if (api == null || api.clientFacing()) {
            return clients.process(frame);
        }
        short v = header.apiVersion();
        if (!api.supports(v)) {
            return close(header, api.apiName() + " v" + v + " is not served; replog serves v" + api.lowestVersion()
                    + ".." + api.highestVersion());
        }
        try {
            return serve(api, v, frame.body(), header);
        } catch (MalformedMessageException e) {
            LOG.warn("closing connection {}: malformed {} v{} body, correlation id {}, client {}: {}",
                    connectionId, api.apiName(), v, header.correlationId(), header.clientId(), e.getMessage());
            return CompletableFuture.failedFuture(new CorruptedFrameException("malformed " + api.apiName() + " v"
                    + v + " body: " + e.getMessage(), e));
        }
    }

    private CompletableFuture<ResponseBody> serve(KafkaApi api, short v, ByteBuf body, RequestHeader header) {
        return switch (api) {
            case LEADER_AND_ISR -> {
                LeaderAndIsrRequest r = InterBrokerTranslator.toCore(LeaderAndIsrRequestMessage.read(body, v), v);
                yield ask(header, r.controllerId(), r, v, LeaderAndIsrResponse.class,
                        resp -> InterBrokerTranslator.toKafka(resp, InterBrokerTranslator.topicIds(r), v),
                        code -> new LeaderAndIsrResponseMessage(code, List.of()));
            }
            case STOP_REPLICA -> {
                StopReplicaRequest r = InterBrokerTranslator.toCore(StopReplicaRequestMessage.read(body, v), v);
                yield ask(header, r.controllerId(), r, v, StopReplicaResponse.class,
                        resp -> InterBrokerTranslator.toKafka(resp, v),
                        code -> new StopReplicaResponseMessage(code, List.of()));
            }
            case UPDATE_METADATA -> {
                UpdateMetadataRequest r = InterBrokerTranslator.toCore(UpdateMetadataRequestMessage.read(body, v), v);
                // Invalidated once core answered (it applied the update, or refused it: either way
                // dropping the ids costs one query); before, a query would read the old metadata.
                yield ask(header, r.controllerId(), r, v, UpdateMetadataResponse.class,
                        resp -> InterBrokerTranslator.toKafka(resp, v),
                        code -> new UpdateMetadataResponseMessage(code))
                        .whenComplete((answered, error) -> topicIds.invalidate());
            }
            case CONTROLLED_SHUTDOWN -> {
                ControlledShutdownRequest r = InterBrokerTranslator.toCore(
                        ControlledShutdownRequestMessage.read(body, v), v);
                yield ask(header, r.brokerId(), r, v, ControlledShutdownResponse.class,
                        resp -> InterBrokerTranslator.toKafka(resp, v),
                        code -> new ControlledShutdownResponseMessage(code, List.of()));
            }
            default -> throw new IllegalStateException(api.apiName() + " is a client API");
        };
    }

    private <R extends Response> CompletableFuture<ResponseBody> ask(
            RequestHeader header, int brokerId, Request request, short v, Class<R> type,
            Function<R, MessageBody> encode, Function<Short, MessageBody> failed) {
        CompletableFuture<Response> future;
        try {
            future = handler.handle(brokerId >= 0 ? RequestSource.broker(brokerId)
                    : RequestSource.client(header.clientId(), connectionId), request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future == null) {
            return RequestProcessor.noResponse();
        }
        return future.handle((resp, error) -> {
            if (error == null && type.isInstance(resp)) {
                return KafkaRequestProcessor.encode(encode.apply(type.cast(resp)), v);
            }
            // A retriable refusal (e.g. the broker's own registration has not completed) travels
            // as a retriable code, so the controller resends rather than taking it as final.
            return KafkaRequestProcessor.encode(
                    failed.apply(KafkaRequestProcessor.failureCode(header, error, resp).code()), v);
        });
    }

    private CompletableFuture<ResponseBody> close(RequestHeader header, String why) {
        LOG.warn("closing connection {}: {} (correlation id {}, client {})", connectionId, why,
                header.correlationId(), header.clientId());
        // The peer's fault, as in KafkaRequestProcessor: closed with a WARN, never logged as an ERROR.
        return CompletableFuture.failedFuture(new CorruptedFrameException(why));
    }
}
