package io.replog.netty.kafka;

import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.ElectLeadersRequestMessage;
import io.replog.netty.protocol.message.ElectLeadersRequestMessage.TopicPartitions;
import io.replog.netty.protocol.message.ElectLeadersResponseMessage;
import io.replog.netty.protocol.message.ElectLeadersResponseMessage.PartitionResult;
import io.replog.netty.protocol.message.ElectLeadersResponseMessage.ReplicaElectionResult;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ElectLeaders (key 43) between core's messages and Kafka's bodies, served at versions
 * {@value #LOWEST}..{@value #HIGHEST}.
 *
 * <p>Core elects preferred leaders only: a request for an unclean election (type 1, v1+) is
 * answered INVALID_REQUEST (42) without asking core. v0 has no top-level error field: core's
 * top-level error is then given to every partition instead. Neutral values: throttle time 0,
 * error messages null.
 */
public final class ElectLeadersTranslator {
    /** Lowest served version. */
    public static final short LOWEST = 0;
    /** Highest served version. */
    public static final short HIGHEST = 2;
    /** Kafka's election type of a preferred-leader election. */
    public static final byte PREFERRED = 0;

    private ElectLeadersTranslator() {
    }

    /** Whether core can serve {@code message}: a preferred election. */
    public static boolean isPreferred(ElectLeadersRequestMessage message, short version) {
        return version == 0 || message.electionType() == PREFERRED;
    }

    /** The core request of {@code message}; null topic partitions mean every partition. */
    public static ElectLeadersRequest toCore(ElectLeadersRequestMessage message, short version) {
        checkVersion(version);
        if (message.topicPartitions() == null) {
            return new ElectLeadersRequest(null, message.timeoutMs());
        }
        Set<TopicPartition> partitions = new TreeSet<>();
        for (TopicPartitions t : message.topicPartitions()) {
            t.partitions().forEach(p -> partitions.add(RequestedPartition.of(t.topic(), p)));
        }
        return new ElectLeadersRequest(partitions, message.timeoutMs());
    }

    /** Kafka's response of {@code response}. */
    public static ElectLeadersResponseMessage toKafka(ElectLeadersResponse response, short version) {
        checkVersion(version);
        boolean pushDown = version == 0 && response.error() != Errors.NONE;
        List<ReplicaElectionResult> topics = new ArrayList<>();
        Grouping.byTopic(response.results().entrySet(), Map.Entry::getKey).forEach((topic, entries) -> {
            List<PartitionResult> parts = new ArrayList<>(entries.size());
            entries.forEach(e -> parts.add(new PartitionResult(e.getKey().partition(),
                    (pushDown ? response.error() : e.getValue()).code(), null)));
            topics.add(new ReplicaElectionResult(topic, parts));
        });
        return new ElectLeadersResponseMessage(0, version >= 1 ? response.error().code() : KafkaCodes.NONE, topics);
    }

    /** Every named partition of {@code message} answered {@code code}; the top level too from v1. */
    public static ElectLeadersResponseMessage refuse(ElectLeadersRequestMessage message, short code, short version) {
        List<ReplicaElectionResult> topics = new ArrayList<>();
        if (message.topicPartitions() != null) {
            for (TopicPartitions t : message.topicPartitions()) {
                List<PartitionResult> parts = new ArrayList<>();
                t.partitions().forEach(p -> parts.add(new PartitionResult(p, code, null)));
                topics.add(new ReplicaElectionResult(t.topic(), parts));
            }
        }
        return new ElectLeadersResponseMessage(0, version >= 1 ? code : KafkaCodes.NONE, topics);
    }

    /** Kafka's request for {@code request}: a preferred election. */
    public static ElectLeadersRequestMessage toKafkaRequest(ElectLeadersRequest request, short version) {
        checkVersion(version);
        List<TopicPartitions> topics = null;
        if (request.partitions() != null) {
            topics = new ArrayList<>();
            for (Map.Entry<String, List<TopicPartition>> e
                    : Grouping.byTopic(request.partitions(), tp -> tp).entrySet()) {
                List<Integer> parts = new ArrayList<>();
                e.getValue().forEach(tp -> parts.add(tp.partition()));
                topics.add(new TopicPartitions(e.getKey(), parts));
            }
        }
        return new ElectLeadersRequestMessage(PREFERRED, topics, request.timeoutMs());
    }

    /** Core's response of {@code message}; v0 reads as top-level NONE. */
    public static ElectLeadersResponse toCoreResponse(ElectLeadersResponseMessage message, short version) {
        Map<TopicPartition, Errors> results = new TreeMap<>();
        for (ReplicaElectionResult t : message.replicaElectionResults()) {
            t.partitionResult().forEach(p -> results.put(new TopicPartition(t.topic(), p.partitionId()),
                    Errors.forCode(p.errorCode())));
        }
        return new ElectLeadersResponse(Errors.forCode(message.errorCode()), results);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException("ElectLeaders v" + version + " is not served");
        }
    }
}
