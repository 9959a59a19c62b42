package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.List;

/**
 * Reads record batches from partition leaders. Followers fetch with their broker id and read
 * up to the leader's log end; consumers fetch with {@link #CONSUMER_REPLICA_ID} and read only
 * below the high watermark. The fetch offset a follower sends is its log end offset: that is
 * how the leader learns each follower's progress.
 *
 * @param replicaId  the fetching broker, or {@link #CONSUMER_REPLICA_ID}
 * @param maxWaitMs  how long to wait for {@code minBytes} before answering with what there is
 * @param minBytes   the bytes to wait for
 * @param maxBytes   the most bytes to answer with, over all partitions
 * @param partitions what to read
 */
public record FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<PartitionFetch> partitions)
        implements Request {
    public static final int CONSUMER_REPLICA_ID = -1;

    public FetchRequest {
        partitions = List.copyOf(partitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    /** Whether a follower replica sent this. */
    public boolean isFromFollower() {
        return replicaId >= 0;
    }

    /**
     * @param partition          the partition
     * @param currentLeaderEpoch the leader epoch the fetcher believes in; a stale one is fenced,
     *                           -1 skips the check
     * @param fetchOffset        the first offset wanted
     * @param lastFetchedEpoch   the epoch of the last batch the fetcher holds, or -1
     * @param partitionMaxBytes  the most bytes for this partition
     */
    public record PartitionFetch(TopicPartition partition, int currentLeaderEpoch, long fetchOffset,
                                 int lastFetchedEpoch, int partitionMaxBytes) {
    }
}
