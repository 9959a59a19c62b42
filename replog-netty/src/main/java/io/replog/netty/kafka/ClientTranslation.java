package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.ControlledShutdownResponseMessage;
import io.replog.netty.protocol.message.CreateTopicsResponseMessage;
import io.replog.netty.protocol.message.DeleteTopicsResponseMessage;
import io.replog.netty.protocol.message.DescribeConfigsResponseMessage;
import io.replog.netty.protocol.message.ElectLeadersResponseMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.KafkaApi;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage;
import io.replog.netty.protocol.message.ListOffsetsResponseMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochResponseMessage;
import io.replog.netty.protocol.message.ProduceResponseMessage;
import io.replog.netty.protocol.message.StopReplicaResponseMessage;
import io.replog.netty.protocol.message.UpdateMetadataResponseMessage;
import io.replog.protocol.ApiKey;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.ElectLeadersRequest;
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

import java.util.Map;

/**
 * The client direction in one place, for the transport replog's brokers and clients send with:
 * a core {@link Request} as a Kafka request body at a chosen version, and a Kafka response body
 * read back as the core {@link Response} of the same API.
 *
 * <p>Guarantees: every core {@link ApiKey} is handled by an exhaustive switch, so a new one fails
 * to compile here until it has a translation. The inter-broker requests (LeaderAndIsr,
 * UpdateMetadata, StopReplica, ControlledShutdown) go through {@link InterBrokerTranslator} at the
 * one version replog serves; ApiVersions is not a core request and is refused with
 * {@link UnsupportedVersionException}. Records keep the ownership their translators
 * document: requests wrap the caller's buffers, responses view the response buffer.
 */
public final class ClientTranslation {
    private ClientTranslation() {
    }

    /** The Kafka API of {@code key}, or null when replog has no codecs for it. */
    public static KafkaApi kafkaApi(ApiKey key) {
        return KafkaApi.forKey(key.id());
    }

    /**
     * The newest version of {@code key} both this library serves and a broker advertising
     * {@code brokerMin}..{@code brokerMax} speaks.
     *
     * @throws UnsupportedVersionException when the ranges do not meet or replog has no codecs for it
     */
    public static short pickVersion(ApiKey key, short brokerMin, short brokerMax) {
        KafkaApi api = kafkaApi(key);
        if (api == null || lowest(api) < 0) {
            throw new UnsupportedVersionException(key + " has no Kafka translation in replog");
        }
        short high = (short) Math.min(brokerMax, highest(api));
        if (high < Math.max(brokerMin, lowest(api))) {
            throw new UnsupportedVersionException(key + ": the broker speaks v" + brokerMin + ".." + brokerMax
                    + ", replog v" + lowest(api) + ".." + highest(api));
        }
        return high;
    }

    /**
     * The lowest version of {@code api} replog sends and serves: {@link ServedApis}' for the client
     * APIs, the codecs' one version for the inter-broker ones (never advertised to clients).
     */
    public static short lowest(KafkaApi api) {
        return api.clientFacing() ? ServedApis.lowest(api) : api.lowestVersion();
    }

    /** The highest version of {@code api} replog sends and serves; see {@link #lowest}. */
    public static short highest(KafkaApi api) {
        return api.clientFacing() ? ServedApis.highest(api) : api.highestVersion();
    }

