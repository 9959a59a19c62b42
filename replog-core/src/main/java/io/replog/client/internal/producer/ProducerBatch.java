package io.replog.client.internal.producer;

import io.replog.client.RecordMetadata;
import io.replog.record.Header;
import io.replog.record.RecordBatchBuilder;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One record batch of one partition on its way through the producer: open while it takes records,
 * closed once full (or drained), in flight while a produce request carries it, done once every
 * record's future has completed. The bytes are Kafka's v2 batch as {@link RecordBatchBuilder}
 * writes it.
 *
 * <p>Its state is guarded by the {@link RecordAccumulator} that owns it; the futures it hands out
 * are completed by the accumulator outside its lock, so a caller's callback never runs while the
 * accumulator is locked.
 */
final class ProducerBatch {
    enum State { OPEN, CLOSED, IN_FLIGHT, DONE }

    private record Thunk(CompletableFuture<RecordMetadata> future, long timestamp) {
    }

    private final TopicPartition partition;
    private final RecordBatchBuilder builder;
    private final int reservedBytes;
    private final long createdNanos;
    private final List<Thunk> thunks = new ArrayList<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private State state = State.OPEN;
    private int attempts;
    private long lastAttemptNanos;
    private ByteBuffer records;
    private RuntimeException lastError;

    ProducerBatch(TopicPartition partition, int reservedBytes, long createdNanos) {
        this.partition = partition;
        this.reservedBytes = reservedBytes;
        this.createdNanos = createdNanos;
        this.builder = new RecordBatchBuilder(reservedBytes);
    }

    TopicPartition partition() {
        return partition;
    }

    State state() {
        return state;
    }

    int reservedBytes() {
        return reservedBytes;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** How many times the batch has been handed out for sending. */
    int attempts() {
        return attempts;
    }

    long lastAttemptNanos() {
        return lastAttemptNanos;
    }

    int recordCount() {
        return thunks.size();
    }

    int sizeInBytes() {
        return builder.sizeInBytes();
    }

    /** The batch's size if this record were appended next. */
    int sizeAfterAppend(long timestamp, byte[] key, byte[] value, Header[] headers) {
        return builder.sizeInBytesAfterAppend(timestamp, key, value, headers);
    }

    CompletableFuture<RecordMetadata> append(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (state != State.OPEN) {
            throw new IllegalStateException("batch of " + partition + " is " + state + ", not open");
        }
        builder.append(timestamp, key, value, headers);
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        thunks.add(new Thunk(future, timestamp));
        return future;
    }

    /** Stops appends; the batch waits to be drained. */
    void close() {
        if (state == State.OPEN) {
            state = State.CLOSED;
        }
    }

    /** Hands the batch out for sending: its bytes are built once, on the first attempt. */
    void beginAttempt(long nowNanos) {
        close();
        if (records == null) {
            records = builder.build();
        }
        state = State.IN_FLIGHT;
        attempts++;
        lastAttemptNanos = nowNanos;
    }

    /** Back in its partition's queue after the retriable failure {@code error}. */
    void requeue(RuntimeException error) {
        state = State.CLOSED;
        lastError = error;
    }

    /** The retriable error of its last attempt, or {@code null}: the cause if it expires before another. */
    RuntimeException lastError() {
        return lastError;
    }

    /** Marks the batch done; its futures are completed afterwards, outside the accumulator's lock. */
    void markDone() {
        state = State.DONE;
    }

    /** The v2 batch bytes (base offset 0: the leader assigns offsets); only once handed out. */
    ByteBuffer records() {
        if (records == null) {
            throw new IllegalStateException("batch of " + partition + " has not been drained yet");
        }
        return records.duplicate();
    }

    /** Completes when every record's future has completed. */
    CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Completes every record's future with its metadata: offset {@code baseOffset + i} (or -1 when
     * the base offset is unknown, as with acks=0) and the record's timestamp unless the broker
     * assigned a log append time.
     */
    void completeFutures(long baseOffset, long logAppendTime) {
        for (int i = 0; i < thunks.size(); i++) {
            Thunk t = thunks.get(i);
            long offset = baseOffset < 0 ? RecordMetadata.UNKNOWN_OFFSET : baseOffset + i;
            long timestamp = logAppendTime >= 0 ? logAppendTime : t.timestamp();
            t.future().complete(new RecordMetadata(partition.topic(), partition.partition(), offset, timestamp));
        }
        completion.complete(null);
    }

    /** Fails every record's future with {@code error}. */
    void failFutures(RuntimeException error) {
        for (Thunk t : thunks) {
            t.future().completeExceptionally(error);
        }
        completion.complete(null);
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + partition + ", " + thunks.size() + " records, " + builder.sizeInBytes() + " bytes, "
                + state + ", attempts " + attempts + ")";
    }
}
