package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import io.replog.netty.protocol.ApiVersionsFallback;
import io.replog.netty.protocol.MalformedMessageException;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.message.ApiVersionsRequestMessage;
import io.replog.netty.protocol.message.ApiVersionsResponseMessage;
import io.replog.netty.protocol.message.CreateTopicsRequestMessage;
import io.replog.netty.protocol.message.DeleteTopicsRequestMessage;
import io.replog.netty.protocol.message.DescribeClusterRequestMessage;
import io.replog.netty.protocol.message.DescribeClusterResponseMessage;
import io.replog.netty.protocol.message.DescribeConfigsRequestMessage;
import io.replog.netty.protocol.message.ElectLeadersRequestMessage;
import io.replog.netty.protocol.message.ElectLeadersResponseMessage;
import io.replog.netty.protocol.message.FetchRequestMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.InitProducerIdRequestMessage;
import io.replog.netty.protocol.message.InitProducerIdResponseMessage;
import io.replog.netty.protocol.message.KafkaApi;
import io.replog.netty.protocol.message.ListOffsetsRequestMessage;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochRequestMessage;
import io.replog.netty.protocol.message.ProduceRequestMessage;
import io.replog.netty.server.RequestProcessor;
import io.replog.netty.server.ResponseBody;
import io.replog.netty.wire.RequestFrame;
import io.replog.netty.wire.RequestHeader;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Serves Kafka's clients with a core {@link RequestHandler}: decodes each request body with the
 * generated codecs, translates it to a core request, and encodes core's answer at the request's
 * version.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Only {@link ServedApis} versions reach core. An ApiVersions version it does not know is
 *       answered, without parsing its body, by a v0 body with UNSUPPORTED_VERSION (35) and the
 *       served ranges. Another API at an unserved version gets UNSUPPORTED_VERSION in its
 *       top-level error field where the codecs can write that version and the schema has one;
 *       otherwise the connection is closed.</li>
 *   <li>A malformed body closes the connection, logged at WARN with API, version, correlation id
 *       and client id.</li>
 *   <li>A handler that throws or fails its future gets the API's error response for everything
 *       the request named: with the failure's own retriable code when it is a
 *       {@link io.replog.errors.RetriableException} (the client asks again), else with
 *       UNKNOWN_SERVER_ERROR (-1); Metadata, whose "every topic" answer has no error field below
 *       v13, is closed instead.</li>
 *   <li>Produce with acks=0 answers {@link ResponseBody#none()}, and closes the connection on any
 *       error, as Kafka does (the client learns of it no other way). A null future from the handler
 *       is answered {@code none()} too.</li>
 *   <li>Nothing blocks: core's futures are mapped to bodies on whatever thread completes them.</li>
 * </ul>
 *
 * <p>Reference counting: a Produce request's records reach core as views of the frame's buffer,
 * so the frame is retained until core's future completes and released then; for acks=0 there is
 * no future to wait for, so those records are copied to the heap first. Every other request is
 * translated before {@code process} returns and keeps no reference. Response bodies are allocated
 * from {@link ByteBufAllocator#DEFAULT} and owned by the {@link ResponseBody}. A Fetch response's
 * records in log segment files are parts of their own, regions of the file that do not own it
 * ({@link FetchResponseEncoder}), sent from the file on TCP and copied on in-VM channels.
 *
 * <p>InitProducerId: replog does not support idempotent or transactional producers yet; it
 * answers as a Kafka broker answers a client it does not allow them: CLUSTER_AUTHORIZATION_FAILED
 * (31) without a transactional id, TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53) with one, producer id
 * and epoch -1. A Kafka producer must therefore run with {@code enable.idempotence=false}.
 * DescribeCluster is derived from core's metadata (a {@link MetadataRequest} for no topics).
 */
public final class KafkaRequestProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequestProcessor.class);

    private final RequestHandler handler;
    private final String clusterId;
    private final String listener;
    private final String connectionId;
    /** The ids kept between requests, or null: a metadata query per request naming topics by id. */
    private final TopicIdCache topicIds;

    /**
     * A processor, which may serve every connection of a listener.
     *
     * @param handler      core's serving side
     * @param clusterId    the cluster id reported in Metadata and DescribeCluster (null: none)
     * @param listener     the listener whose broker endpoints are reported
     * @param connectionId the {@link RequestSource#connectionId()} of its requests: a
     *                     {@link RequestFrame} does not say which connection it came on, so a
     *                     processor shared by a listener's connections can name only the listener
     */
    public KafkaRequestProcessor(RequestHandler handler, String clusterId, String listener, String connectionId) {
        this(handler, clusterId, listener, connectionId, null);
    }

    /**
     * A processor resolving the topic ids of Produce and Fetch v13+ through {@code topicIds}, which
     * whoever sees the broker's metadata change invalidates ({@link BrokerRequestProcessor} does);
     * {@code null}: a metadata query per such request, for a processor that cannot tell when the
     * metadata changes.
     */
    public KafkaRequestProcessor(RequestHandler handler, String clusterId, String listener, String connectionId,
                                 TopicIdCache topicIds) {
        this.topicIds = topicIds;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.clusterId = clusterId;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
    }

    @Override
    public CompletableFuture<ResponseBody> process(RequestFrame frame) {
        RequestHeader header = frame.header();
        KafkaApi api = KafkaApi.forKey(header.apiKey());
        short version = header.apiVersion();
        if (api == null) {
            return close(header, "API key " + header.apiKey() + " is not served");
        }
        if (!ServedApis.serves(api, version)) {
            return unsupported(api, header);
        }
        try {
            return dispatch(api, version, frame);
        } catch (MalformedMessageException e) {
            LOG.warn("closing connection {}: malformed {} v{} body, correlation id {}, client {}: {}",
                    connectionId, api.apiName(), version, header.correlationId(), header.clientId(), e.getMessage());
            return CompletableFuture.failedFuture(new CorruptedFrameException("malformed " + api.apiName() + " v"
                    + version + " body: " + e.getMessage(), e));
        }
    }

    private CompletableFuture<ResponseBody> dispatch(KafkaApi api, short v, RequestFrame frame) {
        ByteBuf body = frame.body();
        RequestHeader header = frame.header();
        return switch (api) {
            case API_VERSIONS -> {
                ApiVersionsRequestMessage.read(body, v);
                yield done(ApiVersionsResponseMessage.DEFAULT.withApiKeys(ServedApis.advertised()), v);
            }
            case PRODUCE -> produce(ProduceRequestMessage.read(body, v), v, frame);
            case FETCH -> {
                FetchRequestMessage m = FetchRequestMessage.read(body, v);
                boolean byId = FetchTranslator.namesTopicsById(v) && m.sessionId() == 0 && !m.topics().isEmpty();
                yield withTopicIds(header, byId, ids -> fetch(header, m, v, ids));
            }
            case LIST_OFFSETS -> {
                ListOffsetsRequest r = ListOffsetsTranslator.toCore(ListOffsetsRequestMessage.read(body, v), v);
                yield ask(header, r, v, ListOffsetsResponse.class, resp -> ListOffsetsTranslator.toKafka(resp, v),
                        code -> ListOffsetsTranslator.toKafka(ListOffsetsTranslator.failed(r, code), v));
            }
            case METADATA -> {
                MetadataTranslator.Decoded d = MetadataTranslator.toCore(MetadataRequestMessage.read(body, v), v);
                yield ask(header, d.request(), v, MetadataResponse.class,
                        resp -> MetadataTranslator.toKafka(d, resp, clusterId, listener, v), null);
            }
            case CREATE_TOPICS -> {
                CreateTopicsRequest r = TopicsTranslator.toCore(CreateTopicsRequestMessage.read(body, v), v);
                yield ask(header, r, v, CreateTopicsResponse.class, resp -> TopicsTranslator.toKafka(resp, v),
                        code -> TopicsTranslator.toKafka(TopicsTranslator.failed(r, code, null), v));
            }
            case DELETE_TOPICS -> {
                TopicsTranslator.DecodedDelete d = TopicsTranslator.toCore(DeleteTopicsRequestMessage.read(body, v), v);
                if (d.request() == null) {
                    yield done(TopicsTranslator.toKafka(null, d.unknownIds(), v), v);
                }
                yield ask(header, d.request(), v, DeleteTopicsResponse.class,
                        resp -> TopicsTranslator.toKafka(resp, d.unknownIds(), v),
                        code -> TopicsTranslator.toKafka(TopicsTranslator.failed(d.request(), code, null),
                                d.unknownIds(), v));
            }
            case OFFSET_FOR_LEADER_EPOCH -> {
                OffsetForLeaderEpochRequest r = OffsetForLeaderEpochTranslator.toCore(
                        OffsetForLeaderEpochRequestMessage.read(body, v), v);
                yield ask(header, r, v, OffsetForLeaderEpochResponse.class,
                        resp -> OffsetForLeaderEpochTranslator.toKafka(resp, v),
                        code -> OffsetForLeaderEpochTranslator.toKafka(
                                OffsetForLeaderEpochTranslator.failed(r, code), v));
            }
            case ELECT_LEADERS -> {
                ElectLeadersRequestMessage m = ElectLeadersRequestMessage.read(body, v);
                if (!ElectLeadersTranslator.isPreferred(m, v)) {
                    yield done(ElectLeadersTranslator.refuse(m, KafkaCodes.INVALID_REQUEST, v), v);
                }
                ElectLeadersRequest r = ElectLeadersTranslator.toCore(m, v);
                yield ask(header, r, v, ElectLeadersResponse.class, resp -> ElectLeadersTranslator.toKafka(resp, v),
                        code -> ElectLeadersTranslator.refuse(m, code.code(), v));
            }
            case INIT_PRODUCER_ID -> {
                InitProducerIdRequestMessage m = InitProducerIdRequestMessage.read(body, v);
                short code = m.transactionalId() == null ? KafkaCodes.CLUSTER_AUTHORIZATION_FAILED
                        : KafkaCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
                yield done(new InitProducerIdResponseMessage(0, code, -1L, (short) -1), v);
            }
            case DESCRIBE_CLUSTER -> {
                DescribeClusterRequestMessage m = DescribeClusterRequestMessage.read(body, v);
                if (v >= 1 && m.endpointType() != ClusterTranslator.BROKERS) {
                    yield done(ClusterTranslator.refuse(KafkaCodes.UNSUPPORTED_ENDPOINT_TYPE,
                            "replog reports brokers only", m.endpointType()), v);
                }
                yield ask(header, new MetadataRequest(List.of()), v, MetadataResponse.class,
                        resp -> ClusterTranslator.toKafka(resp, clusterId, listener),
                        code -> ClusterTranslator.refuse(code.code(), null, ClusterTranslator.BROKERS));
            }
            case DESCRIBE_CONFIGS -> {
                DescribeConfigsRequestMessage m = DescribeConfigsRequestMessage.read(body, v);
                DescribeConfigsRequest r = DescribeConfigsTranslator.toCore(m, v);
                yield ask(header, r, v, DescribeConfigsResponse.class,
                        resp -> DescribeConfigsTranslator.toKafka(resp, v),
                        code -> DescribeConfigsTranslator.refuse(m, code.code(), null));
            }
            case LEADER_AND_ISR, STOP_REPLICA, UPDATE_METADATA, CONTROLLED_SHUTDOWN ->
                    throw new IllegalStateException(api.apiName() + " is not served by this processor");
        };
    }

    private CompletableFuture<ResponseBody> fetch(RequestHeader header, FetchRequestMessage m, short v, TopicIds ids) {
        FetchTranslator.Decoded d = FetchTranslator.toCore(m, v, ids);
        if (d.sessionError() != KafkaCodes.NONE) {
            return done(FetchTranslator.sessionError(d.sessionError(), v), v);
        }
        FetchRequest r = d.request();
        if (r == null) {
            return done(FetchTranslator.toKafka(d, null, v), v);
        }
        // Log segment bytes go out as file regions, sent from the file on TCP, not copied into the body.
        return askForBody(header, r, FetchResponse.class,
                resp -> FetchResponseEncoder.encode(d, resp, v, ByteBufAllocator.DEFAULT),
                code -> encode(FetchTranslator.toKafka(d, FetchTranslator.failed(r, code), v), v));
    }

    /**
     * Runs {@code next} with the topic ids of core's metadata when {@code needed} (a request naming
     * topics by id), else at once with none. Metadata that cannot be had makes every id
     * UNKNOWN_SERVER_ERROR rather than UNKNOWN_TOPIC_ID: the client should not believe the topic gone.
     */
    private CompletableFuture<ResponseBody> withTopicIds(RequestHeader header, boolean needed,
                                                         Function<TopicIds, CompletableFuture<ResponseBody>> next) {
        if (!needed) {
            return next.apply(TopicIds.NONE);
        }
        if (topicIds != null) {
            return topicIds.get(() -> queryTopicIds(header)).thenCompose(next);
        }
        return queryTopicIds(header).thenCompose(next);
    }

    private CompletableFuture<TopicIds> queryTopicIds(RequestHeader header) {
        CompletableFuture<Response> metadata;
        try {
            metadata = handler.handle(source(header), MetadataRequest.allTopics());
        } catch (RuntimeException e) {
            metadata = CompletableFuture.failedFuture(e);
        }
        if (metadata == null) {
            metadata = CompletableFuture.failedFuture(new IllegalStateException("the handler gave no metadata"));
        }
        return metadata.handle((resp, error) -> {
            if (error == null && resp instanceof MetadataResponse m) {
                return TopicIds.of(m);
            }
            LOG.warn("{}: topic ids unavailable, core's metadata failed: {}", header, error != null ? error : resp);
            return TopicIds.unavailable();
        });
    }

    private CompletableFuture<ResponseBody> produce(ProduceRequestMessage m, short v, RequestFrame frame) {
        if (!ProduceTranslator.namesTopicsById(v) || m.topicData().isEmpty()) {
            return produce(m, v, frame, TopicIds.NONE);
        }
        // The records are slices of the frame: keep it until the request has been through core.
        frame.retain();
        CompletableFuture<ResponseBody> answer;
        try {
            answer = withTopicIds(frame.header(), true, ids -> produce(m, v, frame, ids));
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        answer.whenComplete((body, error) -> frame.release());
        return answer;
    }

    private CompletableFuture<ResponseBody> produce(ProduceRequestMessage m, short v, RequestFrame frame,
                                                    TopicIds ids) {
        ProduceTranslator.Decoded d = ProduceTranslator.toCore(m, v, ids);
        boolean acksNone = m.acks() == ProduceRequest.ACKS_NONE;
        if (acksNone) {
            if (!d.refused().isEmpty() || !d.unknownIds().isEmpty()) {
                return close(frame.header(), "acks=0 produce refused for " + d.refused() + ", unknown topic ids "
                        + d.unknownIds().keySet());
            }
            if (d.request() == null) {
                return RequestProcessor.noResponse();
            }
            ProduceRequest copy = heapCopy(d.request());
            CompletableFuture<Response> future;
            try {
                future = handler.handle(source(frame.header()), copy);
            } catch (RuntimeException e) {
                return close(frame.header(), "acks=0 produce failed in the handler: " + e);
            }
            if (future == null) {
                return RequestProcessor.noResponse();
            }
            return future.handle((resp, error) -> {
                if (error == null && resp == null) {
                    return ResponseBody.none(); // the handler had nothing to report
                }
                if (error != null || !(resp instanceof ProduceResponse pr)) {
                    throw new IllegalStateException("acks=0 produce failed: " + (error != null ? error : resp));
                }
                if (pr.results().values().stream().anyMatch(r -> r.error() != Errors.NONE)) {
                    // Core refused what the client sent (a corrupt batch, a partition it does not lead):
                    // closing is how acks=0 reports it, as in Kafka, and it is the peer's (WARN).
                    LOG.warn("closing connection {}: acks=0 produce refused by core: {} (correlation id {}, client {})",
                            connectionId, pr.results(), frame.header().correlationId(), frame.header().clientId());
                    throw new CorruptedFrameException("acks=0 produce refused: " + pr.results());
                }
                return ResponseBody.none();
            });
        }
        if (d.request() == null) {
            return done(ProduceTranslator.toKafka(null, d, v), v);
        }
        ProduceRequest r = d.request();
        frame.retain();
        CompletableFuture<ResponseBody> answer;
        try {
            answer = ask(frame.header(), r, v, ProduceResponse.class,
                    resp -> ProduceTranslator.toKafka(resp, d, v),
                    code -> ProduceTranslator.toKafka(ProduceTranslator.failed(r, code, null), d, v));
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        // Core may read the record views until its future completes; release only then.
        answer.whenComplete((body, error) -> frame.release());
        return answer;
    }

    private static ProduceRequest heapCopy(ProduceRequest request) {
        Map<TopicPartition, ByteBuffer> copies = new TreeMap<>();
        request.records().forEach((tp, b) -> {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining());
            copy.put(b.duplicate()).flip();
            copies.put(tp, copy);
        });
        return new ProduceRequest(request.acks(), request.timeoutMs(), copies);
    }

    /**
     * Hands {@code request} to core and encodes its answer; {@code failed} builds the Kafka
     * response reporting the code {@link #failureCode} gives when the handler fails (null: close
     * instead).
     */
    private <R extends Response> CompletableFuture<ResponseBody> ask(
            RequestHeader header, Request request, short v, Class<R> type,
            Function<R, MessageBody> encode, Function<Errors, MessageBody> failed) {
        return askForBody(header, request, type, resp -> encode(encode.apply(resp), v),
                failed == null ? null : code -> encode(failed.apply(code), v));
    }

    /** As {@link #ask}, with functions making the body itself (Fetch's may have several parts). */
    private <R extends Response> CompletableFuture<ResponseBody> askForBody(
            RequestHeader header, Request request, Class<R> type,
            Function<R, ResponseBody> encode, Function<Errors, ResponseBody> failed) {
        CompletableFuture<Response> future;
        try {
            future = handler.handle(source(header), request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future == null) {
            return RequestProcessor.noResponse();
        }
        return future.handle((resp, error) -> {
            if (error == null && type.isInstance(resp)) {
                return encode.apply(type.cast(resp));
            }
            if (failed == null) {
                throw new IllegalStateException("the handler failed " + header
                        + ", whose response has no error field for it: " + (error != null ? error : resp), error);
            }
            return failed.apply(failureCode(header, error, resp));
        });
    }

    /**
     * The code that reports a handler's failure: a refusal a retry can cure (a
     * {@link io.replog.errors.RetriableException}: the broker cannot take the request yet, or was
     * cut off before processing it) travels as its retriable code, so that clients and the
     * controller ask again; anything else, an answer of the wrong type included, is
     * UNKNOWN_SERVER_ERROR. Logged: INFO for the retriable ones, WARN for the rest.
     */
    static Errors failureCode(RequestHeader header, Throwable error, Object answered) {
        Errors code = error != null && Errors.forException(error).isRetriable()
                ? Errors.forException(error) : Errors.UNKNOWN_SERVER_ERROR;
        if (code.isRetriable()) {
            LOG.info("{} answered {}, retriable: {}", header, code, error);
        } else {
            LOG.warn("{} answered UNKNOWN_SERVER_ERROR: the handler failed: {}", header,
                    error != null ? error.toString() : "answered " + answered);
        }
        return code;
    }

    private CompletableFuture<ResponseBody> unsupported(KafkaApi api, RequestHeader header) {
        short v = header.apiVersion();
        if (api == KafkaApi.API_VERSIONS) {
            List<ApiVersionsResponseMessage.ApiVersion> served = ServedApis.advertised();
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(ApiVersionsFallback.size(served));
            ApiVersionsFallback.write(buf, served);
            return CompletableFuture.completedFuture(ResponseBody.of(buf));
        }
        MessageBody error = api.supports(v) ? unsupportedBody(api, v) : null;
        if (error == null) {
            return close(header, api.apiName() + " v" + v + " is not served and its response has no error field");
        }
        return done(error, v);
    }

    /**
     * The response carrying UNSUPPORTED_VERSION at the top level, where the version has such a
     * field: for versions the codecs know but {@link ServedApis} does not serve.
     */
    private static MessageBody unsupportedBody(KafkaApi api, short v) {
        short code = KafkaCodes.UNSUPPORTED_VERSION;
        return switch (api) {
            case FETCH -> v >= 7 ? new FetchResponseMessage(0, code, 0, List.of(), List.of()) : null;
            case METADATA -> v >= 13 ? MetadataResponseMessage.DEFAULT.withErrorCode(code) : null;
            case ELECT_LEADERS -> v >= 1 ? new ElectLeadersResponseMessage(0, code, List.of()) : null;
            case DESCRIBE_CLUSTER -> DescribeClusterResponseMessage.DEFAULT.withErrorCode(code);
            case INIT_PRODUCER_ID -> new InitProducerIdResponseMessage(0, code, -1L, (short) -1);
            case PRODUCE, LIST_OFFSETS, API_VERSIONS, CREATE_TOPICS, DELETE_TOPICS, OFFSET_FOR_LEADER_EPOCH,
                 DESCRIBE_CONFIGS, LEADER_AND_ISR, STOP_REPLICA, UPDATE_METADATA, CONTROLLED_SHUTDOWN -> null;
        };
    }

    private RequestSource source(RequestHeader header) {
        return RequestSource.client(header.clientId(), connectionId);
    }

    private CompletableFuture<ResponseBody> close(RequestHeader header, String why) {
        LOG.warn("closing connection {}: {} (correlation id {}, client {})", connectionId, why,
                header.correlationId(), header.clientId());
        return CompletableFuture.failedFuture(new CorruptedFrameException(why));
    }

    private static CompletableFuture<ResponseBody> done(MessageBody body, short v) {
        return CompletableFuture.completedFuture(encode(body, v));
    }

    static ResponseBody encode(MessageBody body, short v) {
        int size = body.size(v);
        ByteBuf buf = size == 0 ? Unpooled.EMPTY_BUFFER : ByteBufAllocator.DEFAULT.buffer(size);
        try {
            body.write(buf, v);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return ResponseBody.of(buf);
    }
}
