package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/** The outcome of a stop-replica request. */
public record StopReplicaResponse(Errors error, Map<TopicPartition, Errors> partitionErrors) implements Response {
    public StopReplicaResponse {
        partitionErrors = Ordered.map(partitionErrors);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.STOP_REPLICA;
    }
}
