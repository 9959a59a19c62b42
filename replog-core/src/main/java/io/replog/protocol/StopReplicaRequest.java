package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.List;

/** The controller tells a broker to stop replicating partitions, and to delete them if the topic is gone. */
public record StopReplicaRequest(int controllerId, int controllerEpoch, boolean deletePartitions,
                                 List<TopicPartition> partitions) implements Request {
    public StopReplicaRequest {
        partitions = List.copyOf(partitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.STOP_REPLICA;
    }
}
