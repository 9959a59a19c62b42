package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Set;

/** Asks the controller to move leadership back to the preferred replica ({@code null}: every partition). */
public record ElectLeadersRequest(Set<TopicPartition> partitions, int timeoutMs) implements Request {
    public ElectLeadersRequest {
        partitions = partitions == null ? null : Ordered.set(partitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ELECT_LEADERS;
    }
}
