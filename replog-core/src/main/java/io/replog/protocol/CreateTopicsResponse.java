package io.replog.protocol;

import java.util.Map;

/** The outcome per topic, with a message that names what was wrong. */
public record CreateTopicsResponse(Map<String, TopicResult> results) implements Response {
    public CreateTopicsResponse {
        results = Ordered.map(results);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    /** An error code with its message ({@code null} on success). */
    public record TopicResult(Errors error, String message) {
    }
}
