package io.replog.internal.replica;

import io.replog.internal.purgatory.DelayedOperation;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.Response;
import io.replog.topic.TopicPartition;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A long-poll fetch: it found fewer than {@code minBytes} and waits until one of its partitions
 * gets new data (log end for followers, high watermark for consumers) or {@code maxWaitMs} runs
 * out; then it reads again and answers with whatever there is. Every check reads all its
 * partitions, so the answer is the read that found enough.
 */
final class DelayedFetch extends DelayedOperation<TopicPartition> {
    private final FetchRequest request;
    private final CompletableFuture<Response> future = new CompletableFuture<>();
    private final Supplier<ReadResult> reader;
    private ReadResult lastRead;

    /** A read of all the request's partitions and how many bytes it found. */
    record ReadResult(Response response, long bytes) {
    }

    DelayedFetch(FetchRequest request, Supplier<ReadResult> reader) {
        this.request = request;
        this.reader = reader;
    }

    CompletableFuture<Response> future() {
        return future;
    }

    @Override
    protected boolean tryComplete() {
        lastRead = reader.get();
        return lastRead.bytes() >= request.minBytes();
    }

    @Override
    protected void onComplete() {
        future.complete(lastRead.response());
    }

    @Override
    protected void onExpiration() {
        future.complete(reader.get().response());
    }
}
