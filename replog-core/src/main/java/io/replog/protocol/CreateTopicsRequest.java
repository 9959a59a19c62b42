package io.replog.protocol;

import java.util.List;
import java.util.Map;

/** Creates topics, from a partition count and replication factor or an explicit assignment. */
public record CreateTopicsRequest(List<NewTopicSpec> topics, int timeoutMs, boolean validateOnly) implements Request {
    public CreateTopicsRequest {
        topics = List.copyOf(topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    /**
     * @param name              the topic
     * @param numPartitions     partitions, or -1 with an explicit assignment
     * @param replicationFactor replicas per partition, or -1 with an explicit assignment
     * @param assignment        partition to brokers, or empty to let the broker place them rack-aware
     * @param configs           per-topic overrides
     */
    public record NewTopicSpec(String name, int numPartitions, short replicationFactor,
                               Map<Integer, List<Integer>> assignment, Map<String, String> configs) {
        public NewTopicSpec {
            assignment = Ordered.map(assignment);
            configs = Ordered.map(configs);
        }
    }
}
