package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/**
 * Per partition: the largest epoch the leader knows that is not above the one asked for, and
 * the offset where it ended (the start of the next epoch, or the leader's log end).
 */
public record OffsetForLeaderEpochResponse(Map<TopicPartition, EpochEnd> partitions) implements Response {
    public OffsetForLeaderEpochResponse {
        partitions = Ordered.map(partitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FOR_LEADER_EPOCH;
    }

    /** {@code leaderEpoch} and {@code endOffset} are -1 when the leader knows no such epoch. */
    public record EpochEnd(Errors error, int leaderEpoch, long endOffset) {
    }
}
