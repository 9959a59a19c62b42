package io.replog.netty.client;

import io.netty.buffer.Unpooled;
import io.replog.netty.server.RequestProcessor;
import io.replog.netty.server.ResponseBody;
import io.replog.netty.wire.RequestFrame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server's processor doing what each request body says: {@code hold...} is answered when the
 * test says so, {@code drop...} makes the server close the connection, {@code none...} gets no
 * response (acks=0), anything else is echoed at once as {@code echo <body>}.
 */
final class ScriptedProcessor implements RequestProcessor {
    final List<Held> held = new CopyOnWriteArrayList<>();
    final AtomicInteger received = new AtomicInteger();

    @Override
    public CompletableFuture<ResponseBody> process(RequestFrame request) {
        String body = request.body().toString(StandardCharsets.UTF_8);
        received.incrementAndGet();
        if (body.startsWith("hold")) {
            Held h = new Held(body, new CompletableFuture<>());
            held.add(h);
            return h.future;
        }
        if (body.startsWith("drop")) {
            return CompletableFuture.failedFuture(new IllegalStateException("dropping the connection as told"));
        }
        if (body.startsWith("none")) {
            return RequestProcessor.noResponse();
        }
        return CompletableFuture.completedFuture(echo(body));
    }

    /** Answers every held request not yet answered, so that no server-side future is left hanging. */
    void answerAll() {
        held.forEach(Held::answer);
    }

    static ResponseBody echo(String body) {
        return ResponseBody.of(Unpooled.copiedBuffer("echo " + body, StandardCharsets.UTF_8));
    }

    record Held(String body, CompletableFuture<ResponseBody> future) {
        void answer() {
            if (!future.isDone()) {
                ResponseBody response = echo(body);
                if (!future.complete(response)) {
                    response.release();
                }
            }
        }
    }
}
