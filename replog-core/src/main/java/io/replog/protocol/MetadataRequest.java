package io.replog.protocol;

import java.util.List;

/** Asks any broker for the cluster's brokers and the leaders of topics ({@code null}: every topic). */
public record MetadataRequest(List<String> topics) implements Request {

    public MetadataRequest {
        topics = topics == null ? null : List.copyOf(topics);
    }

    /** Every topic. */
    public static MetadataRequest allTopics() {
        return new MetadataRequest(null);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }
}
