package io.replog.client.internal.consumer;

import io.replog.client.ConsumerConfig;
import io.replog.client.OffsetResetStrategy;
import io.replog.client.internal.ClientNetwork;
import io.replog.client.internal.Futures;
import io.replog.client.internal.Cluster;
import io.replog.errors.CorruptRecordException;
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
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The consumer's requests and what their answers do: metadata refreshes, position lookups
 * (ListOffsets), position validations after a leader change (OffsetForLeaderEpoch) and fetches,
 * each sent to the partition's leader without blocking. Answers are queued on the
 * {@link AnswerQueue} and applied by the application thread, which owns every piece of state here,
 * so nothing in this class is shared between threads.
 *
 * <p>Guarantees: at most one Fetch per leader in flight, carrying every fetchable assigned
 * partition it leads; no partition is asked about twice at once; an answer about a position that
 * has moved since the request is dropped; a retriable failure refreshes the metadata and backs
 * the partitions off for {@code retry.backoff.ms}.
 */
final class Fetcher {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);

    private final ConsumerConfig config;
    private final ClientNetwork network;
    private final Clock clock;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final AnswerQueue answers;
    private final Set<Integer> leadersFetching = new HashSet<>();
    /** Partitions in a request whose answer has not been applied: none is asked about twice at once. */
    private final Set<TopicPartition> inFlight = new HashSet<>();
    private boolean metadataNeeded = true;
    private boolean metadataInFlight;
    private long metadataAllowedAtMs;

    Fetcher(ConsumerConfig config, ClientNetwork network, Clock clock, SubscriptionState subscriptions,
            FetchBuffer buffer, AnswerQueue answers) {
        this.config = config;
        this.network = network;
        this.clock = clock;
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.answers = answers;
    }

    /** Asks for fresh metadata at the next {@link #sendRequests} (after a new assignment, say). */
    void needMetadata() {
        metadataNeeded = true;
    }

    /**
     * Sends what is due: metadata, position lookups, validations and (if {@code fetch}) fetches.
     * Returns when something waiting on a backoff becomes due, or {@link Long#MAX_VALUE}.
     */
    long sendRequests(boolean fetch) {
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
        network.metadata().refresh(subscriptions.topics()).whenComplete((cluster, error) -> answers.add(() -> {
            metadataInFlight = false;
            if (error != null) {
                log.debug("Metadata refresh failed: {}", Futures.cause(error).toString());
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
        sent.whenComplete((response, error) -> answers.add(() -> {
            inFlight.removeAll(asked);
            then.accept(response, error == null ? null : Futures.cause(error));
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
}
