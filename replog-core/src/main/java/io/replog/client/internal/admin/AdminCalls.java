package io.replog.client.internal.admin;

import io.replog.client.Node;
import io.replog.client.PartitionDescription;
import io.replog.client.TopicDescription;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.errors.NotControllerException;
import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.protocol.MetadataResponse.TopicMetadata;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin client's decisions on answers, as pure functions of the answer: what each call returns
 * or which public exception it fails with. What it guarantees: an error code becomes the exception
 * {@link Errors#exception} makes (so {@code TOPIC_ALREADY_EXISTS} is a
 * {@link io.replog.errors.TopicExistsException}), with the broker's message when it sent one and
 * the call's subject otherwise; a retriable one is a {@link RetriableException}, which the caller
 * retries until {@code default.api.timeout.ms}.
 */
public final class AdminCalls {
    private AdminCalls() {
    }

    /** Whether a failed attempt is worth repeating (after a metadata refresh). */
    public static boolean retriable(Throwable error) {
        return error instanceof RetriableException;
    }

    /** The exception of {@code error} for {@code subject} ("topic invoice"), or null for NONE. */
    public static ReplogException failure(Errors error, String message, String subject) {
        if (error == Errors.NONE) {
            return null;
        }
        return error.exception(subject + ": " + (message == null || message.isEmpty() ? error.name() : message));
    }

    /** The node a client connects to for {@code broker}: its first endpoint (the listener the answer was given on). */
    public static Node node(BrokerRegistration broker) {
        Endpoint endpoint = broker.endpoints().isEmpty() ? new Endpoint("", "", 0) : broker.endpoints().get(0);
        return new Node(broker.brokerId(), endpoint.host(), endpoint.port(), Optional.ofNullable(broker.rack()));
    }

    /** Every broker of {@code response} as a node, ordered by id. */
    public static List<Node> brokers(MetadataResponse response) {
        return response.brokers().stream().map(AdminCalls::node).sorted(Comparator.comparingInt(Node::id)).toList();
    }

    /** The controller of {@code response}, if it names a live one. */
    public static Optional<Node> controller(MetadataResponse response) {
        return response.brokers().stream().filter(b -> b.brokerId() == response.controllerId()).findFirst()
                .map(AdminCalls::node);
    }

    /** The names of the topics {@code response} describes without error. */
    public static Set<String> topicNames(MetadataResponse response) {
        Set<String> names = new TreeSet<>();
        response.topics().stream().filter(t -> t.error() == Errors.NONE).forEach(t -> names.add(t.topic()));
        return names;
    }

    /**
     * The description of {@code topic} in {@code response}; fails with the topic's error
     * ({@link UnknownTopicOrPartitionException} for an unknown one). A partition described with a
     * leader outside its ISR (a transient view) reads as offline rather than failing the call.
     */
    public static TopicDescription describe(MetadataResponse response, String topic) {
        TopicMetadata t = response.topics().stream().filter(m -> m.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic " + topic + " was not described"));
        ReplogException error = failure(t.error(), null, "topic " + topic);
        if (error != null) {
            throw error;
        }
        List<PartitionMetadata> sorted = new ArrayList<>(t.partitions());
        sorted.sort(Comparator.comparingInt(PartitionMetadata::partition));
        List<PartitionDescription> partitions = new ArrayList<>();
        for (PartitionMetadata p : sorted) {
            List<Integer> isr = p.isr().stream().filter(p.replicas()::contains).toList();
            int leader = p.leader() >= 0 && isr.contains(p.leader()) ? p.leader() : PartitionDescription.NO_LEADER;
            partitions.add(new PartitionDescription(p.partition(), leader, p.replicas(), isr, p.leaderEpoch()));
        }
        return new TopicDescription(topic, t.topicId(), partitions);
    }

    /**
     * The configs of {@code topic} from a DescribeConfigs answer, by key in the broker's order;
     * fails with the resource's error.
     */
    public static Map<String, String> topicConfigs(DescribeConfigsResponse response, String topic) {
        DescribeConfigsResponse.Result result = response.results().stream()
                .filter(r -> r.resourceName().equals(topic)).findFirst()
                .orElseThrow(() -> new ReplogException("DescribeConfigs answer names no topic " + topic));
        ReplogException error = failure(result.error(), result.errorMessage(), "topic " + topic);
        if (error != null) {
            throw error;
        }
        Map<String, String> configs = new LinkedHashMap<>();
        result.entries().forEach(e -> configs.put(e.name(), e.value()));
        return configs;
    }

    /**
     * The partitions whose leader an ElectLeaders answer moved. Not moved, and not an error: the
     * preferred replica already leads ({@link Errors#ELECTION_NOT_NEEDED}) or is not alive and in
     * the ISR ({@link Errors#ELIGIBLE_LEADERS_NOT_AVAILABLE}). {@link Errors#NOT_CONTROLLER} at the
     * top fails with a {@link NotControllerException} (retriable); any other error fails the call.
     */
    public static Set<Integer> elected(ElectLeadersResponse response, String topic) {
        ReplogException top = failure(response.error(), null, "electing preferred leaders of topic " + topic);
        if (top != null) {
            throw top;
        }
        Set<Integer> moved = new TreeSet<>();
        for (Map.Entry<TopicPartition, Errors> e : response.results().entrySet()) {
            switch (e.getValue()) {
                case NONE -> moved.add(e.getKey().partition());
                case ELECTION_NOT_NEEDED, ELIGIBLE_LEADERS_NOT_AVAILABLE -> {
                }
                default -> throw failure(e.getValue(), null, "partition " + e.getKey());
            }
        }
        return moved;
    }
}
