package io.replog.client.internal.consumer;

import io.replog.client.Consumer;
import io.replog.client.ConsumerConfig;
import io.replog.client.ConsumerRecord;
import io.replog.client.ConsumerRecords;
import io.replog.client.Deserializer;
import io.replog.client.Header;
import io.replog.client.OffsetResetStrategy;
import io.replog.client.internal.ClientNetwork;
import io.replog.client.internal.Cluster;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.ReplogException;
import io.replog.errors.SerializationException;
import io.replog.errors.TimeoutException;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.provider.TransportProvider;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The networked {@link Consumer}: reads the assigned partitions from their leaders over a
 * {@link ClientNetwork}.
 *
 * <p>How it works. All state ({@link SubscriptionState}, {@link FetchBuffer}) belongs to the
 * application thread that calls the consumer. Requests are sent without blocking; their answers
 * (which complete on the network's threads) are queued, and the calling thread applies them
 * inside {@link #poll} or {@link #position}, which wait on that queue, never on a sleep. Per
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
    private static final Logger log = LoggerFactory.getLogger(NetworkConsumer.class);
    /** Requests in flight per connection: one Fetch per leader, plus ListOffsets and OffsetForLeaderEpoch. */
    private static final int MAX_IN_FLIGHT = 5;

    private final ConsumerConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final ClientNetwork network;
    private final Clock clock;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer = new FetchBuffer();
    private final FetchedRecords.Converter<K, V> converter = this::convert;
    /** Answers from the network, applied by the calling thread. */
    private final LinkedBlockingQueue<Runnable> answers = new LinkedBlockingQueue<>();
    private final Set<Integer> leadersFetching = new HashSet<>();
    /** Partitions in a request whose answer has not been applied: none is asked about twice at once. */
    private final Set<TopicPartition> inFlight = new HashSet<>();
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private int ownerDepth;
    private boolean metadataNeeded = true;
    private boolean metadataInFlight;
    private long metadataAllowedAtMs;
    private volatile boolean closed;

    private NetworkConsumer(ConsumerConfig config, Deserializer<K> keyDeserializer,
                            Deserializer<V> valueDeserializer, ClientNetwork network, Clock clock) {
        this.config = config;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.network = network;
        this.clock = clock;
        this.subscriptions = new SubscriptionState(config.autoOffsetReset());
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
            metadataNeeded = true;
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
                applyAnswers();
                subscriptions.resetMissingPositions();
                Optional<RuntimeException> error = subscriptions.error(partition);
                if (error.isPresent()) {
                    throw error.get();
                }
                Optional<Long> position = subscriptions.position(partition);
                if (position.isPresent()) {
                    return position.get();
                }
                long wakeAt = sendRequests(false);
                long now = clock.millis();
                if (now >= deadline) {
                    throw new TimeoutException("Timed out after " + timeoutMs + " ms (default.api.timeout.ms) "
                            + "looking up the position of " + partition + " (bootstrap.servers "
                            + network.metadata().bootstrapServers() + ")");
                }
                awaitAnswer(Math.min(deadline, wakeAt) - now);
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
                applyAnswers();
                subscriptions.resetMissingPositions();
                Optional<RuntimeException> error = subscriptions.firstError();
                if (error.isPresent()) {
                    throw error.get();
                }
                ConsumerRecords<K, V> records = buffer.drain(config.maxPollRecords(), subscriptions, converter);
                long wakeAt = sendRequests(true); // fetch ahead for the partitions just emptied
                if (!records.isEmpty()) {
                    return records;
                }
                long now = clock.millis();
                if (now >= deadline) {
                    return ConsumerRecords.empty();
                }
                awaitAnswer(Math.min(deadline, wakeAt) - now);
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
            answers.clear();
        } finally {
            release();
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends what is due: metadata, position lookups, validations and (if {@code fetch}) fetches.
     * Returns when something waiting on a backoff becomes due, or {@link Long#MAX_VALUE}.
     */
    private long sendRequests(boolean fetch) {
        long now = clock.millis();
        for (TopicPartition tp : subscriptions.assignment()) {
            if (!subscriptions.hasLeader(tp)) {
                metadataNeeded = true;
            }
        }
        maybeRefreshMetadata(now);
        sendResets(now);
        sendValidations(now);
        if (fetch) {
            sendFetches(now);
        }
        long wakeAt = subscriptions.nextRetryAtMs(now);
        if (metadataNeeded && !metadataInFlight) {
            wakeAt = Math.min(wakeAt, Math.max(metadataAllowedAtMs, now + 1));
        }
        return wakeAt;
    }

    private void maybeRefreshMetadata(long now) {
        if (!metadataNeeded || metadataInFlight || now < metadataAllowedAtMs) {
            return;
        }
        metadataInFlight = true;
        metadataNeeded = false;
        metadataAllowedAtMs = now + config.retryBackoffMs();
        network.metadata().refresh(subscriptions.topics()).whenComplete((cluster, error) -> answer(() -> {
            metadataInFlight = false;
            if (error != null) {
                log.debug("Metadata refresh failed: {}", unwrap(error).toString());
                metadataNeeded = true;
                return;
            }
            applyLeaders(cluster);
        }));
    }

    private void applyLeaders(Cluster cluster) {
        for (TopicPartition tp : subscriptions.assignment()) {
            Optional<PartitionMetadata> p = cluster.partition(tp);
            if (p.isEmpty()) {
                Errors topicError = cluster.topicError(tp.topic());
                log.debug("No metadata for {} yet (topic error {})", tp, topicError);
                metadataNeeded = true;
                continue;
            }
            OptionalInt leader = cluster.leader(tp);
            int previous = subscriptions.leaderId(tp);
            if (subscriptions.updateLeader(tp, leader.orElse(-1), p.get().leaderEpoch())) {
                log.debug("Leader of {} is now broker {} in epoch {} (was broker {})", tp, leader.orElse(-1),
                        p.get().leaderEpoch(), previous);
            }
            if (!subscriptions.hasLeader(tp)) {
                metadataNeeded = true;
            }
        }
    }

    private void sendResets(long now) {
        Map<Integer, Map<TopicPartition, OffsetResetStrategy>> byLeader = new HashMap<>();
        subscriptions.resetsDue(now).forEach((tp, strategy) -> {
            if (!inFlight.contains(tp) && subscriptions.hasLeader(tp)) {
                byLeader.computeIfAbsent(subscriptions.leaderId(tp), k -> new LinkedHashMap<>()).put(tp, strategy);
            }
        });
        byLeader.forEach((leader, strategies) -> {
            Map<TopicPartition, Long> timestamps = new LinkedHashMap<>();
            strategies.forEach((tp, s) -> timestamps.put(tp,
                    s == OffsetResetStrategy.EARLIEST ? ListOffsetsRequest.EARLIEST : ListOffsetsRequest.LATEST));
            send(leader, new ListOffsetsRequest(FetchRequest.CONSUMER_REPLICA_ID, timestamps), strategies.keySet(),
                    (response, error) -> onListOffsets(leader, strategies, (ListOffsetsResponse) response, error));
        });
    }

    private void sendValidations(long now) {
        Map<Integer, Map<TopicPartition, OffsetForLeaderEpochRequest.EpochQuery>> byLeader = new HashMap<>();
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : subscriptions.validationsDue(now)) {
            if (inFlight.contains(tp) || !subscriptions.hasLeader(tp)) {
                continue;
            }
            positions.put(tp, subscriptions.position(tp).orElseThrow());
            byLeader.computeIfAbsent(subscriptions.leaderId(tp), k -> new LinkedHashMap<>()).put(tp,
                    new OffsetForLeaderEpochRequest.EpochQuery(subscriptions.leaderEpoch(tp),
                            subscriptions.offsetEpoch(tp)));
        }
        byLeader.forEach((leader, queries) -> send(leader,
                new OffsetForLeaderEpochRequest(FetchRequest.CONSUMER_REPLICA_ID, queries), queries.keySet(),
                (response, error) -> onValidation(leader, positions, (OffsetForLeaderEpochResponse) response, error)));
    }

    private void sendFetches(long now) {
        Map<Integer, List<FetchRequest.PartitionFetch>> byLeader = new LinkedHashMap<>();
        for (TopicPartition tp : subscriptions.assignment()) {
            if (!subscriptions.isFetchable(tp, now) || buffer.contains(tp) || inFlight.contains(tp)
                    || leadersFetching.contains(subscriptions.leaderId(tp))) {
                continue;
            }
            byLeader.computeIfAbsent(subscriptions.leaderId(tp), k -> new ArrayList<>())
                    .add(new FetchRequest.PartitionFetch(tp, subscriptions.leaderEpoch(tp),
                            subscriptions.position(tp).orElseThrow(), SubscriptionState.NO_EPOCH,
                            config.maxPartitionFetchBytes()));
        }
        byLeader.forEach((leader, fetches) -> {
            FetchRequest request = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, config.fetchMaxWaitMs(),
                    config.fetchMinBytes(), config.fetchMaxBytes(), fetches);
            leadersFetching.add(leader);
            send(leader, request, fetches.stream().map(FetchRequest.PartitionFetch::partition).toList(),
                    (response, error) -> {
                        leadersFetching.remove(leader);
                        onFetch(leader, request, (FetchResponse) response, error);
                    });
        });
    }

    /** Sends {@code request} about {@code partitions} to {@code leader}; {@code then} runs on the calling thread. */
    private void send(int leader, Request request, Collection<TopicPartition> partitions,
                      BiConsumer<Response, Throwable> then) {
        inFlight.addAll(partitions);
        List<TopicPartition> asked = List.copyOf(partitions);
        CompletableFuture<Response> sent;
        try {
            sent = network.transport().send(leader, request);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((response, error) -> answer(() -> {
            inFlight.removeAll(asked);
            then.accept(response, error == null ? null : unwrap(error));
        }));
    }

    // ------------------------------------------------------------------ answers

    private void onFetch(int leader, FetchRequest request, FetchResponse response, Throwable error) {
        Map<TopicPartition, FetchRequest.PartitionFetch> asked = new HashMap<>();
        request.partitions().forEach(pf -> asked.put(pf.partition(), pf));
        if (error != null || response.error() != Errors.NONE) {
            retryLater(asked.keySet(), "Fetch from broker " + leader, error != null ? error.toString()
                    : response.error().name());
            return;
        }
        for (FetchResponse.PartitionData data : response.partitions()) {
            TopicPartition tp = data.partition();
            FetchRequest.PartitionFetch pf = asked.get(tp);
            if (pf == null || !subscriptions.isAssigned(tp)
                    || !subscriptions.position(tp).equals(Optional.of(pf.fetchOffset()))) {
                continue; // unasked, unassigned meanwhile, or the position moved: a stale answer
            }
            Errors e = data.error();
            switch (e) {
                case NONE -> {
                    if (data.records().sizeInBytes() > 0) {
                        ByteBuffer batches = data.records().toByteBuffer();
                        buffer.add(new FetchedRecords(tp, pf.fetchOffset(), data.highWatermark(), batches));
                    }
                }
                case OFFSET_OUT_OF_RANGE -> {
                    log.info("Fetch position {} of {} is out of range (log start offset {}, high watermark {}); "
                                    + "auto.offset.reset is {}", pf.fetchOffset(), tp, data.logStartOffset(),
                            data.highWatermark(), config.autoOffsetReset());
                    subscriptions.outOfRange(tp, pf.fetchOffset(), data.logStartOffset(), data.highWatermark());
                }
                case CORRUPT_MESSAGE -> subscriptions.fail(tp, new CorruptRecordException("Broker " + leader
                        + " found a corrupt record batch in partition " + tp + " reading from offset "
                        + pf.fetchOffset()));
                default -> {
                    if (isRetriableForConsumer(e)) {
                        retryLater(List.of(tp), "Fetch of " + tp + " from broker " + leader, e.name());
                    } else {
                        subscriptions.fail(tp, e.exception("Fetch of " + tp + " at offset " + pf.fetchOffset()
                                + " from broker " + leader + " failed: " + e.name()));
                    }
                }
            }
        }
    }

    private void onListOffsets(int leader, Map<TopicPartition, OffsetResetStrategy> strategies,
                               ListOffsetsResponse response, Throwable error) {
        if (error != null) {
            retryLater(strategies.keySet(), "ListOffsets to broker " + leader, error.toString());
            return;
        }
        strategies.forEach((tp, strategy) -> {
            ListOffsetsResponse.PartitionOffset answer = response.offsets().get(tp);
            Errors e = answer == null ? Errors.UNKNOWN_SERVER_ERROR : answer.error();
            if (e == Errors.NONE) {
                if (subscriptions.completeReset(tp, strategy, answer.offset())) {
                    log.info("Position of {} set to offset {} ({})", tp, answer.offset(), strategy);
                }
            } else if (isRetriableForConsumer(e) || e == Errors.UNKNOWN_SERVER_ERROR) {
                retryLater(List.of(tp), "ListOffsets of " + tp + " from broker " + leader, e.name());
            } else {
                subscriptions.fail(tp, e.exception("Looking up the " + strategy + " offset of " + tp
                        + " at broker " + leader + " failed: " + e.name()));
            }
        });
    }

    private void onValidation(int leader, Map<TopicPartition, Long> positions, OffsetForLeaderEpochResponse response,
                              Throwable error) {
        if (error != null) {
            retryLater(positions.keySet(), "OffsetForLeaderEpoch to broker " + leader, error.toString());
            return;
        }
        positions.forEach((tp, position) -> {
            OffsetForLeaderEpochResponse.EpochEnd end = response.partitions().get(tp);
            Errors e = end == null ? Errors.UNKNOWN_SERVER_ERROR : end.error();
            if (e != Errors.NONE) {
                retryLater(List.of(tp), "OffsetForLeaderEpoch of " + tp + " from broker " + leader, e.name());
                return;
            }
            int askedEpoch = subscriptions.isAssigned(tp) ? subscriptions.offsetEpoch(tp) : SubscriptionState.NO_EPOCH;
            subscriptions.completeValidation(tp, position, end.leaderEpoch(), end.endOffset()).ifPresentOrElse(
                    d -> log.warn("Log of {} diverged at a leader change: the new leader (broker {}) ends epoch {} "
                                    + "at offset {}, below the position {}; moving the position back to {}",
                            tp, leader, askedEpoch, d.newPosition(), d.position(), d.newPosition()),
                    () -> log.info("Position {} of {} confirmed by the new leader, broker {} (epoch {} ends at {})",
                            position, tp, leader, end.leaderEpoch(), end.endOffset()));
        });
    }

    /** A retriable failure: the metadata is refreshed and the partitions wait {@code retry.backoff.ms}. */
    private void retryLater(Collection<TopicPartition> partitions, String what, String why) {
        log.debug("{} failed ({}); refreshing metadata and retrying {} in {} ms", what, why, partitions,
                config.retryBackoffMs());
        metadataNeeded = true;
        long until = clock.millis() + config.retryBackoffMs();
        for (TopicPartition tp : partitions) {
            subscriptions.backoff(tp, until);
        }
    }

    /**
     * Errors after which the consumer asks again, after a metadata refresh: Kafka's retriable
     * errors, plus UNKNOWN_TOPIC_OR_PARTITION, which a broker gives while it has not yet learned
     * of a partition it is about to lead.
     */
    private static boolean isRetriableForConsumer(Errors e) {
        return e.isRetriable() || e == Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    // ------------------------------------------------------------------ the calling thread's queue

    private void answer(Runnable work) {
        if (!closed) {
            answers.add(work);
        }
    }

    private void applyAnswers() {
        Runnable work;
        while ((work = answers.poll()) != null) {
            work.run();
        }
    }

    /** Waits up to {@code waitMs} for an answer and applies it (and any others queued). */
    private void awaitAnswer(long waitMs) {
        try {
            Runnable work = answers.poll(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
            if (work != null) {
                work.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplogException("Interrupted while the consumer waited for brokers", e);
        }
    }

    // ------------------------------------------------------------------ records

    private ConsumerRecord<K, V> convert(TopicPartition tp, RecordBatch batch, Record record) {
        K key;
        V value;
        try {
            key = keyDeserializer.deserialize(tp.topic(), bytes(record.key()));
        } catch (RuntimeException e) {
            throw deserializationFailed("key", tp, record, e);
        }
        try {
            value = valueDeserializer.deserialize(tp.topic(), bytes(record.value()));
        } catch (RuntimeException e) {
            throw deserializationFailed("value", tp, record, e);
        }
        List<Header> headers = new ArrayList<>(record.headerCount());
        for (io.replog.record.Header h : record.headers()) {
            headers.add(Header.of(h.key(), h.value()));
        }
        return new ConsumerRecord<>(tp.topic(), tp.partition(), record.offset(), record.timestamp(),
                batch.timestampType(), key, value, headers);
    }

    private static SerializationException deserializationFailed(String what, TopicPartition tp, Record record,
                                                                RuntimeException e) {
        return new SerializationException("Could not deserialize the " + what + " of the record at offset "
                + record.offset() + " of " + tp + ": " + e.getMessage() + "; seek past offset " + record.offset()
                + " to skip it", e);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
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

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
