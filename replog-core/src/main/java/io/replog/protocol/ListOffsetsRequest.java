package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/**
 * Asks a leader for the first or the next offset of partitions: {@link #EARLIEST} is the log
 * start offset, {@link #LATEST} the high watermark (what a consumer may read up to).
 */
public record ListOffsetsRequest(int replicaId, Map<TopicPartition, Long> timestamps) implements Request {
    public static final long LATEST = -1L;
    public static final long EARLIEST = -2L;

    public ListOffsetsRequest {
        timestamps = Ordered.map(timestamps);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }
}
