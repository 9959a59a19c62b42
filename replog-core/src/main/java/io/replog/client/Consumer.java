package io.replog.client;

import io.replog.provider.TransportProvider;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * Reads records from partitions the application assigns explicitly (no consumer groups, no
 * committed offsets yet): {@link #assign}, optionally {@link #seek}, then {@link #poll} in a loop.
 *
 * <p>{@link #create} makes one that reads from the cluster named by {@code bootstrap.servers}, over
 * the one {@link io.replog.provider.TransportProvider} on the class path: each fetch goes to the
 * partition's leader, and a position survives a leader change (the new leader is asked where the
 * epoch of the last record returned ended, as Kafka's KIP-320 consumer does).
 *
 * <p>What an implementation guarantees: only committed records (below the high watermark) are
 * returned; within a partition they come in offset order, each once per pass, and the position
 * after a poll is one past the last record returned; a partition without a position starts where
 * {@code auto.offset.reset} says. A consumer is used by one thread at a time (as Kafka's).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Consumer<K, V> extends AutoCloseable {

    /**
     * A consumer reading the cluster {@code config} names, turning keys and values into objects
     * with the deserializers given. It owns one thread ({@code replog-consumer-<client.id>}) and its
     * connections until {@link #close()}. Nothing is sent before the first call that needs it.
     *
     * @throws io.replog.errors.ProviderException when the class path has no transport provider, or several
     */
    static <K, V> Consumer<K, V> create(ConsumerConfig config, Deserializer<K> keyDeserializer,
                                        Deserializer<V> valueDeserializer) {
        return io.replog.client.internal.consumer.NetworkConsumer.create(config, keyDeserializer, valueDeserializer,
                null, io.replog.time.Clock.system());
    }

    /**
     * As {@link #create(ConsumerConfig, Deserializer, Deserializer)}, over {@code provider} (null:
     * the one on the class path) and timed by {@code clock}: for embedding and tests.
     */
    static <K, V> Consumer<K, V> create(ConsumerConfig config, Deserializer<K> keyDeserializer,
                                        Deserializer<V> valueDeserializer, TransportProvider provider,
                                        Clock clock) {
        return io.replog.client.internal.consumer.NetworkConsumer.create(config, keyDeserializer, valueDeserializer,
                provider, clock);
    }

    /** Replaces the assignment with exactly these partitions; positions of partitions kept stay. */
    void assign(Collection<TopicPartition> partitions);

    /** The partitions currently assigned. */
    Set<TopicPartition> assignment();

    /**
     * Makes the next poll of {@code partition} start at {@code offset}.
     *
     * @throws IllegalStateException    if the partition is not assigned
     * @throws IllegalArgumentException if the offset is negative
     */
    void seek(TopicPartition partition, long offset);

    /** Makes the next poll of each partition start at its log start offset (all assigned if empty). */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /** Makes the next poll of each partition start at its log end offset (all assigned if empty). */
    void seekToEnd(Collection<TopicPartition> partitions);

    /**
     * The offset of the next record the consumer will return for {@code partition}, looking it up
     * (as {@code auto.offset.reset} says) if it has none yet.
     *
     * @throws IllegalStateException if the partition is not assigned
     * @throws io.replog.errors.OffsetOutOfRangeException if it has none and {@code auto.offset.reset} is {@code none}
     * @throws io.replog.errors.TimeoutException if not found within {@code default.api.timeout.ms}
     */
    long position(TopicPartition partition);

    /**
     * Returns the records available for the assigned partitions, waiting up to {@code timeout} for
     * at least one (and for {@code fetch.min.bytes}); at most {@code max.poll.records} records.
     * Returns {@link ConsumerRecords#empty()} if none arrived in time.
     *
     * @throws IllegalStateException if no partition is assigned
     * @throws io.replog.errors.OffsetOutOfRangeException if a partition has no position, or one out of
     *         range, and {@code auto.offset.reset} is {@code none} (until the application seeks)
     * @throws io.replog.errors.CorruptRecordException if a fetched batch fails its CRC check (named by
     *         partition and offsets; records before it are returned by the poll before)
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** Releases all resources; the consumer cannot be used afterwards. */
    @Override
    void close();
}
