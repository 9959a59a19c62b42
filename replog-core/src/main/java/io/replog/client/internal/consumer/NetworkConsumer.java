package io.replog.client.internal.consumer;

import io.replog.client.Consumer;
import io.replog.client.ConsumerConfig;
import io.replog.client.ConsumerRecords;
import io.replog.client.Deserializer;
import io.replog.client.OffsetResetStrategy;
import io.replog.client.internal.ClientNetwork;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.TimeoutException;
import io.replog.provider.TransportProvider;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The networked {@link Consumer}: reads the assigned partitions from their leaders over a
 * {@link ClientNetwork}.
 *
 * <p>How it works. All state ({@link SubscriptionState}, {@link FetchBuffer}) belongs to the
 * application thread that calls the consumer. The {@link Fetcher} sends requests without
 * blocking; their answers (which complete on the network's threads) are queued on an
 * {@link AnswerQueue}, and the calling thread applies them inside {@link #poll} or
 * {@link #position}, which wait on that queue, never on a sleep; a {@link RecordConverter} turns
 * fetched records into the application's types. Per
 * leader at most one Fetch is in flight, carrying every fetchable assigned partition it leads,
 * each at its position with the leader epoch the metadata gave ({@code currentLeaderEpoch}).
 *
 * <p>Guarantees, beyond {@link Consumer}'s:
 * <ul>
 *   <li>Records are those of the v2 batches the leaders returned, CRC-verified, from the position
 *       on (records below it are skipped), below the high watermark; a corrupt batch fails the
 *       poll with a {@link CorruptRecordException} naming the partition and offsets.</li>
 *   <li>A poll returns at most {@code max.poll.records}; the rest of a fetch stays buffered and is
 *       returned by the next polls before that partition is fetched again.</li>
 *   <li>A leader change (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, a
 *       lost connection) refreshes the metadata and retries after {@code retry.backoff.ms}. When
 *       the new metadata carries a newer leader epoch and records were returned, the new leader is
 *       asked (OffsetForLeaderEpoch) where the epoch of the last record returned ends in its log;
 *       if that is below the position, the logs diverged: the position moves back to it and a
 *       warning names both offsets (Kafka's KIP-320).</li>
 *   <li>A position that is missing, or out of range (OFFSET_OUT_OF_RANGE), is looked up with
 *       ListOffsets as {@code auto.offset.reset} says; with {@code none} the poll (or position)
 *       fails with an {@link io.replog.errors.OffsetOutOfRangeException} naming the partition,
 *       until the application seeks.</li>
 *   <li>Use by two threads at once fails with a {@link ConcurrentModificationException}, as in
 *       Kafka; {@link #close()} releases the connections and the thread and is harmless twice.</li>
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NetworkConsumer<K, V> implements Consumer<K, V> {
    /** Requests in flight per connection: one Fetch per leader, plus ListOffsets and OffsetForLeaderEpoch. */
    private static final int MAX_IN_FLIGHT = 5;

    private final ConsumerConfig config;
    private final ClientNetwork network;
    private final Clock clock;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer = new FetchBuffer();
    private final RecordConverter<K, V> converter;
    /** Answers from the network, applied by the calling thread. */
    private final AnswerQueue answers = new AnswerQueue();
    private final Fetcher fetcher;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private int ownerDepth;
    private volatile boolean closed;

    private NetworkConsumer(ConsumerConfig config, Deserializer<K> keyDeserializer,
                            Deserializer<V> valueDeserializer, ClientNetwork network, Clock clock) {
        this.config = config;
        this.network = network;
        this.clock = clock;
        this.subscriptions = new SubscriptionState(config.autoOffsetReset());
        this.converter = new RecordConverter<>(keyDeserializer, valueDeserializer);
        this.fetcher = new Fetcher(config, network, clock, subscriptions, buffer, answers);
    }

    /**
     * A consumer over {@code provider} (null: the one on the class path) whose deadlines read
     * {@code clock}.
     */
    public static <K, V> NetworkConsumer<K, V> create(ConsumerConfig config, Deserializer<K> keyDeserializer,
                                                      Deserializer<V> valueDeserializer, TransportProvider provider,
                                                      Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        Objects.requireNonNull(clock, "clock");
        ClientNetwork network = ClientNetwork.open("consumer", config, provider, clock, MAX_IN_FLIGHT,
                config.retryBackoffMs());
        return new NetworkConsumer<>(config, keyDeserializer, valueDeserializer, network, clock);
    }

    // ------------------------------------------------------------------ the Consumer API

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        if (partitions == null) {
            throw new IllegalArgumentException("assign needs a collection of partitions, not null");
        }
        for (TopicPartition tp : partitions) {
            if (tp == null || tp.topic() == null || tp.topic().isBlank()) {
                throw new IllegalArgumentException("assign cannot take a null partition or an empty topic: "
                        + partitions);
            }
        }
        acquire();
        try {
            ensureOpen();
            buffer.remove(subscriptions.assign(partitions));
            fetcher.needMetadata();
        } finally {
            release();
        }
    }

    @Override
    public Set<TopicPartition> assignment() {
        acquire();
        try {
            return subscriptions.assignment();
        } finally {
            release();
        }
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        acquire();
        try {
            ensureOpen();
            ensureAssigned(partition);
            subscriptions.seek(partition, offset);
            buffer.remove(partition);
        } finally {
            release();
        }
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        seekTo(partitions, OffsetResetStrategy.EARLIEST);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        seekTo(partitions, OffsetResetStrategy.LATEST);
    }

    private void seekTo(Collection<TopicPartition> partitions, OffsetResetStrategy strategy) {
        Objects.requireNonNull(partitions, "partitions");
        acquire();
        try {
            ensureOpen();
            Collection<TopicPartition> chosen = partitions.isEmpty() ? subscriptions.assignment() : partitions;
            chosen.forEach(this::ensureAssigned);
            for (TopicPartition tp : chosen) {
                subscriptions.requestReset(tp, strategy); // looked up lazily, by the next poll or position
                buffer.remove(tp);
            }
        } finally {
            release();
        }
    }

    @Override
    public long position(TopicPartition partition) {
        acquire();
        try {
            ensureOpen();
            ensureAssigned(partition);
            long timeoutMs = config.defaultApiTimeoutMs();
            long deadline = saturatedAdd(clock.millis(), timeoutMs);
            while (true) {
                answers.applyAll();
                subscriptions.resetMissingPositions();
                Optional<RuntimeException> error = subscriptions.error(partition);
                if (error.isPresent()) {
                    throw error.get();
                }
                Optional<Long> position = subscriptions.position(partition);
                if (position.isPresent()) {
                    return position.get();
                }
                long wakeAt = fetcher.sendRequests(false);
                long now = clock.millis();
                if (now >= deadline) {
                    throw new TimeoutException("Timed out after " + timeoutMs + " ms (default.api.timeout.ms) "
                            + "looking up the position of " + partition + " (bootstrap.servers "
                            + network.metadata().bootstrapServers() + ")");
                }
                answers.awaitOne(Math.min(deadline, wakeAt) - now);
            }
        } finally {
            release();
        }
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("poll timeout must not be negative, was " + timeout);
        }
        acquire();
        try {
            ensureOpen();
            if (subscriptions.isEmpty()) {
                throw new IllegalStateException("Consumer is not assigned any partitions; call assign first");
            }
            long deadline = saturatedAdd(clock.millis(), timeout.toMillis());
            while (true) {
                answers.applyAll();
                subscriptions.resetMissingPositions();
                Optional<RuntimeException> error = subscriptions.firstError();
                if (error.isPresent()) {
                    throw error.get();
                }
                ConsumerRecords<K, V> records = buffer.drain(config.maxPollRecords(), subscriptions, converter);
                long wakeAt = fetcher.sendRequests(true); // fetch ahead for the partitions just emptied
                if (!records.isEmpty()) {
                    return records;
                }
                long now = clock.millis();
                if (now >= deadline) {
                    return ConsumerRecords.empty();
                }
                answers.awaitOne(Math.min(deadline, wakeAt) - now);
            }
        } finally {
            release();
        }
    }

    @Override
    public void close() {
        acquire();
        try {
            if (closed) {
                return;
            }
            closed = true;
            network.close();
            answers.close();
        } finally {
            release();
        }
    }

    // ------------------------------------------------------------------ misc

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This consumer has been closed");
        }
    }

    private void ensureAssigned(TopicPartition tp) {
        if (tp == null || !subscriptions.isAssigned(tp)) {
            throw new IllegalStateException("Partition " + tp + " is not assigned; assigned: "
                    + subscriptions.assignment());
        }
    }

    private void acquire() {
        Thread me = Thread.currentThread();
        if (owner.get() != me && !owner.compareAndSet(null, me)) {
            Thread other = owner.get();
            throw new ConcurrentModificationException("A consumer is used by one thread at a time; thread "
                    + (other == null ? "?" : other.getName()) + " is using it");
        }
        ownerDepth++;
    }

    private void release() {
        if (--ownerDepth == 0) {
            owner.set(null);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
