package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.Wire;
import io.replog.netty.protocol.message.ProduceRequestMessage;
import io.replog.netty.protocol.message.ProduceRequestMessage.PartitionProduceData;
import io.replog.netty.protocol.message.ProduceRequestMessage.TopicProduceData;
import io.replog.netty.protocol.message.ProduceResponseMessage;
import io.replog.netty.protocol.message.ProduceResponseMessage.PartitionProduceResponse;
import io.replog.netty.protocol.message.ProduceResponseMessage.TopicProduceResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.ProduceResponse.PartitionResult;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Produce (key 0) between core's {@link ProduceRequest}/{@link ProduceResponse} and Kafka's bodies,
 * served at versions {@value #LOWEST}..{@value #HIGHEST}.
 *
 * <p>Records are never decoded. Server direction: {@link #toCore} hands core
 * {@link ByteBuf#nioBuffer() NIO views} of the request's record slices, valid only while the request
 * buffer is (the processor keeps the frame retained until core's future completes). Client
 * direction: {@link #toKafkaRequest} wraps core's buffers without copying; they must stay unchanged
 * until the request is written.
 *
 * <p>Checked here, as Kafka's broker does before appending: each partition's records are exactly
 * one record batch of magic 2 (else INVALID_RECORD, 87, for that partition) and acks is 0, 1 or -1
 * (else INVALID_REQUIRED_ACKS, 21). Neutral values written: throttle time 0, log append time -1
 * (the batch's create time stands), no record errors, no current leader (-1, -1), no node
 * endpoints. A field the version lacks is written as Kafka's default (the log start offset below
 * v5, the error message below v8), since the codecs refuse any other value there. Kafka carries
 * what core cannot express: a transactional id (ignored; transactions are refused at
 * InitProducerId already).
 *
 * <p>v13 names topics by id: ids are resolved to names through core's metadata ({@link TopicIds});
 * the partitions of an unknown id are answered UNKNOWN_TOPIC_ID (100) without reaching core, and
 * the response names each topic by the id it was asked by.
 */
public final class ProduceTranslator {
    /** Lowest served version: v3 is the first that carries only magic 2 batches. */
    public static final short LOWEST = 3;
    /** Highest served version: the codecs' highest. */
    public static final short HIGHEST = 13;
    /** The first version naming topics by id. */
    public static final short FIRST_TOPIC_ID_VERSION = 13;

    private static final int BATCH_HEADER_BYTES = 61;
    private static final int LENGTH_OFFSET = 8;
    private static final int MAGIC_OFFSET = 16;
    private static final int LOG_OVERHEAD = 12;

    private ProduceTranslator() {
    }

    /**
     * A decoded request: what core is asked, and the partitions answered here without asking it.
     *
     * @param request    for core; {@code null} when every partition was answered locally
     * @param refused    Kafka error codes for partitions core never sees
     * @param unknownIds partitions of topics named by an id not known, per id
     * @param topicIds   the ids the request named topics by (v13+)
     */
    public record Decoded(ProduceRequest request, Map<TopicPartition, Short> refused,
                          Map<UUID, List<Integer>> unknownIds, TopicIds topicIds) {
        public Decoded(ProduceRequest request, Map<TopicPartition, Short> refused) {
            this(request, refused, Map.of(), TopicIds.NONE);
        }
    }

    /** Whether {@code version} names topics by id, so that {@link TopicIds} are needed to read it. */
    public static boolean namesTopicsById(short version) {
        return version >= FIRST_TOPIC_ID_VERSION;
    }

    /** The core request of {@code message} (read at a version naming topics by name). */
    public static Decoded toCore(ProduceRequestMessage message, short version) {
        return toCore(message, version, TopicIds.NONE);
    }

    /** The core request of {@code message} (read at {@code version}); records are views, not copies. */
    public static Decoded toCore(ProduceRequestMessage message, short version, TopicIds topicIds) {
        checkVersion(version);
        Map<UUID, List<Integer>> unknownIds = new LinkedHashMap<>();
        Map<TopicPartition, ByteBuffer> records = new TreeMap<>();
        Map<TopicPartition, Short> refused = new TreeMap<>();
        boolean badAcks = message.acks() != ProduceRequest.ACKS_NONE && message.acks() != ProduceRequest.ACKS_LEADER
                && message.acks() != ProduceRequest.ACKS_ALL;
        for (TopicProduceData topic : message.topicData()) {
            String name = namesTopicsById(version) ? topicIds.names().get(topic.topicId()) : topic.name();
            if (name == null) {
                topic.partitionData().forEach(p ->
                        unknownIds.computeIfAbsent(topic.topicId(), id -> new ArrayList<>()).add(p.index()));
                continue;
            }
            for (PartitionProduceData p : topic.partitionData()) {
                TopicPartition tp = RequestedPartition.of(name, p.index());
                if (badAcks) {
                    refused.put(tp, KafkaCodes.INVALID_REQUIRED_ACKS);
                } else if (!isOneMagic2Batch(p.records())) {
                    refused.put(tp, KafkaCodes.INVALID_RECORD);
                } else {
                    records.put(tp, p.records().nioBuffer());
                }
            }
        }
        ProduceRequest request = records.isEmpty() ? null
                : new ProduceRequest(message.acks(), message.timeoutMs(), records);
        return new Decoded(request, refused, unknownIds, topicIds);
    }

    static boolean isOneMagic2Batch(ByteBuf records) {
        if (records == null || records.readableBytes() < BATCH_HEADER_BYTES) {
            return false;
        }
        int start = records.readerIndex();
        return records.getByte(start + MAGIC_OFFSET) == 2
                && (long) records.getInt(start + LENGTH_OFFSET) + LOG_OVERHEAD == records.readableBytes();
    }

    /** Kafka's response to a request core answered with {@code response} and which refused {@code refused}. */
    public static ProduceResponseMessage toKafka(ProduceResponse response, Map<TopicPartition, Short> refused,
                                                 short version) {
        return toKafka(response, new Decoded(null, refused), version);
    }

    /** Kafka's response to {@code asked}, which core answered with {@code response} (null: not asked). */
    public static ProduceResponseMessage toKafka(ProduceResponse response, Decoded asked, short version) {
        checkVersion(version);
        Map<TopicPartition, Short> refused = asked.refused();
        Map<TopicPartition, PartitionProduceResponse> all = new TreeMap<>();
        if (response != null) {
            response.results().forEach((tp, r) -> all.put(tp, new PartitionProduceResponse(tp.partition(),
                    r.error().code(), r.baseOffset(), -1L, version >= 5 ? r.logStartOffset() : -1L, List.of(),
                    version >= 8 ? r.errorMessage() : null, ProduceResponseMessage.LeaderIdAndEpoch.DEFAULT)));
        }
        refused.forEach((tp, code) -> all.put(tp, new PartitionProduceResponse(tp.partition(), code, -1L, -1L, -1L,
                List.of(), null, ProduceResponseMessage.LeaderIdAndEpoch.DEFAULT)));
        List<TopicProduceResponse> topics = new ArrayList<>();
        Grouping.byTopic(all.keySet(), tp -> tp).forEach((topic, tps) -> {
            List<PartitionProduceResponse> parts = new ArrayList<>(tps.size());
            tps.forEach(tp -> parts.add(all.get(tp)));
            topics.add(namesTopicsById(version) ? new TopicProduceResponse("", asked.topicIds().idOf(topic), parts)
                    : new TopicProduceResponse(topic, Wire.ZERO_UUID, parts));
        });
        short unknown = asked.topicIds().unknownError();
        asked.unknownIds().forEach((id, partitions) -> {
            List<PartitionProduceResponse> parts = new ArrayList<>(partitions.size());
            partitions.forEach(p -> parts.add(new PartitionProduceResponse(p, unknown, -1L, -1L, -1L, List.of(), null,
                    ProduceResponseMessage.LeaderIdAndEpoch.DEFAULT)));
            topics.add(new TopicProduceResponse("", id, parts));
        });
        return new ProduceResponseMessage(topics, 0, List.of());
    }

    /** Every partition of {@code request} failed with {@code error}. */
    public static ProduceResponse failed(ProduceRequest request, Errors error, String message) {
        Map<TopicPartition, PartitionResult> results = new TreeMap<>();
        request.records().keySet().forEach(tp -> results.put(tp, PartitionResult.error(error, message)));
        return new ProduceResponse(results);
    }

    /** Kafka's request for {@code request} at a version naming topics by name. */
    public static ProduceRequestMessage toKafkaRequest(ProduceRequest request, short version) {
        return toKafkaRequest(request, version, TopicIds.NONE);
    }

    /**
     * Kafka's request for {@code request} at {@code version}; records are wrapped, not copied.
     *
     * @throws IllegalArgumentException when {@code version} names topics by id and one is unknown
     */
    public static ProduceRequestMessage toKafkaRequest(ProduceRequest request, short version, TopicIds topicIds) {
        checkVersion(version);
        List<TopicProduceData> topics = new ArrayList<>();
        Grouping.byTopic(request.records().entrySet(), Map.Entry::getKey).forEach((topic, entries) -> {
            List<PartitionProduceData> parts = new ArrayList<>(entries.size());
            entries.forEach(e -> parts.add(new PartitionProduceData(e.getKey().partition(),
                    Unpooled.wrappedBuffer(e.getValue().duplicate()))));
            topics.add(namesTopicsById(version) ? new TopicProduceData("", requireId(topicIds, topic), parts)
                    : new TopicProduceData(topic, Wire.ZERO_UUID, parts));
        });
        return new ProduceRequestMessage(null, request.acks(), request.timeoutMs(), topics);
    }

    /** Core's response of {@code message}, read at a version naming topics by name. */
    public static ProduceResponse toCoreResponse(ProduceResponseMessage message, short version) {
        return toCoreResponse(message, version, TopicIds.NONE);
    }

    /**
     * Core's response of {@code message}; codes core does not know read as UNKNOWN_SERVER_ERROR; a
     * topic id not in {@code topicIds} is left out (core's response has no way to name it).
     */
    public static ProduceResponse toCoreResponse(ProduceResponseMessage message, short version, TopicIds topicIds) {
        Map<TopicPartition, PartitionResult> results = new TreeMap<>();
        for (TopicProduceResponse topic : message.responses()) {
            String name = namesTopicsById(version) ? topicIds.names().get(topic.topicId()) : topic.name();
            if (name == null) {
                continue;
            }
            for (PartitionProduceResponse p : topic.partitionResponses()) {
                results.put(new TopicPartition(name, p.index()), new PartitionResult(
                        Errors.forCode(p.errorCode()), p.baseOffset(), p.logStartOffset(), p.errorMessage()));
            }
        }
        return new ProduceResponse(results);
    }

    static UUID requireId(TopicIds topicIds, String topic) {
        UUID id = topicIds.ids().get(topic);
        if (id == null) {
            throw new IllegalArgumentException("no topic id known for " + topic);
        }
        return id;
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException(
                    "Produce v" + version + " is not served (v" + LOWEST + ".." + HIGHEST + ")");
        }
    }
}
