package io.replog.transport;

import io.replog.coordinator.BrokerRegistration;
import io.replog.protocol.Request;
import io.replog.protocol.Response;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * How a broker (or a client) sends requests to brokers: Netty over TCP or in-VM channels in
 * production ({@code replog-netty}), a simulated network with delay, loss and partitions in
 * the deterministic simulation.
 *
 * <p>{@link #send} never blocks. The future completes with the response, or exceptionally
 * with a {@link io.replog.errors.RetriableException} when the broker cannot be reached or the
 * connection drops; it may complete on any thread.
 */
public interface Transport extends AutoCloseable {

    /** Sends {@code request} to broker {@code brokerId}. */
    CompletableFuture<Response> send(int brokerId, Request request);

    /** Tells the transport where brokers are; the controller's metadata keeps it current. */
    void updateBrokers(Collection<BrokerRegistration> brokers);

    @Override
    void close();
}
