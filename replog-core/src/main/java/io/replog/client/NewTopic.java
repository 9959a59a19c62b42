package io.replog.client;

import io.replog.config.TopicConfig;
import io.replog.errors.InvalidPartitionsException;
import io.replog.errors.InvalidReplicationFactorException;
import io.replog.topic.TopicName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A topic to create: its name, and either a partition count and replication factor (the
 * controller then assigns replicas, rack-aware) or an explicit assignment of replicas to every
 * partition; plus topic-level config overrides such as {@code min.insync.replicas}.
 *
 * <p>What is checked here, before anything is sent, each with a message naming what is wrong:
 * the name ({@link io.replog.errors.InvalidTopicException}), a partition count of at least 1
 * ({@link InvalidPartitionsException}), a replication factor of at least 1
 * ({@link InvalidReplicationFactorException}), an explicit assignment that covers partitions 0..n-1
 * without gaps, with the same number of distinct, non-negative broker ids for each, and every
 * config override's key and value ({@link io.replog.errors.InvalidConfigException}, as the broker
 * checks them). Whether the brokers exist, and whether there are enough of them, only the
 * controller can tell. Immutable.
 */
public final class NewTopic {
    private final String name;
    private final int partitions;
    private final int replicationFactor;
    private final Map<Integer, List<Integer>> assignment;
    private final Map<String, String> configs;

    private NewTopic(String name, int partitions, int replicationFactor, Map<Integer, List<Integer>> assignment,
                     Map<String, String> configs) {
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.assignment = assignment;
        this.configs = configs;
    }

    /** A topic whose replicas the controller assigns. */
    public static NewTopic of(String name, int partitions, int replicationFactor) {
        TopicName.validate(name);
        if (partitions < 1) {
            throw new InvalidPartitionsException("Topic " + name + ": number of partitions must be at least 1, was "
                    + partitions);
        }
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException("Topic " + name
                    + ": replication factor must be at least 1, was " + replicationFactor);
        }
        return new NewTopic(name, partitions, replicationFactor, null, Map.of());
    }

    /**
     * A topic with an explicit assignment: partition number to its replicas' broker ids, the first
     * being the preferred leader.
     */
    public static NewTopic withAssignment(String name, Map<Integer, List<Integer>> assignment) {
        TopicName.validate(name);
        if (assignment.isEmpty()) {
            throw new InvalidPartitionsException("Topic " + name + ": the assignment names no partition");
        }
        Map<Integer, List<Integer>> sorted = new TreeMap<>(assignment);
        int expected = 0;
        int factor = -1;
        Map<Integer, List<Integer>> copy = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Integer>> e : sorted.entrySet()) {
            int p = Objects.requireNonNull(e.getKey(), "partition");
            if (p != expected) {
                throw new InvalidPartitionsException("Topic " + name + ": the assignment must cover partitions 0 to "
                        + (sorted.size() - 1) + " without gaps; " + (p < 0 ? "has partition " + p
                        : "partition " + expected + " is missing"));
            }
            List<Integer> replicas = List.copyOf(e.getValue());
            if (replicas.isEmpty()) {
                throw new InvalidReplicationFactorException("Topic " + name + ": partition " + p
                        + " is assigned no replica");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw new InvalidReplicationFactorException("Topic " + name + ": partition " + p
                        + " lists a broker twice: " + replicas);
            }
            for (int broker : replicas) {
                if (broker < 0) {
                    throw new InvalidReplicationFactorException("Topic " + name + ": partition " + p
                            + " names broker " + broker + "; broker ids are at least 0");
                }
            }
            if (factor != -1 && replicas.size() != factor) {
                throw new InvalidReplicationFactorException("Topic " + name + ": partition " + p + " has "
                        + replicas.size() + " replicas " + replicas + " but partition 0 has " + factor
                        + "; every partition needs the same number of replicas");
            }
            factor = replicas.size();
            copy.put(p, replicas);
            expected++;
        }
        return new NewTopic(name, copy.size(), factor, Collections.unmodifiableMap(copy), Map.of());
    }

    /** This topic with one more config override (replacing one of the same key). */
    public NewTopic withConfig(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(configs);
        more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
        return withConfigs(more);
    }

    /** This topic with exactly these config overrides, checked as the broker checks them. */
    public NewTopic withConfigs(Map<String, String> configs) {
        Map<String, String> copy = new LinkedHashMap<>(configs);
        TopicConfig.validate(copy);
        return new NewTopic(name, partitions, replicationFactor, assignment, Collections.unmodifiableMap(copy));
    }

    public String name() {
        return name;
    }

    public int partitions() {
        return partitions;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    /** The explicit assignment (partition to replicas, ordered by partition), if one was given. */
    public Optional<Map<Integer, List<Integer>>> assignment() {
        return Optional.ofNullable(assignment);
    }

    /** The config overrides, unmodifiable, in the order given. */
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewTopic t && name.equals(t.name) && partitions == t.partitions
                && replicationFactor == t.replicationFactor && Objects.equals(assignment, t.assignment)
                && configs.equals(t.configs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, partitions, replicationFactor, assignment, configs);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(name);
        parts.add(partitions + " partitions");
        parts.add("replication factor " + replicationFactor);
        if (assignment != null) {
            parts.add("assignment " + assignment);
        }
        if (!configs.isEmpty()) {
            parts.add("configs " + configs);
        }
        return "NewTopic(" + String.join(", ", parts) + ")";
    }
}
