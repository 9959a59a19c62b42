package io.replog.netty.kafka;

import io.netty.handler.codec.CorruptedFrameException;
import io.replog.topic.TopicPartition;

/**
 * A partition as a client's request names it. Core's {@link TopicPartition} refuses a negative
 * index with an {@link IllegalArgumentException}, which would reach the pipeline as a bug in the
 * processor; a negative index on the wire is the peer's fault, refused here with a
 * {@link CorruptedFrameException}, so the connection is closed with a WARN naming it.
 */
final class RequestedPartition {
    private RequestedPartition() {
    }

    /** {@code topic}-{@code index}, or a {@link CorruptedFrameException} if the index is negative. */
    static TopicPartition of(String topic, int index) {
        if (index < 0) {
            throw new CorruptedFrameException("the request names partition " + index + " of topic " + topic
                    + ": partition indexes are >= 0");
        }
        return new TopicPartition(topic, index);
    }
}
