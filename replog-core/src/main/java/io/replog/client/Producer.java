package io.replog.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to the partitions of topics; Kafka's producer, under a smaller interface.
 *
 * <p><b>No factory yet.</b> {@code Producer.create(ProducerConfig, Serializer<K>, Serializer<V>)}
 * arrives with the networked implementation; until then there is deliberately no way to make a
 * producer, rather than one that pretends to send. What exists already, and what that
 * implementation builds on: {@link ProducerConfig}, the key partitioner (Kafka's, bit for bit)
 * and the record accumulator that batches records per partition.
 *
 * <p>What an implementation guarantees:
 * <ul>
 *   <li>Records with the same non-null key go to the same partition as long as the topic's
 *       partition count does not change, and it is the partition Kafka's Java client would pick.</li>
 *   <li>Within a partition, records are written in the order {@code send} was called (with
 *       {@code max.in.flight.requests.per.connection=1}, also across retries).</li>
 *   <li>Every returned future completes: with the record's {@link RecordMetadata} once the
 *       configured {@link Acks} are met, or exceptionally with an
 *       {@link io.replog.errors.ReplogException} subtype, at the latest {@code delivery.timeout.ms}
 *       after {@code send} (then an {@link io.replog.errors.TimeoutException} naming the partition).</li>
 *   <li>It is safe to use from many threads at once.</li>
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Producer<K, V> extends AutoCloseable {

    /**
     * Serializes the record, picks its partition and queues it for sending; returns at once unless
     * {@code buffer.memory} is exhausted, in which case it waits up to {@code max.block.ms} for
     * space. Never throws for a failure of this record: serialization errors, an unknown topic or
     * partition, a full buffer after {@code max.block.ms}, or a closed producer all complete the
     * returned future exceptionally.
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /**
     * Makes every record sent before this call ready to go at once (ignoring {@code linger.ms}) and
     * waits until each one's future has completed, successfully or not.
     */
    void flush();

    /** Sends everything queued, waits for its completion, then releases all resources. */
    @Override
    void close();

    /**
     * Like {@link #close()}, but waits at most {@code timeout}; records still unsent then fail with
     * an {@link io.replog.errors.ReplogException} saying the producer was closed. A zero timeout
     * fails every unsent record at once.
     */
    void close(Duration timeout);
}
