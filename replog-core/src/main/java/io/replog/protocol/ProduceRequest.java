package io.replog.protocol;

import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Appends record batches to partition leaders.
 *
 * @param acks      0 (no answer is awaited), 1 (the leader's log), or -1 = all (every ISR member)
 * @param timeoutMs how long an acks=all append may wait for the ISR before it fails
 * @param records   v2 record batches per partition
 */
public record ProduceRequest(short acks, int timeoutMs, Map<TopicPartition, ByteBuffer> records) implements Request {
    public static final short ACKS_NONE = 0;
    public static final short ACKS_LEADER = 1;
    public static final short ACKS_ALL = -1;

    public ProduceRequest {
        records = Ordered.map(records);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }
}
