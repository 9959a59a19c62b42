package io.replog.client;

import io.replog.time.Clock;
import io.replog.provider.TransportProvider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to the partitions of topics; Kafka's producer, under a smaller interface.
 *
 * <p>Made by {@link #create(ProducerConfig, Serializer, Serializer)}: a producer owns one thread
 * ({@code replog-producer-<client.id>}) and its connections until {@link #close()}.
 *
 * <p>What an implementation guarantees:
 * <ul>
 *   <li>Records with the same non-null key go to the same partition as long as the topic's
 *       partition count does not change, and it is the partition Kafka's Java client would pick.</li>
 *   <li>Within a partition, records are written in the order {@code send} was called, across
 *       retries too: a partition has at most one batch in flight, and a retried batch goes out
 *       again before any later one of its partition (Kafka needs idempotence for this; replog has
 *       it by construction). {@code max.in.flight.requests.per.connection} bounds the requests
 *       on one connection, which carry batches of different partitions.</li>
 *   <li>Every returned future completes: with the record's {@link RecordMetadata} once the
 *       configured {@link Acks} are met, or exceptionally with an
 *       {@link io.replog.errors.ReplogException} subtype, at the latest {@code delivery.timeout.ms}
 *       after {@code send} (then an {@link io.replog.errors.TimeoutException} naming the partition,
 *       with the last retriable error as its cause); a batch whose request is on the wire at that
 *       moment completes when its answer comes or its request times out, at most
 *       {@code request.timeout.ms} later, so that the partition's next batch never overtakes it.</li>
 *   <li>It is safe to use from many threads at once.</li>
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Producer<K, V> extends AutoCloseable {

    /**
     * A producer for {@code config}, serializing keys and values with the given serializers, over
     * the one {@link io.replog.provider.TransportProvider} on the class path (e.g.
     * {@code replog-netty}).
     *
     * @throws io.replog.errors.ProviderException when the class path has no transport provider, or several
     */
    static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer) {
        return create(config, keySerializer, valueSerializer, null, io.replog.time.Clock.system());
    }

    /**
     * As {@link #create(ProducerConfig, Serializer, Serializer)}, over {@code provider} (null: the
     * one on the class path) and timed by {@code clock}: for embedding and tests.
     */
    static <K, V> Producer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer, TransportProvider provider,
                                        Clock clock) {
        return io.replog.client.internal.producer.NetworkProducer.create(config, keySerializer, valueSerializer,
                provider, clock);
    }

    /**
     * Serializes the record, picks its partition and queues it for sending. Returns at once unless
     * the topic's metadata is not known yet (its first send) or {@code buffer.memory} is exhausted:
     * then it waits for them, at most {@code max.block.ms} in all. Never throws for a failure of
     * this record: serialization errors, an unknown topic (an
     * {@link io.replog.errors.UnknownTopicOrPartitionException} naming it, after {@code max.block.ms})
     * or partition, unreachable bootstrap servers (a {@link io.replog.errors.TimeoutException}
     * naming them), a full buffer after {@code max.block.ms} (a
     * {@link io.replog.errors.TimeoutException} naming {@code buffer.memory}), or a closed producer
     * all complete the returned future exceptionally. With {@code acks=0} the future completes once
     * the request is written, with offset {@code -1}.
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
     * an {@link io.replog.errors.ReplogException} saying the producer was closed, and so do records
     * whose request awaits its answer (as Kafka's forced close; those may have been written). A zero
     * timeout fails every unsent record at once. Every future has completed when it returns.
     */
    void close(Duration timeout);
}
