package io.replog.topic;

import java.util.Objects;

/**
 * One partition of one topic: the unit of ordering, replication and leadership.
 *
 * @param topic     a valid topic name (see {@link TopicName})
 * @param partition the partition number, from 0
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition + " for topic " + topic);
        }
    }

    /** The name of this partition's log directory: {@code <topic>-<partition>}. */
    public String directoryName() {
        return topic + "-" + partition;
    }

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
