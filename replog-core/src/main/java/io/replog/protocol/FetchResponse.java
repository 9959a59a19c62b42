package io.replog.protocol;

import io.replog.record.Records;
import io.replog.topic.TopicPartition;

import java.util.List;

/** Record batches per partition, with the leader's high watermark and log start offset. */
public record FetchResponse(Errors error, List<PartitionData> partitions) implements Response {

    public FetchResponse {
        partitions = List.copyOf(partitions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    /**
     * @param partition      the partition
     * @param error          {@link Errors#NONE}, or why nothing was read
     * @param highWatermark  the leader's high watermark
     * @param logStartOffset the leader's log start offset
     * @param records        whole batches (possibly none); file-backed on the leader
     */
    public record PartitionData(TopicPartition partition, Errors error, long highWatermark, long logStartOffset,
                                Records records) {
        public static PartitionData error(TopicPartition partition, Errors error) {
            return new PartitionData(partition, error, -1L, -1L, Records.EMPTY);
        }
    }
}
