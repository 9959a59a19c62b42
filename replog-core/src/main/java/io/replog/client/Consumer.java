package io.replog.client;

import io.replog.topic.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * Reads records from partitions the application assigns explicitly (no consumer groups, no
 * committed offsets yet): {@link #assign}, optionally {@link #seek}, then {@link #poll} in a loop.
 *
 * <p><b>No factory yet.</b> {@code Consumer.create(ConsumerConfig, Deserializer<K>,
 * Deserializer<V>)} arrives with the networked implementation; until then there is deliberately no
 * way to make a consumer, rather than one that pretends to read. {@link ConsumerConfig} and the
 * record types exist already.
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
     */
    long position(TopicPartition partition);

    /**
     * Returns the records available for the assigned partitions, waiting up to {@code timeout} for
     * at least one (and for {@code fetch.min.bytes}); at most {@code max.poll.records} records.
     * Returns {@link ConsumerRecords#empty()} if none arrived in time.
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** Releases all resources; the consumer cannot be used afterwards. */
    @Override
    void close();
}
