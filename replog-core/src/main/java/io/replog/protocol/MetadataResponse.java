package io.replog.protocol;

import io.replog.coordinator.BrokerRegistration;
import io.replog.topic.TopicId;

import java.util.List;

/**
 * A broker's view of the cluster, as the controller last told it: live brokers, the
 * controller, and per partition its leader, replicas and ISR.
 */
public record MetadataResponse(List<BrokerRegistration> brokers, int controllerId, List<TopicMetadata> topics)
        implements Response {

    public MetadataResponse {
        brokers = List.copyOf(brokers);
        topics = List.copyOf(topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    /**
     * One topic, or why it could not be described; {@code topicId} is {@link TopicId#ZERO} when
     * the topic is unknown or was stored without an id.
     */
    public record TopicMetadata(String topic, TopicId topicId, Errors error, List<PartitionMetadata> partitions) {
        public TopicMetadata {
            java.util.Objects.requireNonNull(topicId, "topicId");
            partitions = List.copyOf(partitions);
        }
    }

    /** One partition; {@code leader} is -1 while it is offline. */
    public record PartitionMetadata(int partition, Errors error, int leader, int leaderEpoch, List<Integer> replicas,
                                    List<Integer> isr, List<Integer> offlineReplicas) {
        public PartitionMetadata {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
            offlineReplicas = List.copyOf(offlineReplicas);
        }
    }
}
