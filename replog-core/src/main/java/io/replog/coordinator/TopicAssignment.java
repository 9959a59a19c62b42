package io.replog.coordinator;

import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic's replica assignment and its configuration overrides (Kafka's
 * {@code /brokers/topics/<t>} and {@code /config/topics/<t>}).
 *
 * @param topic      the topic name
 * @param topicId    the topic's id, assigned at creation ({@link TopicId#ZERO} for a topic stored
 *                   without one, e.g. by an older writer; the controller then assigns one)
 * @param partitions partition number to broker ids, preferred leader first
 * @param configs    per-topic overrides, such as {@code min.insync.replicas}
 */
public record TopicAssignment(String topic, TopicId topicId, Map<Integer, List<Integer>> partitions,
                              Map<String, String> configs) {
    public TopicAssignment {
        java.util.Objects.requireNonNull(topicId, "topicId");
        TreeMap<Integer, List<Integer>> sorted = new TreeMap<>();
        partitions.forEach((p, replicas) -> sorted.put(p, List.copyOf(replicas)));
        partitions = java.util.Collections.unmodifiableMap(sorted);
        configs = java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** An assignment without a topic id ({@link TopicId#ZERO}). */
    public TopicAssignment(String topic, Map<Integer, List<Integer>> partitions, Map<String, String> configs) {
        this(topic, TopicId.ZERO, partitions, configs);
    }

    /** This assignment under {@code id}. */
    public TopicAssignment withTopicId(TopicId id) {
        return new TopicAssignment(topic, id, partitions, configs);
    }

    /** The replicas of {@code partition} in assignment order, or an empty list if there is no such partition. */
    public List<Integer> replicas(int partition) {
        return partitions.getOrDefault(partition, List.of());
    }

    /** The replicas of {@code tp}, which must belong to this topic. */
    public List<Integer> replicas(TopicPartition tp) {
        return replicas(tp.partition());
    }

    /** Every partition of the topic. */
    public List<TopicPartition> topicPartitions() {
        return partitions.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
    }
}
