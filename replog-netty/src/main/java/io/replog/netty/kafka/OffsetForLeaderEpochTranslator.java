package io.replog.netty.kafka;

import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.OffsetForLeaderEpochRequestMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochRequestMessage.OffsetForLeaderPartition;
import io.replog.netty.protocol.message.OffsetForLeaderEpochRequestMessage.OffsetForLeaderTopic;
import io.replog.netty.protocol.message.OffsetForLeaderEpochResponseMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochResponseMessage.EpochEndOffset;
import io.replog.netty.protocol.message.OffsetForLeaderEpochResponseMessage.OffsetForLeaderTopicResult;
import io.replog.protocol.Errors;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochRequest.EpochQuery;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.OffsetForLeaderEpochResponse.EpochEnd;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OffsetForLeaderEpoch (key 23) between core's messages and Kafka's bodies, served at versions
 * {@value #LOWEST}..{@value #HIGHEST}. One to one; throttle time 0. v2 carries no replica id:
 * Kafka reads it as -2 (a debugging client), and so does core.
 */
public final class OffsetForLeaderEpochTranslator {
    /** Lowest served version: the codecs' lowest. */
    public static final short LOWEST = 2;
    /** Highest served version: the codecs' highest. */
    public static final short HIGHEST = 4;

    private OffsetForLeaderEpochTranslator() {
    }

    /** The core request of {@code message}, read at {@code version}. */
    public static OffsetForLeaderEpochRequest toCore(OffsetForLeaderEpochRequestMessage message, short version) {
        checkVersion(version);
        Map<TopicPartition, EpochQuery> partitions = new TreeMap<>();
        for (OffsetForLeaderTopic t : message.topics()) {
            for (OffsetForLeaderPartition p : t.partitions()) {
                partitions.put(RequestedPartition.of(t.topic(), p.partition()),
                        new EpochQuery(p.currentLeaderEpoch(), p.leaderEpoch()));
            }
        }
        return new OffsetForLeaderEpochRequest(message.replicaId(), partitions);
    }

    /** Kafka's response of {@code response}. */
    public static OffsetForLeaderEpochResponseMessage toKafka(OffsetForLeaderEpochResponse response, short version) {
        checkVersion(version);
        List<OffsetForLeaderTopicResult> topics = new ArrayList<>();
        Grouping.byTopic(response.partitions().entrySet(), Map.Entry::getKey).forEach((topic, entries) -> {
            List<EpochEndOffset> parts = new ArrayList<>(entries.size());
            entries.forEach(e -> parts.add(new EpochEndOffset(e.getValue().error().code(), e.getKey().partition(),
                    e.getValue().leaderEpoch(), e.getValue().endOffset())));
            topics.add(new OffsetForLeaderTopicResult(topic, parts));
        });
        return new OffsetForLeaderEpochResponseMessage(0, topics);
    }

    /** Every partition of {@code request} failed with {@code error}. */
    public static OffsetForLeaderEpochResponse failed(OffsetForLeaderEpochRequest request, Errors error) {
        Map<TopicPartition, EpochEnd> parts = new TreeMap<>();
        request.partitions().keySet().forEach(tp -> parts.put(tp, new EpochEnd(error, -1, -1L)));
        return new OffsetForLeaderEpochResponse(parts);
    }

    /** Kafka's request for {@code request}; at v2 the replica id is not sent. */
    public static OffsetForLeaderEpochRequestMessage toKafkaRequest(OffsetForLeaderEpochRequest request,
                                                                    short version) {
        checkVersion(version);
        List<OffsetForLeaderTopic> topics = new ArrayList<>();
        Grouping.byTopic(request.partitions().entrySet(), Map.Entry::getKey).forEach((topic, entries) -> {
            List<OffsetForLeaderPartition> parts = new ArrayList<>(entries.size());
            entries.forEach(e -> parts.add(new OffsetForLeaderPartition(e.getKey().partition(),
                    e.getValue().currentLeaderEpoch(), e.getValue().leaderEpoch())));
            topics.add(new OffsetForLeaderTopic(topic, parts));
        });
        int replicaId = version >= 3 ? request.replicaId() : OffsetForLeaderEpochRequestMessage.DEFAULT.replicaId();
        return new OffsetForLeaderEpochRequestMessage(replicaId, topics);
    }

    /** Core's response of {@code message}. */
    public static OffsetForLeaderEpochResponse toCoreResponse(OffsetForLeaderEpochResponseMessage message,
                                                              short version) {
        Map<TopicPartition, EpochEnd> parts = new TreeMap<>();
        for (OffsetForLeaderTopicResult t : message.topics()) {
            for (EpochEndOffset p : t.partitions()) {
                parts.put(new TopicPartition(t.topic(), p.partition()),
                        new EpochEnd(Errors.forCode(p.errorCode()), p.leaderEpoch(), p.endOffset()));
            }
        }
        return new OffsetForLeaderEpochResponse(parts);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException("OffsetForLeaderEpoch v" + version + " is not served");
        }
    }
}
