package io.replog.netty.kafka;

import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.Wire;
import io.replog.netty.protocol.message.CreateTopicsRequestMessage;
import io.replog.netty.protocol.message.CreateTopicsRequestMessage.CreatableReplicaAssignment;
import io.replog.netty.protocol.message.CreateTopicsRequestMessage.CreatableTopic;
import io.replog.netty.protocol.message.CreateTopicsRequestMessage.CreatableTopicConfig;
import io.replog.netty.protocol.message.CreateTopicsResponseMessage;
import io.replog.netty.protocol.message.CreateTopicsResponseMessage.CreatableTopicResult;
import io.replog.netty.protocol.message.DeleteTopicsRequestMessage;
import io.replog.netty.protocol.message.DeleteTopicsResponseMessage;
import io.replog.netty.protocol.message.DeleteTopicsResponseMessage.DeletableTopicResult;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsRequest.NewTopicSpec;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.CreateTopicsResponse.TopicResult;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * CreateTopics (key 19, versions {@value #CREATE_LOWEST}..{@value #CREATE_HIGHEST}) and
 * DeleteTopics (key 20, versions {@value #DELETE_LOWEST}..{@value #DELETE_HIGHEST}) between core's
 * messages and Kafka's bodies.
 *
 * <p>Neutral values written in CreateTopics responses: throttle time 0, topic id zero (core's
 * response carries none), topic config error 0, and from v5 partitions -1, replication factor -1
 * and configs null, Kafka's "not returned". Core's responses are keyed by topic name, so a name
 * given twice gets one answer. A config whose value is null is passed to core as a null value.
 *
 * <p>DeleteTopics v6 may name a topic by id; core deletes by name only, so such a topic is
 * answered UNKNOWN_TOPIC_ID (100) without asking core. Neutral values: throttle time 0, topic id
 * zero for topics named by name.
 */
public final class TopicsTranslator {
    /** Lowest served CreateTopics version: the codecs' lowest. */
    public static final short CREATE_LOWEST = 2;
    /** Highest served CreateTopics version: the codecs' highest. */
    public static final short CREATE_HIGHEST = 7;
    /** Lowest served DeleteTopics version: the codecs' lowest. */
    public static final short DELETE_LOWEST = 1;
    /** Highest served DeleteTopics version: the codecs' highest. */
    public static final short DELETE_HIGHEST = 6;

    private TopicsTranslator() {
    }

    /** The core request of {@code message}. */
    public static CreateTopicsRequest toCore(CreateTopicsRequestMessage message, short version) {
        check("CreateTopics", version, CREATE_LOWEST, CREATE_HIGHEST);
        List<NewTopicSpec> specs = new ArrayList<>();
        for (CreatableTopic t : message.topics()) {
            Map<Integer, List<Integer>> assignment = new TreeMap<>();
            for (CreatableReplicaAssignment a : t.assignments()) {
                assignment.put(a.partitionIndex(), a.brokerIds());
            }
            Map<String, String> configs = new TreeMap<>();
            for (CreatableTopicConfig c : t.configs()) {
                configs.put(c.name(), c.value());
            }
            specs.add(new NewTopicSpec(t.name(), t.numPartitions(), t.replicationFactor(), assignment, configs));
        }
        return new CreateTopicsRequest(specs, message.timeoutMs(), message.validateOnly());
    }

    /** Kafka's response of {@code response}. */
    public static CreateTopicsResponseMessage toKafka(CreateTopicsResponse response, short version) {
        check("CreateTopics", version, CREATE_LOWEST, CREATE_HIGHEST);
        List<CreatableTopicResult> topics = new ArrayList<>();
        response.results().forEach((name, r) -> topics.add(new CreatableTopicResult(name, Wire.ZERO_UUID,
                r.error().code(), r.message(), KafkaCodes.NONE, -1, (short) -1, version >= 5 ? null : List.of())));
        return new CreateTopicsResponseMessage(0, topics);
    }

    /** Every topic of {@code request} failed with {@code error}. */
    public static CreateTopicsResponse failed(CreateTopicsRequest request, Errors error, String message) {
        Map<String, TopicResult> results = new TreeMap<>();
        request.topics().forEach(t -> results.put(t.name(), new TopicResult(error, message)));
        return new CreateTopicsResponse(results);
    }

    /** Kafka's request for {@code request}. */
    public static CreateTopicsRequestMessage toKafkaRequest(CreateTopicsRequest request, short version) {
        check("CreateTopics", version, CREATE_LOWEST, CREATE_HIGHEST);
        List<CreatableTopic> topics = new ArrayList<>();
        for (NewTopicSpec s : request.topics()) {
            List<CreatableReplicaAssignment> assignments = new ArrayList<>();
            s.assignment().forEach((p, brokers) -> assignments.add(new CreatableReplicaAssignment(p, brokers)));
            List<CreatableTopicConfig> configs = new ArrayList<>();
            s.configs().forEach((k, v) -> configs.add(new CreatableTopicConfig(k, v)));
            topics.add(new CreatableTopic(s.name(), s.numPartitions(), s.replicationFactor(), assignments, configs));
        }
        return new CreateTopicsRequestMessage(topics, request.timeoutMs(), request.validateOnly());
    }

    /** Core's response of {@code message}. */
    public static CreateTopicsResponse toCoreResponse(CreateTopicsResponseMessage message, short version) {
        Map<String, TopicResult> results = new TreeMap<>();
        message.topics().forEach(t -> results.put(t.name(),
                new TopicResult(Errors.forCode(t.errorCode()), t.errorMessage())));
        return new CreateTopicsResponse(results);
    }

    /**
     * A decoded DeleteTopics request.
     *
     * @param request   for core; {@code null} when no topic was named by name
     * @param unknownIds topics named by id, answered UNKNOWN_TOPIC_ID
     */
    public record DecodedDelete(DeleteTopicsRequest request, List<UUID> unknownIds) {
    }

    /** The core request of {@code message}: v1..5 name topics, v6 names or ids. */
    public static DecodedDelete toCore(DeleteTopicsRequestMessage message, short version) {
        check("DeleteTopics", version, DELETE_LOWEST, DELETE_HIGHEST);
        List<String> names = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        if (version >= 6) {
            for (DeleteTopicsRequestMessage.DeleteTopicState t : message.topics()) {
                if (t.name() != null) {
                    names.add(t.name());
                } else {
                    ids.add(t.topicId());
                }
            }
        } else {
            names.addAll(message.topicNames());
        }
        return new DecodedDelete(names.isEmpty() ? null : new DeleteTopicsRequest(names, message.timeoutMs()), ids);
    }

    /** Kafka's response of {@code response} (may be null) and the ids answered locally. */
    public static DeleteTopicsResponseMessage toKafka(DeleteTopicsResponse response, List<UUID> unknownIds,
                                                      short version) {
        check("DeleteTopics", version, DELETE_LOWEST, DELETE_HIGHEST);
        List<DeletableTopicResult> topics = new ArrayList<>();
        if (response != null) {
            response.results().forEach((name, r) -> topics.add(new DeletableTopicResult(name, Wire.ZERO_UUID,
                    r.error().code(), version >= 5 ? r.message() : null)));
        }
        unknownIds.forEach(id -> topics.add(new DeletableTopicResult(null, id, KafkaCodes.UNKNOWN_TOPIC_ID, null)));
        return new DeleteTopicsResponseMessage(0, topics);
    }

    /** Every topic of {@code request} failed with {@code error}. */
    public static DeleteTopicsResponse failed(DeleteTopicsRequest request, Errors error, String message) {
        Map<String, TopicResult> results = new TreeMap<>();
        request.topics().forEach(t -> results.put(t, new TopicResult(error, message)));
        return new DeleteTopicsResponse(results);
    }

    /** Kafka's request for {@code request}, naming topics by name. */
    public static DeleteTopicsRequestMessage toKafkaRequest(DeleteTopicsRequest request, short version) {
        check("DeleteTopics", version, DELETE_LOWEST, DELETE_HIGHEST);
        if (version >= 6) {
            List<DeleteTopicsRequestMessage.DeleteTopicState> topics = new ArrayList<>();
            request.topics().forEach(t ->
                    topics.add(new DeleteTopicsRequestMessage.DeleteTopicState(t, Wire.ZERO_UUID)));
            return new DeleteTopicsRequestMessage(topics, List.of(), request.timeoutMs());
        }
        return new DeleteTopicsRequestMessage(List.of(), request.topics(), request.timeoutMs());
    }

    /** Core's response of {@code message}; a topic answered by id alone is keyed by its id's text. */
    public static DeleteTopicsResponse toCoreResponse(DeleteTopicsResponseMessage message, short version) {
        Map<String, TopicResult> results = new TreeMap<>();
        message.responses().forEach(t -> results.put(t.name() != null ? t.name() : t.topicId().toString(),
                new TopicResult(Errors.forCode(t.errorCode()), t.errorMessage())));
        return new DeleteTopicsResponse(results);
    }

    private static void check(String api, short version, short lowest, short highest) {
        if (version < lowest || version > highest) {
            throw new UnsupportedVersionException(api + " v" + version + " is not served");
        }
    }
}
