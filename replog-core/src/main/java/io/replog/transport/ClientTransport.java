package io.replog.transport;

import io.replog.protocol.Request;
import io.replog.protocol.Response;

import java.util.concurrent.CompletableFuture;

/**
 * A client's network: a {@link Transport} to brokers known by id (once metadata has named them
 * through {@link #updateBrokers}), plus sending to an address before any broker id is known
 * (the bootstrap servers).
 *
 * <p>Guarantees, beyond {@link Transport}'s: {@link #sendTo} never blocks; a failure to reach the
 * address or to get its answer completes the future with a
 * {@link io.replog.errors.RetriableException} whose message names the address; an address the
 * transport cannot parse fails the future with an {@link IllegalArgumentException} quoting it.
 */
public interface ClientTransport extends Transport {

    /** Sends {@code request} to the server at {@code address} ({@code host:port} or {@code local://name}). */
    CompletableFuture<Response> sendTo(String address, Request request);
}
