package io.replog.netty.kafka;

import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.ListOffsetsRequestMessage;
import io.replog.netty.protocol.message.ListOffsetsRequestMessage.ListOffsetsPartition;
import io.replog.netty.protocol.message.ListOffsetsRequestMessage.ListOffsetsTopic;
import io.replog.netty.protocol.message.ListOffsetsResponseMessage;
import io.replog.netty.protocol.message.ListOffsetsResponseMessage.ListOffsetsPartitionResponse;
import io.replog.netty.protocol.message.ListOffsetsResponseMessage.ListOffsetsTopicResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.ListOffsetsResponse.PartitionOffset;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ListOffsets (key 2) between core's {@link ListOffsetsRequest}/{@link ListOffsetsResponse} and
 * Kafka's bodies, served at versions {@value #LOWEST}..{@value #HIGHEST}.
 *
 * <p>The timestamp is passed to core as asked; core answers {@link ListOffsetsRequest#EARLIEST}
 * and {@link ListOffsetsRequest#LATEST} and reports its own error for the others (Kafka's
 * max-timestamp -3, earliest-local -4, tiered -5 and real timestamps). Neutral values written:
 * throttle time 0, timestamp -1 (Kafka's "none" for the two special timestamps), leader epoch -1
 * below v4 (the version has no field for it). Ignored Kafka
 * fields: isolation level, the partition's current leader epoch (not fenced here), timeout.
 */
public final class ListOffsetsTranslator {
    /** Lowest served version: the codecs' lowest. */
    public static final short LOWEST = 1;
    /** Highest served version: the codecs' highest. */
    public static final short HIGHEST = 10;

    private ListOffsetsTranslator() {
    }

    /** The core request of {@code message}, read at {@code version}. */
    public static ListOffsetsRequest toCore(ListOffsetsRequestMessage message, short version) {
        checkVersion(version);
        Map<TopicPartition, Long> timestamps = new TreeMap<>();
        for (ListOffsetsTopic t : message.topics()) {
            for (ListOffsetsPartition p : t.partitions()) {
                timestamps.put(RequestedPartition.of(t.name(), p.partitionIndex()), p.timestamp());
            }
        }
        return new ListOffsetsRequest(message.replicaId(), timestamps);
    }

    /** Kafka's response of {@code response} at {@code version}. */
    public static ListOffsetsResponseMessage toKafka(ListOffsetsResponse response, short version) {
        checkVersion(version);
        List<ListOffsetsTopicResponse> topics = new ArrayList<>();
        Grouping.byTopic(response.offsets().entrySet(), Map.Entry::getKey).forEach((topic, entries) -> {
            List<ListOffsetsPartitionResponse> parts = new ArrayList<>(entries.size());
            entries.forEach(e -> parts.add(new ListOffsetsPartitionResponse(e.getKey().partition(),
                    e.getValue().error().code(), -1L, e.getValue().offset(),
                    version >= 4 ? e.getValue().leaderEpoch() : -1)));
            topics.add(new ListOffsetsTopicResponse(topic, parts));
        });
        return new ListOffsetsResponseMessage(0, topics);
    }

    /** Every partition of {@code request} failed with {@code error}. */
    public static ListOffsetsResponse failed(ListOffsetsRequest request, Errors error) {
        Map<TopicPartition, PartitionOffset> offsets = new TreeMap<>();
        request.timestamps().keySet().forEach(tp -> offsets.put(tp, new PartitionOffset(error, -1L, -1)));
        return new ListOffsetsResponse(offsets);
    }

    /** Kafka's request for {@code request}: read-uncommitted, no leader epoch check. */
    public static ListOffsetsRequestMessage toKafkaRequest(ListOffsetsRequest request, short version) {
        checkVersion(version);
        List<ListOffsetsTopic> topics = new ArrayList<>();
        Grouping.byTopic(request.timestamps().entrySet(), Map.Entry::getKey).forEach((topic, entries) -> {
            List<ListOffsetsPartition> parts = new ArrayList<>(entries.size());
            entries.forEach(e -> parts.add(new ListOffsetsPartition(e.getKey().partition(), -1, e.getValue())));
            topics.add(new ListOffsetsTopic(topic, parts));
        });
        return new ListOffsetsRequestMessage(request.replicaId(), (byte) 0, topics,
                ListOffsetsRequestMessage.DEFAULT.timeoutMs());
    }

    /** Core's response of {@code message}. */
    public static ListOffsetsResponse toCoreResponse(ListOffsetsResponseMessage message, short version) {
        Map<TopicPartition, PartitionOffset> offsets = new TreeMap<>();
        for (ListOffsetsTopicResponse t : message.topics()) {
            for (ListOffsetsPartitionResponse p : t.partitions()) {
                offsets.put(new TopicPartition(t.name(), p.partitionIndex()),
                        new PartitionOffset(Errors.forCode(p.errorCode()), p.offset(), p.leaderEpoch()));
            }
        }
        return new ListOffsetsResponse(offsets);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException("ListOffsets v" + version + " is not served");
        }
    }
}
