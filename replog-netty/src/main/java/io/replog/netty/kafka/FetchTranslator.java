package io.replog.netty.kafka;

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
 * {@link Records#toByteBuffer()} view; the codec copies it once into the response buffer (a
 * file-backed run is read into memory first: sending log segments by {@code sendfile} through
 * {@code FileRegion} parts is not done yet). Client direction: {@link #toCoreResponse} gives core
 * {@link MemoryRecords} viewing the response buffer, valid only while that buffer is.
 *
 * <p>Neutral values written: throttle time 0, last stable offset = high watermark (replog has no
 * transactions), no aborted transactions (an empty list), preferred read replica -1, no diverging
 * epoch, current leader or snapshot id (-1s), no node endpoints. Kafka fields core cannot express
 * and ignores: isolation level (read-committed reads the same as read-uncommitted without
 * transactions), rack id, forgotten topics, the follower's log start offset, replica epoch and
 * directory id, topics by id (v13+, hence not served).
 *
 * <p>A field the version lacks is written as Kafka's default, since the codecs refuse any other
 * value there: the log start offset below v5, the top-level error below v7, and in requests the
 * current leader epoch below v9 (-1: no fencing) and the last fetched epoch below v12 (-1).
 */
public final class FetchTranslator {
    /** Lowest served version: the codecs' lowest. */
    public static final short LOWEST = 4;
    /** Highest served version: v13 addresses topics by id, which core's metadata cannot resolve. */
    public static final short HIGHEST = 12;

    private FetchTranslator() {
    }

    /**
     * A decoded request: what core is asked, or the session error that answers it without core.
     *
     * @param request      for core; {@code null} when {@code sessionError} is not 0
     * @param sessionError 0, or Kafka's error for a session replog does not keep
     */
    public record Decoded(FetchRequest request, short sessionError) {
    }

    /** The core request of {@code message}, read at {@code version}. */
    public static Decoded toCore(FetchRequestMessage message, short version) {
        checkVersion(version);
        if (message.sessionId() != 0) {
            return new Decoded(null, KafkaCodes.FETCH_SESSION_ID_NOT_FOUND);
        }
        if (message.sessionEpoch() != 0 && message.sessionEpoch() != -1) {
            return new Decoded(null, KafkaCodes.INVALID_FETCH_SESSION_EPOCH);
        }
        List<PartitionFetch> partitions = new ArrayList<>();
        for (FetchTopic topic : message.topics()) {
            for (FetchPartition p : topic.partitions()) {
                partitions.add(new PartitionFetch(new TopicPartition(topic.topic(), p.partition()),
                        p.currentLeaderEpoch(), p.fetchOffset(), p.lastFetchedEpoch(), p.partitionMaxBytes()));
            }
        }
        return new Decoded(new FetchRequest(message.replicaId(), message.maxWaitMs(), message.minBytes(),
                message.maxBytes(), partitions), KafkaCodes.NONE);
    }

    /**
     * Kafka's full response to {@code request}: its partitions, in its order, with what
     * {@code response} says of each; one core left out is reported UNKNOWN_SERVER_ERROR rather
     * than as a partition with nothing to read.
     */
    public static FetchResponseMessage toKafka(FetchRequest request, FetchResponse response, short version) {
        checkVersion(version);
        Map<TopicPartition, FetchResponse.PartitionData> answered = new HashMap<>();
        response.partitions().forEach(p -> answered.putIfAbsent(p.partition(), p));
        List<FetchableTopicResponse> topics = new ArrayList<>();
        Grouping.byTopic(request.partitions(), PartitionFetch::partition).forEach((topic, fetches) -> {
            List<PartitionData> parts = new ArrayList<>(fetches.size());
            for (PartitionFetch f : fetches) {
                FetchResponse.PartitionData p = answered.getOrDefault(f.partition(),
                        FetchResponse.PartitionData.error(f.partition(), Errors.UNKNOWN_SERVER_ERROR));
                parts.add(partition(p, version));
            }
            topics.add(new FetchableTopicResponse(topic, Wire.ZERO_UUID, parts));
        });
        short error = version >= 7 ? response.error().code() : KafkaCodes.NONE;
        return new FetchResponseMessage(0, error, 0, topics, List.of());
    }

    private static PartitionData partition(FetchResponse.PartitionData p, short version) {
        Records records = p.records() == null ? Records.EMPTY : p.records();
        return new PartitionData(p.partition().partition(), p.error().code(), p.highWatermark(), p.highWatermark(),
                version >= 5 ? p.logStartOffset() : -1L, FetchResponseMessage.EpochEndOffset.DEFAULT,
                FetchResponseMessage.LeaderIdAndEpoch.DEFAULT, FetchResponseMessage.SnapshotId.DEFAULT, List.of(), -1,
                Unpooled.wrappedBuffer(records.toByteBuffer()));
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

    /** Kafka's request for {@code request}: a full fetch outside any session (session 0, epoch -1). */
    public static FetchRequestMessage toKafkaRequest(FetchRequest request, short version) {
        checkVersion(version);
        List<FetchTopic> topics = new ArrayList<>();
        Grouping.byTopic(request.partitions(), PartitionFetch::partition).forEach((topic, fetches) -> {
            List<FetchPartition> parts = new ArrayList<>(fetches.size());
            fetches.forEach(f -> parts.add(new FetchPartition(f.partition().partition(),
                    version >= 9 ? f.currentLeaderEpoch() : -1, f.fetchOffset(),
                    version >= 12 ? f.lastFetchedEpoch() : -1, -1L, f.partitionMaxBytes(), Wire.ZERO_UUID,
                    Long.MAX_VALUE)));
            topics.add(new FetchTopic(topic, Wire.ZERO_UUID, parts));
        });
        return new FetchRequestMessage(null, request.replicaId(), FetchRequestMessage.ReplicaState.DEFAULT,
                request.maxWaitMs(), request.minBytes(), request.maxBytes(), (byte) 0, 0, -1, topics, List.of(), "");
    }

    /** Core's response of {@code message}; records view the message's buffer, no copy. */
    public static FetchResponse toCoreResponse(FetchResponseMessage message, short version) {
        List<FetchResponse.PartitionData> parts = new ArrayList<>();
        for (FetchableTopicResponse topic : message.responses()) {
            for (PartitionData p : topic.partitions()) {
                Records records = p.records() == null || !p.records().isReadable() ? Records.EMPTY
                        : new MemoryRecords(p.records().nioBuffer());
                parts.add(new FetchResponse.PartitionData(new TopicPartition(topic.topic(), p.partitionIndex()),
                        Errors.forCode(p.errorCode()), p.highWatermark(), p.logStartOffset(), records));
            }
        }
        return new FetchResponse(Errors.forCode(message.errorCode()), parts);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException("Fetch v" + version + " is not served (v" + LOWEST + ".." + HIGHEST + ")");
        }
    }
}
