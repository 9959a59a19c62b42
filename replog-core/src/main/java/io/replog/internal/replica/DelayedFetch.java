package io.replog.internal.replica;

import io.replog.protocol.FetchRequest;
import io.replog.protocol.Response;
import io.replog.time.Scheduler;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A long-poll fetch: it found fewer than {@code minBytes} and waits, without a thread, until
 * one of its partitions gets new data (log end for followers, high watermark for consumers)
 * or {@code maxWaitMs} runs out; then it reads again and answers with whatever there is.
 */
final class DelayedFetch {
    private final FetchRequest request;
    private final CompletableFuture<Response> future = new CompletableFuture<>();
    private final Supplier<ReadResult> reader;
    private Scheduler.Timer timer;

    /** A read of all the request's partitions and how many bytes it found. */
    record ReadResult(Response response, long bytes) {
    }

    DelayedFetch(FetchRequest request, Supplier<ReadResult> reader) {
        this.request = request;
        this.reader = reader;
    }

    FetchRequest request() {
        return request;
    }

    CompletableFuture<Response> future() {
        return future;
    }

    void expireAfter(Scheduler scheduler, Runnable onExpire) {
        timer = scheduler.schedule(request.maxWaitMs(), onExpire);
    }

    /** Reads again; answers if there is enough now or {@code force}. Returns whether it answered. */
    boolean tryComplete(boolean force) {
        if (future.isDone()) {
            return true;
        }
        ReadResult result = reader.get();
        if (force || result.bytes() >= request.minBytes()) {
            if (timer != null) {
                timer.cancel();
            }
            future.complete(result.response());
            return true;
        }
        return false;
    }
}
