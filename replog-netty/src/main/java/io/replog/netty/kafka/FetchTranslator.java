package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.Wire;
import io.replog.netty.protocol.message.FetchRequestMessage;
import io.replog.netty.protocol.message.FetchRequestMessage.FetchPartition;
import io.replog.netty.protocol.message.FetchRequestMessage.FetchTopic;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.FetchResponseMessage.FetchableTopicResponse;
import io.replog.netty.protocol.message.FetchResponseMessage.PartitionData;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchRequest.PartitionFetch;
import io.replog.protocol.FetchResponse;
import io.replog.record.MemoryRecords;
import io.replog.record.Records;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Fetch (key 1) between core's {@link FetchRequest}/{@link FetchResponse} and Kafka's bodies,
 * served at versions {@value #LOWEST}..{@value #HIGHEST}.
 *
 * <p>Guarantees: replog keeps no fetch sessions, so every response carries session id 0 and is a
 * full response listing exactly the requested partitions in request order, those without records
 * included. A request naming a session (session id not 0) is answered FETCH_SESSION_ID_NOT_FOUND
 * (70); session id 0 with an epoch other than 0 or -1, INVALID_FETCH_SESSION_EPOCH (71), as Kafka
 * does.
 *
 * <p>Records are never decoded. Server direction: {@link #toKafka} wraps each partition's
 * {@link Records#toByteBuffer()} view, so that the codec copies it into one response buffer (a
 * file-backed run is read into memory first); the server's Fetch path uses
 * {@link FetchResponseEncoder} instead, which sends log segment bytes as {@code FileRegion} parts.
 * Client direction: {@link #toCoreResponse} gives core {@link MemoryRecords} viewing the response
 * buffer, valid only while that buffer is.
 *
 * <p>Neutral values written: throttle time 0, last stable offset = high watermark (replog has no
 * transactions), no aborted transactions (an empty list), preferred read replica -1, no diverging
 * epoch, current leader or snapshot id (-1s), no node endpoints. Kafka fields core cannot express
 * and ignores: isolation level (read-committed reads the same as read-uncommitted without
 * transactions), rack id, forgotten topics, the follower's log start offset, replica epoch,
 * directory id and high watermark (v15+).
 *
 * <p>v13+ names topics by id: ids are resolved to names through core's metadata
 * ({@link TopicIds}); the partitions of an unknown id stay in the response, in their place,
 * answered UNKNOWN_TOPIC_ID (100), and each topic is answered by the id it was asked by. From v15
 * the fetching replica's id is read from (and written to) the replica state.
 *
 * <p>A field the version lacks is written as Kafka's default, since the codecs refuse any other
 * value there: the log start offset below v5, the top-level error below v7, and in requests the
 * current leader epoch below v9 (-1: no fencing) and the last fetched epoch below v12 (-1).
 */
public final class FetchTranslator {
    /** Lowest served version: the codecs' lowest. */
    public static final short LOWEST = 4;
    /** Highest served version: the codecs' highest. */
    public static final short HIGHEST = 18;
    /** The first version naming topics by id. */
    public static final short FIRST_TOPIC_ID_VERSION = 13;
    /** The first version carrying the replica id in the replica state. */
    public static final short FIRST_REPLICA_STATE_VERSION = 15;

    private FetchTranslator() {
    }

    /**
     * A decoded request: what core is asked, or the session error that answers it without core.
     *
     * @param request      for core; {@code null} when {@code sessionError} is not 0 or no
     *                     partition named is known
     * @param sessionError 0, or Kafka's error for a session replog does not keep
     * @param asked        the topics asked for, in request order, each with its name (null for an
     *                     unknown id) and id
     * @param topicIds     the ids the request named topics by (v13+)
     */
    public record Decoded(FetchRequest request, short sessionError, List<AskedTopic> asked, TopicIds topicIds) {
    }

    /** One topic of a request: {@code name} null when it was named by an id not known. */
    public record AskedTopic(String name, UUID id, List<Integer> partitions) {
    }

    /** Whether {@code version} names topics by id, so that {@link TopicIds} are needed to read it. */
    public static boolean namesTopicsById(short version) {
        return version >= FIRST_TOPIC_ID_VERSION;
    }

    /** The core request of {@code message}, read at a version naming topics by name. */
    public static Decoded toCore(FetchRequestMessage message, short version) {
        return toCore(message, version, TopicIds.NONE);
    }

    /** The core request of {@code message}, read at {@code version}. */
    public static Decoded toCore(FetchRequestMessage message, short version, TopicIds topicIds) {
        checkVersion(version);
        if (message.sessionId() != 0) {
            return new Decoded(null, KafkaCodes.FETCH_SESSION_ID_NOT_FOUND, List.of(), topicIds);
        }
        if (message.sessionEpoch() != 0 && message.sessionEpoch() != -1) {
            return new Decoded(null, KafkaCodes.INVALID_FETCH_SESSION_EPOCH, List.of(), topicIds);
        }
        List<PartitionFetch> partitions = new ArrayList<>();
        List<AskedTopic> asked = new ArrayList<>();
        for (FetchTopic topic : message.topics()) {
            String name = namesTopicsById(version) ? topicIds.names().get(topic.topicId()) : topic.topic();
            List<Integer> indexes = new ArrayList<>(topic.partitions().size());
            for (FetchPartition p : topic.partitions()) {
                indexes.add(p.partition());
                if (name != null) {
                    partitions.add(new PartitionFetch(RequestedPartition.of(name, p.partition()),
                            p.currentLeaderEpoch(), p.fetchOffset(), p.lastFetchedEpoch(), p.partitionMaxBytes()));
                }
            }
            asked.add(new AskedTopic(name, topic.topicId(), indexes));
        }
        int replicaId = version >= FIRST_REPLICA_STATE_VERSION ? message.replicaState().replicaId()
                : message.replicaId();
        FetchRequest request = partitions.isEmpty() ? null : new FetchRequest(replicaId, message.maxWaitMs(),
                message.minBytes(), message.maxBytes(), partitions);
        return new Decoded(request, KafkaCodes.NONE, asked, topicIds);
    }

    /**
     * Kafka's full response to {@code request}: its partitions, in its order, with what
     * {@code response} says of each; one core left out is reported UNKNOWN_SERVER_ERROR rather
     * than as a partition with nothing to read.
     */
    public static FetchResponseMessage toKafka(FetchRequest request, FetchResponse response, short version) {
        List<AskedTopic> asked = new ArrayList<>();
        Grouping.byTopic(request.partitions(), PartitionFetch::partition).forEach((topic, fetches) -> {
            List<Integer> indexes = new ArrayList<>(fetches.size());
            fetches.forEach(f -> indexes.add(f.partition().partition()));
            asked.add(new AskedTopic(topic, Wire.ZERO_UUID, indexes));
        });
        return toKafka(new Decoded(request, KafkaCodes.NONE, asked, TopicIds.NONE), response, version);
    }

    /**
     * Kafka's full response to {@code asked}: every topic and partition it named, in its order,
     * with what {@code response} (null: core was not asked) says of each.
     */
    public static FetchResponseMessage toKafka(Decoded asked, FetchResponse response, short version) {
        return toKafka(asked, response, version, FetchTranslator::heapBytes);
    }

    /**
     * As {@link #toKafka(Decoded, FetchResponse, short)}, each partition's records field being
     * what {@code bytes} makes of its records (never null): the zero-copy encoder passes a
     * placeholder for a file-backed run instead of reading it.
     */
    static FetchResponseMessage toKafka(Decoded asked, FetchResponse response, short version,
                                        Function<Records, ByteBuf> bytes) {
        checkVersion(version);
        Map<TopicPartition, FetchResponse.PartitionData> answered = new HashMap<>();
        if (response != null) {
            response.partitions().forEach(p -> answered.putIfAbsent(p.partition(), p));
        }
        boolean byId = namesTopicsById(version);
        List<FetchableTopicResponse> topics = new ArrayList<>();
        for (AskedTopic topic : asked.asked()) {
            List<PartitionData> parts = new ArrayList<>(topic.partitions().size());
            for (int index : topic.partitions()) {
                if (topic.name() == null) {
                    parts.add(new PartitionData(index, asked.topicIds().unknownError(), -1L, -1L, -1L,
                            FetchResponseMessage.EpochEndOffset.DEFAULT, FetchResponseMessage.LeaderIdAndEpoch.DEFAULT,
                            FetchResponseMessage.SnapshotId.DEFAULT, List.of(), -1, Unpooled.EMPTY_BUFFER));
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), index);
                parts.add(partition(answered.getOrDefault(tp,
                        FetchResponse.PartitionData.error(tp, Errors.UNKNOWN_SERVER_ERROR)), version, bytes));
            }
            topics.add(byId ? new FetchableTopicResponse("", topic.id(), parts)
                    : new FetchableTopicResponse(topic.name(), Wire.ZERO_UUID, parts));
        }
        short error = version >= 7 && response != null ? response.error().code() : KafkaCodes.NONE;
        return new FetchResponseMessage(0, error, 0, topics, List.of());
    }

    /** The records' bytes as a buffer, a file-backed run read into memory. */
    static ByteBuf heapBytes(Records records) {
        return Unpooled.wrappedBuffer(records.toByteBuffer());
    }

    private static PartitionData partition(FetchResponse.PartitionData p, short version,
                                           Function<Records, ByteBuf> bytes) {
        Records records = p.records() == null ? Records.EMPTY : p.records();
        return new PartitionData(p.partition().partition(), p.error().code(), p.highWatermark(), p.highWatermark(),
                version >= 5 ? p.logStartOffset() : -1L, FetchResponseMessage.EpochEndOffset.DEFAULT,
                FetchResponseMessage.LeaderIdAndEpoch.DEFAULT, FetchResponseMessage.SnapshotId.DEFAULT, List.of(), -1,
                bytes.apply(records));
    }

    /** Kafka's answer to a request refused for its session: {@code error}, no partitions, session 0. */
    public static FetchResponseMessage sessionError(short error, short version) {
        checkVersion(version);
        return new FetchResponseMessage(0, error, 0, List.of(), List.of());
    }

    /** Every partition of {@code request} failed with {@code error}, and so did the whole. */
    public static FetchResponse failed(FetchRequest request, Errors error) {
        List<FetchResponse.PartitionData> parts = new ArrayList<>();
        request.partitions().forEach(p -> parts.add(FetchResponse.PartitionData.error(p.partition(), error)));
        return new FetchResponse(error, parts);
    }

    /** Kafka's request for {@code request} at a version naming topics by name. */
    public static FetchRequestMessage toKafkaRequest(FetchRequest request, short version) {
        return toKafkaRequest(request, version, TopicIds.NONE);
    }

    /**
     * Kafka's request for {@code request}: a full fetch outside any session (session 0, epoch -1).
     *
     * @throws IllegalArgumentException when {@code version} names topics by id and one is unknown
     */
    public static FetchRequestMessage toKafkaRequest(FetchRequest request, short version, TopicIds topicIds) {
        checkVersion(version);
        List<FetchTopic> topics = new ArrayList<>();
        Grouping.byTopic(request.partitions(), PartitionFetch::partition).forEach((topic, fetches) -> {
            List<FetchPartition> parts = new ArrayList<>(fetches.size());
            fetches.forEach(f -> parts.add(new FetchPartition(f.partition().partition(),
                    version >= 9 ? f.currentLeaderEpoch() : -1, f.fetchOffset(),
                    version >= 12 ? f.lastFetchedEpoch() : -1, -1L, f.partitionMaxBytes(), Wire.ZERO_UUID,
                    Long.MAX_VALUE)));
            topics.add(namesTopicsById(version)
                    ? new FetchTopic("", ProduceTranslator.requireId(topicIds, topic), parts)
                    : new FetchTopic(topic, Wire.ZERO_UUID, parts));
        });
        boolean state = version >= FIRST_REPLICA_STATE_VERSION;
        return new FetchRequestMessage(null, state ? -1 : request.replicaId(),
                state ? new FetchRequestMessage.ReplicaState(request.replicaId(), -1L)
                        : FetchRequestMessage.ReplicaState.DEFAULT,
                request.maxWaitMs(), request.minBytes(), request.maxBytes(), (byte) 0, 0, -1, topics, List.of(), "");
    }

    /** Core's response of {@code message}, read at a version naming topics by name. */
    public static FetchResponse toCoreResponse(FetchResponseMessage message, short version) {
        return toCoreResponse(message, version, TopicIds.NONE);
    }

    /**
     * Core's response of {@code message}; records view the message's buffer, no copy. A topic id
     * not in {@code topicIds} is left out (core's response has no way to name it).
     */
    public static FetchResponse toCoreResponse(FetchResponseMessage message, short version, TopicIds topicIds) {
        List<FetchResponse.PartitionData> parts = new ArrayList<>();
        for (FetchableTopicResponse topic : message.responses()) {
            String name = namesTopicsById(version) ? topicIds.names().get(topic.topicId()) : topic.topic();
            if (name == null) {
                continue;
            }
            for (PartitionData p : topic.partitions()) {
                Records records = p.records() == null || !p.records().isReadable() ? Records.EMPTY
                        : new MemoryRecords(p.records().nioBuffer());
                parts.add(new FetchResponse.PartitionData(new TopicPartition(name, p.partitionIndex()),
                        Errors.forCode(p.errorCode()), p.highWatermark(), p.logStartOffset(), records));
            }
        }
        return new FetchResponse(Errors.forCode(message.errorCode()), parts);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException(
                    "Fetch v" + version + " is not served (v" + LOWEST + ".." + HIGHEST + ")");
        }
    }
}
