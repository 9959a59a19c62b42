package io.replog.internal.replica;

import io.replog.internal.purgatory.DelayedOperation;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.Response;
import io.replog.topic.TopicPartition;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A long-poll fetch: it found fewer than {@code minBytes} and no partition in error, and waits
 * until one of its partitions gets new data (log end for followers, high watermark for
 * consumers) or {@code maxWaitMs} runs out; then it reads again and answers with whatever there
 * is. Every check reads all its partitions, so the answer is the read that found enough. As in
 * Kafka, a read in which any partition has an error (unknown partition, not the leader, fenced
 * epoch, offset out of range, storage error) is answered at once: the fetcher has to act on it,
 * and waiting would only delay that (a follower that asks before its leader has learned of the
 * partition would otherwise wait the whole {@code maxWaitMs}, then back off).
 */
final class DelayedFetch extends DelayedOperation<TopicPartition> {
    private final FetchRequest request;
    private final CompletableFuture<Response> future = new CompletableFuture<>();
    private final Supplier<ReadResult> reader;
    private ReadResult lastRead;

    /** A read of all the request's partitions, how many bytes it found and whether a partition had an error. */
    record ReadResult(Response response, long bytes, boolean anyError) {
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
        return lastRead.anyError() || lastRead.bytes() >= request.minBytes();
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
