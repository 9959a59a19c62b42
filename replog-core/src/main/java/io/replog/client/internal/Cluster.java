package io.replog.client.internal;

import io.replog.coordinator.BrokerRegistration;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.protocol.MetadataResponse.TopicMetadata;
import io.replog.topic.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One Metadata answer, as a client reads it: the live brokers, the controller and each topic's
 * partitions. Immutable; a newer answer replaces it whole, so a reader never sees half of two.
 *
 * @param brokers      live brokers, as the answering broker knows them
 * @param controllerId the active controller, or -1 when none is known
 * @param topics       the topics the request asked for (all when it asked for all), by name,
 *                     including those answered with an error
 * @param fetchedAtMs  when the answer arrived, by the client's clock
 */
public record Cluster(List<BrokerRegistration> brokers, int controllerId, Map<String, TopicMetadata> topics,
                      long fetchedAtMs) {

    /** Before the first answer: nothing known. */
    public static final Cluster EMPTY = new Cluster(List.of(), -1, Map.of(), -1);

    public Cluster {
        brokers = List.copyOf(brokers);
        topics = Map.copyOf(topics);
    }

    /** The view of {@code response}, received at {@code nowMs}. */
    public static Cluster of(MetadataResponse response, long nowMs) {
        Map<String, TopicMetadata> byName = new HashMap<>();
        for (TopicMetadata topic : response.topics()) {
            byName.put(topic.topic(), topic);
        }
        return new Cluster(response.brokers(), response.controllerId(), byName, nowMs);
    }

    /** This view with the topics of {@code newer} replacing (or adding to) its own, and {@code newer}'s brokers. */
    public Cluster merge(Cluster newer) {
        Map<String, TopicMetadata> merged = new HashMap<>(topics);
        merged.putAll(newer.topics);
        return new Cluster(newer.brokers, newer.controllerId, merged, newer.fetchedAtMs);
    }

    /** The broker {@code id}, if it is live. */
    public Optional<BrokerRegistration> broker(int id) {
        return brokers.stream().filter(b -> b.brokerId() == id).findFirst();
    }

    /** The topic's metadata, if the answer named it without error. */
    public Optional<TopicMetadata> topic(String name) {
        TopicMetadata t = topics.get(name);
        return t == null || t.error() != Errors.NONE ? Optional.empty() : Optional.of(t);
    }

    /** The error the answer gave for {@code name}: {@link Errors#NONE}, or null when it was not asked about. */
    public Errors topicError(String name) {
        TopicMetadata t = topics.get(name);
        return t == null ? null : t.error();
    }

    /** The number of partitions of {@code topic}, if known. */
    public OptionalInt partitionCount(String topic) {
        return topic(topic).map(t -> OptionalInt.of(t.partitions().size())).orElse(OptionalInt.empty());
    }

    /** The partition's metadata, if known. */
    public Optional<PartitionMetadata> partition(TopicPartition tp) {
        return topic(tp.topic()).flatMap(t -> t.partitions().stream()
                .filter(p -> p.partition() == tp.partition()).findFirst());
    }

    /** The partition's leader, if it has a live one. */
    public OptionalInt leader(TopicPartition tp) {
        Optional<PartitionMetadata> p = partition(tp);
        if (p.isEmpty() || p.get().leader() < 0 || broker(p.get().leader()).isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(p.get().leader());
    }
}
