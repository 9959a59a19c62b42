package io.replog.internal.broker;

import io.replog.coordinator.BrokerRegistration;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker's copy of the cluster metadata, as the controller last sent it: live brokers, the
 * controller, and each partition's leader, replicas and ISR. Answers clients' metadata
 * requests, so clients never need the coordinator. Updates from an older controller epoch are
 * ignored. Single-threaded, like the broker's event loop it lives on.
 */
final class MetadataCache {
    private final Map<Integer, BrokerRegistration> brokers = new TreeMap<>();
    private final Map<TopicPartition, UpdateMetadataRequest.PartitionInfo> partitions = new TreeMap<>();
    private int controllerId = -1;
    private int controllerEpoch = -1;

    /** Applies an update; returns false if it came from a stale controller. */
    boolean update(UpdateMetadataRequest request) {
        if (request.controllerEpoch() < controllerEpoch) {
            return false;
        }
        controllerEpoch = request.controllerEpoch();
        controllerId = request.controllerId();
        brokers.clear();
        request.liveBrokers().forEach(b -> brokers.put(b.brokerId(), b));
        request.partitions().forEach(p -> partitions.put(p.partition(), p));
        partitions.keySet().removeIf(tp -> request.deletedTopics().contains(tp.topic()));
        return true;
    }

    /** Records who is controller, as the coordinator reports it (before any update arrives). */
    void controller(int id) {
        controllerId = id;
    }

    /** The epoch of the controller whose update was applied last, or -1. */
    int controllerEpoch() {
        return controllerEpoch;
    }

    int controllerId() {
        return controllerId;
    }

    Collection<BrokerRegistration> liveBrokers() {
        return brokers.values();
    }

    /** Whether every partition of {@code topic} (there being {@code count}) has a leader. */
    boolean hasLeaders(String topic, int count) {
        for (int p = 0; p < count; p++) {
            UpdateMetadataRequest.PartitionInfo info = partitions.get(new TopicPartition(topic, p));
            if (info == null || info.leader() < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the cache knows nothing of {@code topic} any more. */
    boolean isGone(String topic) {
        return partitions.keySet().stream().noneMatch(tp -> tp.topic().equals(topic));
    }

    MetadataResponse describe(MetadataRequest request) {
        Map<String, List<MetadataResponse.PartitionMetadata>> byTopic = new TreeMap<>();
        Map<String, TopicId> ids = new TreeMap<>();
        for (UpdateMetadataRequest.PartitionInfo p : partitions.values()) {
            String topic = p.partition().topic();
            if (request.topics() != null && !request.topics().contains(topic)) {
                continue;
            }
            ids.putIfAbsent(topic, p.topicId());
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(new MetadataResponse.PartitionMetadata(
                    p.partition().partition(), p.leader() >= 0 ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE,
                    p.leader(), p.leaderEpoch(), p.replicas(), p.isr(), p.offlineReplicas()));
        }
        List<MetadataResponse.TopicMetadata> topics = new ArrayList<>();
        byTopic.forEach((t, parts) -> topics.add(new MetadataResponse.TopicMetadata(t, ids.get(t), Errors.NONE, parts)));
        if (request.topics() != null) {
            for (String t : request.topics()) {
                if (!byTopic.containsKey(t)) {
                    topics.add(new MetadataResponse.TopicMetadata(t, TopicId.ZERO, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                            List.of()));
                }
            }
        }
        return new MetadataResponse(List.copyOf(brokers.values()), controllerId, topics);
    }
}
