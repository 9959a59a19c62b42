package io.replog.client;

import io.replog.topic.TopicName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A record to send: a topic, a key and a value (either may be {@code null}), and optionally an
 * explicit partition, a timestamp and headers.
 *
 * <p>Where it goes: to the explicit partition if one is given; otherwise, for a non-null key, to
 * the partition Kafka's Java client would choose ({@code toPositive(murmur2(serialized key)) %
 * partitions}), so records with equal keys land on one partition in order; for a null key, to the
 * partition the producer is currently filling (sticky partitioning). Its timestamp is the one
 * given, or the producer's clock when {@code send} is called.
 *
 * <p>Immutable; the {@code with...} methods return a new record. The topic name is checked on
 * construction ({@link io.replog.errors.InvalidTopicException}); whether an explicit partition
 * exists is checked by the producer against the topic's metadata.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ProducerRecord<K, V> {
    private final String topic;
    private final Integer partition;
    private final Long timestamp;
    private final K key;
    private final V value;
    private final List<Header> headers;

    private ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value, List<Header> headers) {
        this.topic = TopicName.validate(topic);
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("Invalid partition " + partition + " for topic " + topic
                    + ": a partition number is at least 0");
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("Invalid timestamp " + timestamp + " for a record of topic " + topic
                    + ": a timestamp is at least 0 (milliseconds since the epoch)");
        }
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    /** A record with no explicit partition, timestamp or headers. */
    public static <K, V> ProducerRecord<K, V> of(String topic, K key, V value) {
        return new ProducerRecord<>(topic, null, null, key, value, List.of());
    }

    /** A record for an explicit partition. */
    public static <K, V> ProducerRecord<K, V> of(String topic, int partition, K key, V value) {
        return new ProducerRecord<>(topic, partition, null, key, value, List.of());
    }

    /** This record sent to {@code partition} whatever its key. */
    public ProducerRecord<K, V> withPartition(int partition) {
        return new ProducerRecord<>(topic, partition, timestamp, key, value, headers);
    }

    /** This record with the given timestamp, in milliseconds since the epoch. */
    public ProducerRecord<K, V> withTimestamp(long timestamp) {
        return new ProducerRecord<>(topic, partition, timestamp, key, value, headers);
    }

    /** This record with exactly these headers, in this order. */
    public ProducerRecord<K, V> withHeaders(List<Header> headers) {
        for (Header h : headers) {
            Objects.requireNonNull(h, "header");
        }
        return new ProducerRecord<>(topic, partition, timestamp, key, value, List.copyOf(headers));
    }

    /** This record with exactly these headers, in this order. */
    public ProducerRecord<K, V> withHeaders(Header... headers) {
        return withHeaders(Arrays.asList(headers));
    }

    /** This record with one more header after the ones it has. */
    public ProducerRecord<K, V> withHeader(String key, byte[] value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(Header.of(key, value));
        return new ProducerRecord<>(topic, partition, timestamp, this.key, this.value, List.copyOf(more));
    }

    public String topic() {
        return topic;
    }

    /** The explicit partition, if one was given. */
    public OptionalInt partition() {
        return partition == null ? OptionalInt.empty() : OptionalInt.of(partition);
    }

    /** The explicit timestamp, if one was given. */
    public OptionalLong timestamp() {
        return timestamp == null ? OptionalLong.empty() : OptionalLong.of(timestamp);
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    /** The headers in order; unmodifiable. */
    public List<Header> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord<?, ?> r && topic.equals(r.topic) && Objects.equals(partition, r.partition)
                && Objects.equals(timestamp, r.timestamp) && Objects.equals(key, r.key)
                && Objects.equals(value, r.value) && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, timestamp, key, value, headers);
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", timestamp=" + timestamp
                + ", key=" + key + ", value=" + value + ", headers=" + headers + ")";
    }
}
