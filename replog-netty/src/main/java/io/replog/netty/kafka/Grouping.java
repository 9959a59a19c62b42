package io.replog.netty.kafka;

import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Kafka nests partitions under topics; core keys them by {@link TopicPartition}. */
final class Grouping {
    private Grouping() {
    }

    /** {@code items} grouped by topic, topics in order of first appearance, items in order. */
    static <T> Map<String, List<T>> byTopic(Collection<T> items, Function<T, TopicPartition> partitionOf) {
        Map<String, List<T>> byTopic = new LinkedHashMap<>();
        for (T item : items) {
            byTopic.computeIfAbsent(partitionOf.apply(item).topic(), t -> new ArrayList<>()).add(item);
        }
        return byTopic;
    }
}
