package io.replog.client;

import io.replog.topic.TopicId;

import java.util.List;
import java.util.Objects;

/**
 * A topic as the controller last published it: its name, its id, and one
 * {@link PartitionDescription} per partition, ordered by partition number from 0 with none
 * missing. Immutable.
 *
 * @param name       the topic name
 * @param topicId    the id the topic was created with
 * @param partitions the partitions, {@code partitions.get(i).partition() == i}
 */
public record TopicDescription(String name, TopicId topicId, List<PartitionDescription> partitions) {

    public TopicDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        partitions = List.copyOf(partitions);
        for (int i = 0; i < partitions.size(); i++) {
            if (partitions.get(i).partition() != i) {
                throw new IllegalArgumentException("topic " + name + ": partition at index " + i + " is "
                        + partitions.get(i).partition() + "; partitions must be listed 0, 1, 2, ... without gaps");
            }
        }
    }

    /** The partition {@code partition}. */
    public PartitionDescription partition(int partition) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new IllegalArgumentException("topic " + name + " has partitions 0-" + (partitions.size() - 1)
                    + ", not " + partition);
        }
        return partitions.get(partition);
    }

    /** The replication factor: the replica count of partition 0. */
    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
