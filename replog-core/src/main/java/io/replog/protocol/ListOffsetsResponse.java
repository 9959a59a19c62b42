package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/** The offsets asked for, per partition. */
public record ListOffsetsResponse(Map<TopicPartition, PartitionOffset> offsets) implements Response {

    public ListOffsetsResponse {
        offsets = Ordered.map(offsets);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    /** An offset with the leader epoch it was read under. */
    public record PartitionOffset(Errors error, long offset, int leaderEpoch) {
    }
}
