package io.replog.client;

import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records one {@link Consumer#poll} returned, grouped by partition. Iteration visits the
 * partitions in the order the fetch answered them and, within one partition, the records in
 * offset order. Immutable.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    private static final ConsumerRecords<?, ?> EMPTY = new ConsumerRecords<>(Map.of());

    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition;
    private final int count;

    private ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition) {
        this.byPartition = byPartition;
        this.count = byPartition.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Records by partition, in the given map's iteration order. Each list must hold records of
     * that partition in ascending offset order; empty lists are dropped.
     *
     * @throws IllegalArgumentException if a record is filed under another partition or out of order
     */
    public static <K, V> ConsumerRecords<K, V> of(Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> copy = new LinkedHashMap<>();
        byPartition.forEach((tp, records) -> {
            long previous = -1;
            for (ConsumerRecord<K, V> r : records) {
                if (!r.topicPartition().equals(tp)) {
                    throw new IllegalArgumentException("record " + r.topicPartition() + "@" + r.offset()
                            + " filed under partition " + tp);
                }
                if (r.offset() <= previous) {
                    throw new IllegalArgumentException("records of " + tp + " out of offset order: " + r.offset()
                            + " after " + previous);
                }
                previous = r.offset();
            }
            if (!records.isEmpty()) {
                copy.put(tp, List.copyOf(records));
            }
        });
        return new ConsumerRecords<>(Collections.unmodifiableMap(copy));
    }

    /** No records. */
    @SuppressWarnings("unchecked")
    public static <K, V> ConsumerRecords<K, V> empty() {
        return (ConsumerRecords<K, V>) EMPTY;
    }

    /** How many records there are, over all partitions. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The partitions that have records here. */
    public Set<TopicPartition> partitions() {
        return byPartition.keySet();
    }

    /** The records of one partition in offset order; empty if it has none here. */
    public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
        return byPartition.getOrDefault(partition, List.of());
    }

    /** The records of one topic, partition by partition. */
    public List<ConsumerRecord<K, V>> records(String topic) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        byPartition.forEach((tp, records) -> {
            if (tp.topic().equals(topic)) {
                out.addAll(records);
            }
        });
        return Collections.unmodifiableList(out);
    }

    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        return byPartition.values().stream().flatMap(List::stream).iterator();
    }

    @Override
    public String toString() {
        return "ConsumerRecords(" + count + " records in " + byPartition.keySet() + ")";
    }
}
