package io.replog.protocol;

import io.replog.coordinator.BrokerRegistration;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;

import java.util.List;
import java.util.Set;

/**
 * The controller refreshes every broker's metadata cache, from which brokers answer
 * {@link MetadataRequest}s: the live brokers (all of them), the partitions whose state changed,
 * and the topics that were deleted. {@code brokerEpoch} is the target's registration epoch as the
 * controller knows it.
 */
public record UpdateMetadataRequest(int controllerId, int controllerEpoch, long brokerEpoch,
                                    List<BrokerRegistration> liveBrokers, List<PartitionInfo> partitions,
                                    Set<String> deletedTopics) implements ControllerRequest {

    public UpdateMetadataRequest {
        liveBrokers = List.copyOf(liveBrokers);
        partitions = List.copyOf(partitions);
        deletedTopics = Ordered.set(deletedTopics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.UPDATE_METADATA;
    }

    /**
     * One partition as clients should see it; {@code topicId} is its topic's id
     * ({@link TopicId#ZERO} for a topic stored without one), which brokers report in metadata.
     */
    public record PartitionInfo(TopicPartition partition, TopicId topicId, int leader, int leaderEpoch,
                                List<Integer> replicas, List<Integer> isr, List<Integer> offlineReplicas) {
        public PartitionInfo {
            java.util.Objects.requireNonNull(topicId, "topicId");
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
            offlineReplicas = List.copyOf(offlineReplicas);
        }
    }
}
