package io.replog.coordinator;

import io.replog.topic.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic's replica assignment and its configuration overrides (Kafka's
 * {@code /brokers/topics/<t>} and {@code /config/topics/<t>}).
 *
 * @param topic      the topic name
 * @param partitions partition number to broker ids, preferred leader first
 * @param configs    per-topic overrides, such as {@code min.insync.replicas}
 */
public record TopicAssignment(String topic, Map<Integer, List<Integer>> partitions, Map<String, String> configs) {
    public TopicAssignment {
        TreeMap<Integer, List<Integer>> sorted = new TreeMap<>();
        partitions.forEach((p, replicas) -> sorted.put(p, List.copyOf(replicas)));
        partitions = java.util.Collections.unmodifiableMap(sorted);
        configs = java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
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
