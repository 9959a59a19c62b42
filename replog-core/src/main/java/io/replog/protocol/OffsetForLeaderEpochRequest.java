package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/**
 * A follower asks the leader where an epoch ended in the leader's log, to find where its own
 * log diverged (truncation by leader epoch, KIP-101 and KIP-279).
 */
public record OffsetForLeaderEpochRequest(int replicaId, Map<TopicPartition, EpochQuery> partitions)
        implements Request {
    public OffsetForLeaderEpochRequest {
        partitions = Ordered.map(partitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FOR_LEADER_EPOCH;
    }

    /**
     * @param currentLeaderEpoch the epoch the follower believes is current (fencing)
     * @param leaderEpoch        the epoch whose end offset is wanted
     */
    public record EpochQuery(int currentLeaderEpoch, int leaderEpoch) {
    }
}
