package io.replog.internal.controller;

import io.replog.topic.TopicPartition;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one decision must tell the brokers, as a value: per broker the partitions whose
 * LeaderAndIsr it gets, the partitions every live broker (and some brokers only) learn through
 * UpdateMetadata, the topics announced deleted, and the replicas to stop (and delete). It names
 * partitions, not states: {@link RequestBatch} reads each partition's state from the context when
 * it sends, so a request always carries the latest decided state. Everything is sorted (broker
 * id, then partition), so the requests are the same on every run.
 *
 * @param leaderAndIsr   per broker, the partitions whose state it gets
 * @param metadataToAll  whether every live broker gets UpdateMetadata (possibly with no partition:
 *                       the broker list changed)
 * @param metadataForAll the partitions in that UpdateMetadata
 * @param metadataForOne per broker, partitions only it gets in its UpdateMetadata (which it gets
 *                       even if {@code metadataToAll} is false)
 * @param deletedTopics  topics every live broker learns are gone
 * @param stopReplica    per broker, the replicas to stop, keeping their logs
 * @param stopAndDelete  per broker, the replicas to stop and delete
 */
record BrokerRequests(SortedMap<Integer, SortedSet<TopicPartition>> leaderAndIsr, boolean metadataToAll,
                      SortedSet<TopicPartition> metadataForAll, SortedMap<Integer, SortedSet<TopicPartition>> metadataForOne,
                      SortedSet<String> deletedTopics, SortedMap<Integer, SortedSet<TopicPartition>> stopReplica,
                      SortedMap<Integer, SortedSet<TopicPartition>> stopAndDelete) {

    static final BrokerRequests NONE = new Builder(null).build();

    BrokerRequests {
        leaderAndIsr = frozen(leaderAndIsr);
        metadataForAll = Collections.unmodifiableSortedSet(new TreeSet<>(metadataForAll));
        metadataForOne = frozen(metadataForOne);
        deletedTopics = Collections.unmodifiableSortedSet(new TreeSet<>(deletedTopics));
        stopReplica = frozen(stopReplica);
        stopAndDelete = frozen(stopAndDelete);
    }

    /** Whether nothing is to be sent. */
    boolean isEmpty() {
        return leaderAndIsr.isEmpty() && !metadataToAll && metadataForOne.isEmpty() && stopReplica.isEmpty()
                && stopAndDelete.isEmpty();
    }

    /** The partitions {@code broker} gets LeaderAndIsr for (empty: none). */
    SortedSet<TopicPartition> leaderAndIsrTo(int broker) {
        return leaderAndIsr.getOrDefault(broker, Collections.emptySortedSet());
    }

    private static SortedMap<Integer, SortedSet<TopicPartition>> frozen(Map<Integer, ? extends Set<TopicPartition>> in) {
        SortedMap<Integer, SortedSet<TopicPartition>> out = new TreeMap<>();
        in.forEach((broker, partitions) -> out.put(broker, Collections.unmodifiableSortedSet(new TreeSet<>(partitions))));
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * Collects the requests of one decision. The context is read for the replicas of a partition
     * and which brokers are live, at the moment of each call. Not thread-safe; one per decision.
     */
    static final class Builder {
        private final ControllerContext ctx;
        private final Map<Integer, Set<TopicPartition>> leaderAndIsr = new TreeMap<>();
        private final Set<TopicPartition> metadataForAll = new TreeSet<>();
        private final Map<Integer, Set<TopicPartition>> metadataForOne = new TreeMap<>();
        private final Set<String> deletedTopics = new TreeSet<>();
        private boolean metadataToAll;
        private final Map<Integer, Set<TopicPartition>> stopReplica = new TreeMap<>();
        private final Map<Integer, Set<TopicPartition>> stopAndDelete = new TreeMap<>();

        Builder(ControllerContext ctx) {
            this.ctx = ctx;
        }

        /** LeaderAndIsr for {@code tp} to {@code broker}. */
        Builder leaderAndIsr(int broker, TopicPartition tp) {
            leaderAndIsr.computeIfAbsent(broker, b -> new TreeSet<>()).add(tp);
            return this;
        }

        /** LeaderAndIsr for {@code tp} to each of its live replicas except {@code excluded}. */
        Builder leaderAndIsrToReplicas(TopicPartition tp, Set<Integer> excluded) {
            for (int r : ctx.replicas(tp)) {
                if (ctx.isLive(r) && !excluded.contains(r)) {
                    leaderAndIsr(r, tp);
                }
            }
            return this;
        }

        /** UpdateMetadata to every live broker, carrying {@code partitions} (possibly none: the broker list changed). */
        Builder metadataToAll(Collection<TopicPartition> partitions) {
            metadataToAll = true;
            metadataForAll.addAll(partitions);
            return this;
        }

        /** UpdateMetadata carrying {@code partitions} to {@code broker} only, e.g. the full picture for a returning broker. */
        Builder metadataTo(int broker, Collection<TopicPartition> partitions) {
            metadataForOne.computeIfAbsent(broker, b -> new TreeSet<>()).addAll(partitions);
            return this;
        }

        /** Tells every live broker that {@code topics} are gone. */
        Builder deletedTopics(Collection<String> topics) {
            metadataToAll = true;
            deletedTopics.addAll(topics);
            return this;
        }

        Builder stopReplica(int broker, TopicPartition tp, boolean delete) {
            (delete ? stopAndDelete : stopReplica).computeIfAbsent(broker, b -> new TreeSet<>()).add(tp);
            return this;
        }

        BrokerRequests build() {
            return new BrokerRequests(sorted(leaderAndIsr),
                    metadataToAll, new TreeSet<>(metadataForAll), sorted(metadataForOne),
                    new TreeSet<>(deletedTopics), sorted(stopReplica), sorted(stopAndDelete));
        }

        private static SortedMap<Integer, SortedSet<TopicPartition>> sorted(Map<Integer, Set<TopicPartition>> in) {
            SortedMap<Integer, SortedSet<TopicPartition>> out = new TreeMap<>();
            in.forEach((broker, partitions) -> out.put(broker, new TreeSet<>(partitions)));
            return out;
        }
    }
}
