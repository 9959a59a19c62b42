package io.replog.client;

import io.replog.record.TimestampType;
import io.replog.topic.TopicPartition;

import java.util.List;
import java.util.Objects;

/**
 * One record read from a partition: where it is (topic, partition, offset), its timestamp and
 * what that timestamp means, its deserialized key and value (either may be {@code null}), and its
 * headers in the order they were written.
 *
 * <p>What a consumer guarantees about the records it returns: they were committed (below the
 * partition's high watermark, so on every in-sync replica), and within a partition they come in
 * offset order with no offset twice in one pass.
 *
 * @param topic         the topic
 * @param partition     the partition
 * @param offset        the record's offset
 * @param timestamp     milliseconds since the epoch
 * @param timestampType whether the producer or the broker set the timestamp
 * @param key           the key, or {@code null}
 * @param value         the value, or {@code null}
 * @param headers       the headers, unmodifiable
 * @param <K>           the key type
 * @param <V>           the value type
 */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp,
                                   TimestampType timestampType, K key, V value, List<Header> headers) {

    public ConsumerRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestampType, "timestampType");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        headers = List.copyOf(headers);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
