package io.replog.transport;

import io.replog.protocol.Request;
import io.replog.protocol.Response;

import java.util.concurrent.CompletableFuture;

/**
 * The serving side of a broker: the transport hands every decoded request here and writes the
 * response when the future completes. Requests that must wait (acks=all produce, long-poll
 * fetch) complete later, from the broker's own event loop; no thread waits for them. A
 * {@code null} future means no response is sent (acks=0).
 */
@FunctionalInterface
public interface RequestHandler {

    /** Handles {@code request} from {@code source}. */
    CompletableFuture<Response> handle(RequestSource source, Request request);
}
