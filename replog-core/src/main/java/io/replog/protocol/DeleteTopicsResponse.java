package io.replog.protocol;

import java.util.Map;

/** The outcome per topic. */
public record DeleteTopicsResponse(Map<String, CreateTopicsResponse.TopicResult> results) implements Response {
    public DeleteTopicsResponse {
        results = Ordered.map(results);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPICS;
    }
}
