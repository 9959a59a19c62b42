package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/** Per partition: elected, {@link Errors#ELECTION_NOT_NEEDED}, or why not. */
public record ElectLeadersResponse(Errors error, Map<TopicPartition, Errors> results) implements Response {
    public ElectLeadersResponse {
        results = Ordered.map(results);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ELECT_LEADERS;
    }
}
