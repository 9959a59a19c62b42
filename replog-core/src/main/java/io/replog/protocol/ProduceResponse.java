package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.util.Map;

/** The outcome of a produce request, per partition. */
public record ProduceResponse(Map<TopicPartition, PartitionResult> results) implements Response {

    public ProduceResponse {
        results = Ordered.map(results);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    /**
     * @param error          {@link Errors#NONE} on success
     * @param baseOffset     the offset given to the first record, or -1 on error
     * @param logStartOffset the partition's log start offset
     * @param errorMessage   detail for the error, or {@code null}
     */
    public record PartitionResult(Errors error, long baseOffset, long logStartOffset, String errorMessage) {
        public static PartitionResult error(Errors error, String message) {
            return new PartitionResult(error, -1L, -1L, message);
        }
    }
}
