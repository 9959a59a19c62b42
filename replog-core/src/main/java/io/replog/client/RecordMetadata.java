package io.replog.client;

import io.replog.topic.TopicPartition;

import java.util.Objects;

/**
 * Where an acknowledged record was written: its topic, partition and offset, and its timestamp
 * (the one the record carried, or the broker's append time for a topic that uses log append time).
 * The offset is {@code -1} when the producer did not wait for it ({@code acks=0}).
 *
 * @param topic     the topic
 * @param partition the partition, from 0
 * @param offset    the record's offset in the partition, or {@code -1} if unknown
 * @param timestamp the record's timestamp in milliseconds since the epoch
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {

    /** The offset of a record sent with {@code acks=0}. */
    public static final long UNKNOWN_OFFSET = -1L;

    public RecordMetadata {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
        if (offset < UNKNOWN_OFFSET) {
            throw new IllegalArgumentException("offset must be >= -1, was " + offset);
        }
    }

    /** Whether the offset is known (the send waited for the leader's answer). */
    public boolean hasOffset() {
        return offset != UNKNOWN_OFFSET;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
