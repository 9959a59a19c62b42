package io.replog.sim;

import io.replog.protocol.FetchResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.record.MemoryRecords;
import io.replog.record.Records;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies the record bytes in a message, as putting them on a wire would: the receiver gets
 * fresh, writable buffers, and the sender may change or truncate its own (a leader truncating
 * its log after it answered a fetch) without the change reaching the receiver. Messages
 * without record bytes are immutable records and pass through as they are.
 */
final class WireCopy {
    private WireCopy() {
    }

    static Request copy(Request request) {
        if (request instanceof ProduceRequest produce) {
            Map<TopicPartition, ByteBuffer> copied = new TreeMap<>();
            produce.records().forEach((tp, buffer) -> copied.put(tp, copy(buffer)));
            return new ProduceRequest(produce.acks(), produce.timeoutMs(), copied);
        }
        return request;
    }

    static Response copy(Response response) {
        if (response instanceof FetchResponse fetch) {
            List<FetchResponse.PartitionData> copied = fetch.partitions().stream()
                    .map(p -> new FetchResponse.PartitionData(p.partition(), p.error(), p.highWatermark(),
                            p.logStartOffset(), copy(p.records())))
                    .toList();
            return new FetchResponse(fetch.error(), copied);
        }
        return response;
    }

    static Records copy(Records records) {
        return MemoryRecords.of(copy(records.toByteBuffer()));
    }

    /** The remaining bytes of {@code buffer} in a new heap buffer (position 0); {@code buffer} is not moved. */
    static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate());
        return copy.flip();
    }
}
