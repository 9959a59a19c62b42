package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.CreateTopicsResponseMessage;
import io.replog.netty.protocol.message.DeleteTopicsResponseMessage;
import io.replog.netty.protocol.message.ElectLeadersResponseMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.KafkaApi;
import io.replog.netty.protocol.message.ListOffsetsResponseMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochResponseMessage;
import io.replog.netty.protocol.message.ProduceResponseMessage;
import io.replog.protocol.ApiKey;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;

/**
 * The client direction in one place, for the transport replog's brokers and clients send with:
 * a core {@link Request} as a Kafka request body at a chosen version, and a Kafka response body
 * read back as the core {@link Response} of the same API.
 *
 * <p>Guarantees: every core {@link ApiKey} is handled by an exhaustive switch, so a new one fails
 * to compile here until it has a translation. The controller-to-broker requests (LeaderAndIsr,
 * UpdateMetadata, StopReplica, ControlledShutdown) have no Kafka schemas in replog yet and are
 * refused with {@link UnsupportedVersionException}. Records keep the ownership their translators
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
        if (api == null || ServedApis.lowest(api) < 0) {
            throw new UnsupportedVersionException(key + " has no Kafka translation in replog");
        }
        short high = (short) Math.min(brokerMax, ServedApis.highest(api));
        if (high < Math.max(brokerMin, ServedApis.lowest(api))) {
            throw new UnsupportedVersionException(key + ": the broker speaks v" + brokerMin + ".." + brokerMax
                    + ", replog v" + ServedApis.lowest(api) + ".." + ServedApis.highest(api));
        }
        return high;
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
            case LEADER_AND_ISR, STOP_REPLICA, UPDATE_METADATA, CONTROLLED_SHUTDOWN, API_VERSIONS ->
                    throw noSchema(request);
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
            case LEADER_AND_ISR, STOP_REPLICA, UPDATE_METADATA, CONTROLLED_SHUTDOWN, API_VERSIONS ->
                    throw new UnsupportedVersionException(key + " has no core response translation in replog");
        };
    }

    private static UnsupportedVersionException noSchema(Request request) {
        return new UnsupportedVersionException(request.apiKey() + " has no Kafka schema in replog yet");
    }
}
