package io.replog.client.internal.producer;

import io.replog.client.Producer;
import io.replog.client.ProducerConfig;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.client.Serializer;
import io.replog.client.internal.ClientNetwork;
import io.replog.client.internal.Cluster;
import io.replog.errors.ReplogException;
import io.replog.errors.SerializationException;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.protocol.MetadataResponse.TopicMetadata;
import io.replog.provider.TransportProvider;
import io.replog.record.Header;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The networked {@link Producer}: {@code send} serializes on the caller's thread, waits (at most
 * {@code max.block.ms} in all) for the topic's metadata and for {@code buffer.memory}, picks the
 * partition ({@link Partitioner}: Kafka's murmur2 for keys, sticky for null keys) and appends to
 * the {@link RecordAccumulator}; the {@link Sender}, on the client's one thread
 * ({@code replog-producer-<client.id>}), sends the batches.
 *
 * <p>Guarantees, beyond {@link Producer}'s:
 * <ul>
 *   <li><b>Order.</b> Within a partition, records are written in the order their {@code send}
 *       calls appended them, across retries too: a partition has at most one batch in flight, and a
 *       retried batch is sent again before any later one. {@code max.in.flight.requests.per.connection}
 *       bounds the requests on one connection (which carry different partitions).</li>
 *   <li><b>Failures reach the future.</b> A record's failure never throws from {@code send}:
 *       serialization ({@link SerializationException}), a topic the cluster does not know after
 *       {@code max.block.ms} ({@link io.replog.errors.UnknownTopicOrPartitionException} naming it),
 *       no answer from any bootstrap server ({@link io.replog.errors.TimeoutException} naming them),
 *       a full buffer ({@link io.replog.errors.TimeoutException} naming {@code buffer.memory}), an
 *       error the broker answered that is not retriable (its mapped exception), a retriable one
 *       once {@code retries} are spent (that exception, e.g. {@link
 *       io.replog.errors.NotEnoughReplicasException}) or {@code delivery.timeout.ms} has passed (a
 *       {@link io.replog.errors.TimeoutException} naming the partition, with the last error as its
 *       cause), and a closed producer.</li>
 *   <li><b>Close.</b> {@link #close()} sends everything queued and waits for every future;
 *       {@link #close(Duration)} waits at most that long, then fails what is still queued and what is
 *       in flight with a {@link ReplogException} saying the producer was closed; either way every
 *       future has completed when it returns, and the thread and connections are gone.</li>
 * </ul>
 * Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NetworkProducer<K, V> implements Producer<K, V> {
    private static final Logger log = LoggerFactory.getLogger(NetworkProducer.class);
    private static final Header[] NO_HEADERS = new Header[0];

    private final ProducerConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final ClientNetwork network;
    private final Clock clock;
    private final Partitioner partitioner = new Partitioner();
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final ReentrantLock memoryLock = new ReentrantLock();
    private final Condition memoryFreed = memoryLock.newCondition();
    private long memoryGeneration; // guarded by memoryLock
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private NetworkProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                            TransportProvider provider, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.network = ClientNetwork.open("producer", config, provider, clock,
                config.maxInFlightRequestsPerConnection(), config.retryBackoffMs());
        this.accumulator = new RecordAccumulator(config, clock, partitioner::batchCompleted, this::signalMemoryFreed);
        this.sender = new Sender(accumulator, network.transport(), network.metadata(), network.scheduler(),
                config.acks(), config.requestTimeoutMs(), config.retryBackoffMs());
    }

    /**
     * A producer for {@code config}, over {@code provider} (null: the one {@link TransportProvider}
     * on the class path) and timed by {@code clock}.
     */
    public static <K, V> NetworkProducer<K, V> create(ProducerConfig config, Serializer<K> keySerializer,
                                                      Serializer<V> valueSerializer, TransportProvider provider,
                                                      Clock clock) {
        return new NetworkProducer<>(config, keySerializer, valueSerializer, provider, clock);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        Objects.requireNonNull(record, "record");
        long startNanos = clock.nanos();
        try {
            if (closed) {
                throw closedError("Cannot send a record to " + record.topic());
            }
            String topic = record.topic();
            byte[] key = serialize("key", keySerializer, topic, record.key());
            byte[] value = serialize("value", valueSerializer, topic, record.value());
            Header[] headers = headers(record);
            long timestamp = record.timestamp().orElse(clock.millis());
            TopicMetadata topicMetadata = awaitTopic(topic, startNanos);
            return append(record, topicMetadata, timestamp, key, value, headers, startNanos);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> byte[] serialize(String what, Serializer<T> serializer, String topic, T data) {
        try {
            return serializer.serialize(topic, data);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("Could not serialize the " + what + " of a record for topic " + topic
                    + " with " + serializer.getClass().getName() + ": " + e, e);
        }
    }

    private static Header[] headers(ProducerRecord<?, ?> record) {
        if (record.headers().isEmpty()) {
            return NO_HEADERS;
        }
        return record.headers().stream().map(io.replog.client.Header::toRecordHeader).toArray(Header[]::new);
    }

    /** The topic's metadata, refreshed until it is known, at most until {@code max.block.ms} after {@code startNanos}. */
    private TopicMetadata awaitTopic(String topic, long startNanos) {
        sender.addTopic(topic);
        Optional<TopicMetadata> known = network.metadata().current().topic(topic);
        if (known.isPresent()) {
            return known.get();
        }
        long remainingMs = Math.max(0, config.maxBlockMs() - TimeUnit.NANOSECONDS.toMillis(clock.nanos() - startNanos));
        long deadlineMs = network.scheduler().clock().millis() + remainingMs;
        CompletableFuture<Cluster> ready = network.metadata().await(List.copyOf(sender.topics()),
                c -> c.topic(topic).isPresent(), deadlineMs, "metadata of topic " + topic);
        try {
            // The wait itself is bounded too: one refresh may take up to request.timeout.ms, and
            // max.block.ms is the caller's bound.
            return ready.get(remainingMs, TimeUnit.MILLISECONDS).topic(topic).orElseThrow();
        } catch (ExecutionException e) {
            throw SendDecisions.metadataWaitFailure(topic, network.metadata().current(), e, config.maxBlockMs());
        } catch (java.util.concurrent.TimeoutException e) {
            ready.cancel(false);
            throw SendDecisions.metadataWaitFailure(topic, network.metadata().current(),
                    new io.replog.errors.TimeoutException("Timed out waiting for metadata of topic " + topic
                            + " after " + config.maxBlockMs() + " ms (max.block.ms); bootstrap.servers "
                            + network.metadata().bootstrapServers()), config.maxBlockMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplogException("Interrupted while waiting for the metadata of topic " + topic, e);
        }
    }

    private CompletableFuture<RecordMetadata> append(ProducerRecord<K, V> record, TopicMetadata topic, long timestamp,
                                                     byte[] key, byte[] value, Header[] headers, long startNanos) {
        boolean sticky = key == null && record.partition().isEmpty();
        int partition = partition(record, topic, key);
        while (true) {
            long generation = memoryGeneration();
            TopicPartition tp = new TopicPartition(record.topic(), partition);
            RecordAccumulator.AppendResult result = accumulator.append(tp, timestamp, key, value, headers, startNanos,
                    sticky);
            if (result instanceof RecordAccumulator.AppendResult.Appended appended) {
                if (appended.batchFull() || appended.newBatch()) {
                    sender.wakeup();
                }
                return appended.future();
            }
            if (result instanceof RecordAccumulator.AppendResult.BatchFull) {
                // The sticky partition's batch is full and it has moved on: choose again, once.
                sticky = false;
                partition = partition(record, topic, key);
                sender.wakeup();
                continue;
            }
            RecordAccumulator.AppendResult.MustWait wait = (RecordAccumulator.AppendResult.MustWait) result;
            sender.wakeup(); // memory is short: the accumulator makes every batch ready, so sending frees some
            awaitMemory(generation, wait.waitAtMostNanos());
        }
    }

    private int partition(ProducerRecord<K, V> record, TopicMetadata topic, byte[] key) {
        List<Integer> available = topic.partitions().stream().filter(p -> p.leader() >= 0)
                .map(PartitionMetadata::partition).toList();
        return partitioner.partition(record.topic(), record.partition(), key, topic.partitions().size(), available);
    }

    private long memoryGeneration() {
        memoryLock.lock();
        try {
            return memoryGeneration;
        } finally {
            memoryLock.unlock();
        }
    }

    private void awaitMemory(long generation, long nanos) {
        memoryLock.lock();
        try {
            long left = nanos;
            while (memoryGeneration == generation && left > 0 && !closed) {
                left = memoryFreed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplogException("Interrupted while waiting for buffer.memory", e);
        } finally {
            memoryLock.unlock();
        }
    }

    private void signalMemoryFreed() {
        memoryLock.lock();
        try {
            memoryGeneration++;
            memoryFreed.signalAll();
        } finally {
            memoryLock.unlock();
        }
    }

    @Override
    public void flush() {
        CompletableFuture<Void> done = accumulator.beginFlush();
        sender.wakeup();
        await(done, Long.MAX_VALUE, "flush");
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("close timeout must not be negative, was " + timeout);
        }
        synchronized (closeLock) {
            if (network.scheduler().isTerminated()) {
                return;
            }
            closed = true;
            signalMemoryFreed(); // sends waiting for memory give up and see the producer closed
            long timeoutMs = network.scheduler().isLoopThread() ? 0 : saturatedMillis(timeout);
            ReplogException error = closedError("The producer was closed (close timeout " + timeoutMs
                    + " ms) before this record was sent");
            if (timeoutMs == 0) {
                // Before the accumulator's close makes lingering batches ready: close(ZERO) sends none of them.
                sender.forceClose(error);
            }
            CompletableFuture<Void> done = accumulator.close();
            if (timeoutMs > 0) {
                sender.wakeup();
                await(done, timeoutMs, "close");
            }
            if (!done.isDone()) {
                sender.forceClose(error);
                int aborted = accumulator.abortUnsent(error).size();
                log.info("producer closed with {} unsent batch(es) failed", aborted);
                network.close();
                sender.failInFlight(error);
            } else {
                network.close();
            }
        }
    }

    private static long saturatedMillis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void await(CompletableFuture<Void> done, long timeoutMs, String what) {
        try {
            if (timeoutMs == Long.MAX_VALUE) {
                done.get();
            } else {
                done.get(timeoutMs, TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            // the caller decides what a timed-out wait means
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch completion futures never fail", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplogException("Interrupted during producer " + what, e);
        }
    }

    private static ReplogException closedError(String message) {
        return new ReplogException(message + ": the producer is closed");
    }

    @Override
    public String toString() {
        return "NetworkProducer(" + network.scheduler().name() + ")";
    }
}
