package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Set;

/** The partitions the broker still leads (none once the hand-over is complete). */
public record ControlledShutdownResponse(Errors error, Set<TopicPartition> remainingPartitions) implements Response {
    public ControlledShutdownResponse {
        remainingPartitions = Ordered.set(remainingPartitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CONTROLLED_SHUTDOWN;
    }
}
