package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/** Whether the broker took up each partition state ({@link Errors#STALE_CONTROLLER_EPOCH} for the whole request). */
public record LeaderAndIsrResponse(Errors error, Map<TopicPartition, Errors> partitionErrors) implements Response {

    public LeaderAndIsrResponse {
        partitionErrors = Ordered.map(partitionErrors);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEADER_AND_ISR;
    }
}
