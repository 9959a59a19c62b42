package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.List;

/**
 * The controller tells a broker to stop replicating partitions, and to delete them if the topic is
 * gone. {@code brokerEpoch} is the target's registration epoch as the controller knows it.
 */
public record StopReplicaRequest(int controllerId, int controllerEpoch, long brokerEpoch, boolean deletePartitions,
                                 List<TopicPartition> partitions) implements ControllerRequest {
    public StopReplicaRequest {
        partitions = List.copyOf(partitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.STOP_REPLICA;
    }
}
