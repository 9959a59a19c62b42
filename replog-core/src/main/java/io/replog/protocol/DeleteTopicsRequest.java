package io.replog.protocol;

import java.util.List;

/** Deletes topics: their data on every broker and their state in the coordinator. */
public record DeleteTopicsRequest(List<String> topics, int timeoutMs) implements Request {
    public DeleteTopicsRequest {
        topics = List.copyOf(topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPICS;
    }
}