    /**
     * The Kafka body of {@code request} at {@code version}; {@code topicIds} names topics for
     * Produce and Fetch versions that address topics by id (else {@link TopicIds#NONE}).
     */
    public static MessageBody toKafkaRequest(Request request, short version, TopicIds topicIds) {
        return switch (request.apiKey()) {
            case PRODUCE -> ProduceTranslator.toKafkaRequest((ProduceRequest) request, version, topicIds);
            case FETCH -> FetchTranslator.toKafkaRequest((FetchRequest) request, version, topicIds);
            case LIST_OFFSETS -> ListOffsetsTranslator.toKafkaRequest((ListOffsetsRequest) request, version);
            case METADATA -> MetadataTranslator.toKafkaRequest((MetadataRequest) request, version);
            case CREATE_TOPICS -> TopicsTranslator.toKafkaRequest((CreateTopicsRequest) request, version);
            case DELETE_TOPICS -> TopicsTranslator.toKafkaRequest((DeleteTopicsRequest) request, version);
            case OFFSET_FOR_LEADER_EPOCH ->
                    OffsetForLeaderEpochTranslator.toKafkaRequest((OffsetForLeaderEpochRequest) request, version);
            case ELECT_LEADERS -> ElectLeadersTranslator.toKafkaRequest((ElectLeadersRequest) request, version);
            case DESCRIBE_CONFIGS ->
                    DescribeConfigsTranslator.toKafkaRequest((DescribeConfigsRequest) request, version);
            case LEADER_AND_ISR -> InterBrokerTranslator.toKafkaRequest((LeaderAndIsrRequest) request, version);
            case STOP_REPLICA -> InterBrokerTranslator.toKafkaRequest((StopReplicaRequest) request, version);
            case UPDATE_METADATA -> InterBrokerTranslator.toKafkaRequest((UpdateMetadataRequest) request, version);
            case CONTROLLED_SHUTDOWN ->
                    InterBrokerTranslator.toKafkaRequest((ControlledShutdownRequest) request, version);
            case API_VERSIONS -> throw noSchema(request);
        };
    }

    /**
     * Reads the response body in {@code body} to a request of {@code key} at {@code version} and
     * translates it; Metadata brokers are given endpoints on {@code listener}.
     *
     * @throws io.replog.netty.protocol.MalformedMessageException when the body cannot be decoded
     */
    public static Response toCoreResponse(ApiKey key, ByteBuf body, short version, TopicIds topicIds,
                                          String listener) {
        return switch (key) {
            case PRODUCE -> ProduceTranslator.toCoreResponse(ProduceResponseMessage.read(body, version), version,
                    topicIds);
            case FETCH -> FetchTranslator.toCoreResponse(FetchResponseMessage.read(body, version), version, topicIds);
            case LIST_OFFSETS -> ListOffsetsTranslator.toCoreResponse(ListOffsetsResponseMessage.read(body, version),
                    version);
            case METADATA -> MetadataTranslator.toCoreResponse(MetadataResponseMessage.read(body, version), listener,
                    version);
            case CREATE_TOPICS -> TopicsTranslator.toCoreResponse(CreateTopicsResponseMessage.read(body, version),
                    version);
            case DELETE_TOPICS -> TopicsTranslator.toCoreResponse(DeleteTopicsResponseMessage.read(body, version),
                    version);
            case OFFSET_FOR_LEADER_EPOCH -> OffsetForLeaderEpochTranslator.toCoreResponse(
                    OffsetForLeaderEpochResponseMessage.read(body, version), version);
            case ELECT_LEADERS -> ElectLeadersTranslator.toCoreResponse(ElectLeadersResponseMessage.read(body, version),
                    version);
            case DESCRIBE_CONFIGS -> DescribeConfigsTranslator.toCoreResponse(
                    DescribeConfigsResponseMessage.read(body, version), version);
            // replog's brokers name each topic (tag 1000), so no ids are needed to read their answers.
            case LEADER_AND_ISR -> InterBrokerTranslator.toCoreResponse(LeaderAndIsrResponseMessage.read(body, version),
                    Map.of(), version);
            case STOP_REPLICA -> InterBrokerTranslator.toCoreResponse(StopReplicaResponseMessage.read(body, version),
                    version);
            case UPDATE_METADATA -> InterBrokerTranslator.toCoreResponse(
                    UpdateMetadataResponseMessage.read(body, version), version);
            case CONTROLLED_SHUTDOWN -> InterBrokerTranslator.toCoreResponse(
                    ControlledShutdownResponseMessage.read(body, version), version);
            case API_VERSIONS ->
                    throw new UnsupportedVersionException(key + " has no core response translation in replog");
        };
    }

    private static UnsupportedVersionException noSchema(Request request) {
        return new UnsupportedVersionException(request.apiKey() + " is not a core request replog translates");
    }
}
