package io.replog.netty.server;

import io.replog.netty.wire.RequestFrame;

import java.util.concurrent.CompletableFuture;

/**
 * What a server does with each request: decodes its body, acts, and answers with the encoded
 * response body. The connection layer owns everything else: framing, headers, the order of
 * responses, backpressure, closing on errors.
 *
 * <p>The contract:
 * <ul>
 *   <li>{@link #process} is called on the connection's I/O thread, one request at a time per
 *       connection, in the order they arrived. It must not block: work that waits (acks=all,
 *       long-poll fetch) completes the future later, from any thread.</li>
 *   <li>The frame is released when {@code process} returns; a processor that reads the body after
 *       that must {@link RequestFrame#retain() retain} it first and release it when done.</li>
 *   <li>A known API at a version the processor does not support is the processor's to answer
 *       (with UNSUPPORTED_VERSION); the connection never refuses it.</li>
 *   <li>Responses are written in request order whatever order the futures complete in, each with
 *       the response header of its request; {@link ResponseBody#none()} writes nothing.</li>
 *   <li>A future completed exceptionally (or with null), or an exception thrown by {@code process},
 *       is logged and closes the connection: a client whose request got lost would otherwise
 *       wait for its response forever. A {@link io.netty.handler.codec.CorruptedFrameException}
 *       says the peer is at fault (a body that does not parse, a version that cannot be answered)
 *       and is logged as a WARN with its message; anything else is a bug, an ERROR with its stack
 *       trace.</li>
 * </ul>
 */
@FunctionalInterface
public interface RequestProcessor {

    /** Handles {@code request}; the future completes with its response body. */
    CompletableFuture<ResponseBody> process(RequestFrame request);

    /** The answer to a request that gets no response (acks=0), already complete. */
    static CompletableFuture<ResponseBody> noResponse() {
        return CompletableFuture.completedFuture(ResponseBody.none());
    }
}
