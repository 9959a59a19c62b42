package io.replog.internal.controller;

import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The topics being deleted and, per partition, the replicas that have not yet confirmed deleting
 * their log. A deletion is final only when every replica has confirmed: a replica whose broker
 * is down keeps it pending, and the controller tells that broker again when it returns, so a
 * returning broker never keeps a deleted topic's data for a later topic of the same name to
 * find (Kafka keeps deletions pending the same way). Event-loop confined.
 */
final class TopicDeletions {
    private final SortedMap<String, SortedMap<TopicPartition, SortedSet<Integer>>> pending = new TreeMap<>();

    boolean isDeleting(String topic) {
        return pending.containsKey(topic);
    }

    /** Starts deleting {@code topic}, whose partitions have {@code replicas}; false if it is already being deleted. */
    boolean start(String topic, Map<TopicPartition, List<Integer>> replicas) {
        if (pending.containsKey(topic)) {
            return false;
        }
        SortedMap<TopicPartition, SortedSet<Integer>> unconfirmed = new TreeMap<>();
        replicas.forEach((tp, brokers) -> unconfirmed.put(tp, new TreeSet<>(brokers)));
        pending.put(topic, unconfirmed);
        return true;
    }

    /** The partitions whose replica on {@code broker} has not confirmed its deletion yet. */
    List<TopicPartition> unconfirmedOn(int broker) {
        List<TopicPartition> out = new ArrayList<>();
        pending.values().forEach(partitions -> partitions.forEach((tp, brokers) -> {
            if (brokers.contains(broker)) {
                out.add(tp);
            }
        }));
        return out;
    }

    /**
     * Takes {@code broker}'s answer to a delete; returns the topics whose every replica has now
     * confirmed (they stay listed until {@link #finished}).
     */
    List<String> confirm(int broker, Map<TopicPartition, Errors> results) {
        List<String> complete = new ArrayList<>();
        results.forEach((tp, error) -> {
            SortedMap<TopicPartition, SortedSet<Integer>> partitions = pending.get(tp.topic());
            if (error == Errors.NONE && partitions != null && partitions.containsKey(tp)) {
                partitions.get(tp).remove(broker);
            }
        });
        pending.forEach((topic, partitions) -> {
            boolean done = partitions.values().stream().allMatch(SortedSet::isEmpty);
            boolean touched = results.keySet().stream().anyMatch(tp -> tp.topic().equals(topic));
            if (done && touched) {
                complete.add(topic);
            }
        });
        return complete;
    }

    /** The topic is gone from the coordinator: forget it. */
    void finished(String topic) {
        pending.remove(topic);
    }
}
