package io.replog.transport;

import io.replog.protocol.Request;
import io.replog.protocol.Response;

import java.util.concurrent.CompletableFuture;

/**
 * The serving side of a broker: the transport hands every decoded request here and writes the
 * response when the future completes. Requests that must wait (acks=all produce, long-poll
 * fetch) complete later, from the broker's own event loop; no thread waits for them. For an
 * acks=0 produce the response is never sent: a transport may look in it for refusals (and close
 * the connection, as Kafka does), and a {@code null} future or response means nothing to report.
 */
@FunctionalInterface
public interface RequestHandler {

    /** Handles {@code request} from {@code source}. */
    CompletableFuture<Response> handle(RequestSource source, Request request);
}
