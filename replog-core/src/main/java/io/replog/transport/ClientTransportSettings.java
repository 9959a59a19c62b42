package io.replog.transport;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a client's network needs from its configuration, in Kafka's client setting names: where to
 * start ({@code bootstrap.servers}) and how to treat connections. The public client configs of
 * {@code io.replog.client} produce it; a {@link io.replog.provider.TransportProvider} reads it.
 *
 * <p>Guarantees: immutable; the constructor refuses an empty bootstrap list, an in-flight limit
 * below one, a non-positive duration and a maximum backoff below the initial one, with an
 * {@link IllegalArgumentException} naming the setting and the value.
 *
 * @param clientId               the {@code client_id} of every request header ({@code client.id})
 * @param bootstrapServers       {@code host:port} or {@code local://name} entries, in the configured order
 * @param maxInFlight            {@code max.in.flight.requests.per.connection}
 * @param requestTimeout         {@code request.timeout.ms}: from a send to its response
 * @param reconnectBackoff       {@code reconnect.backoff.ms}: the first wait before reconnecting
 * @param reconnectBackoffMax    {@code reconnect.backoff.max.ms}: the cap of the doubling wait
 * @param connectionSetupTimeout {@code socket.connection.setup.timeout.ms}: one connection attempt at most
 */
public record ClientTransportSettings(String clientId, List<String> bootstrapServers, int maxInFlight,
                                      Duration requestTimeout, Duration reconnectBackoff, Duration reconnectBackoffMax,
                                      Duration connectionSetupTimeout) {

    public ClientTransportSettings {
        Objects.requireNonNull(clientId, "clientId");
        bootstrapServers = List.copyOf(bootstrapServers);
        if (bootstrapServers.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers must name at least one server");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection must be >= 1, was "
                    + maxInFlight);
        }
        positive("request.timeout.ms", requestTimeout);
        positive("reconnect.backoff.ms", reconnectBackoff);
        positive("reconnect.backoff.max.ms", reconnectBackoffMax);
        positive("socket.connection.setup.timeout.ms", connectionSetupTimeout);
        if (reconnectBackoffMax.compareTo(reconnectBackoff) < 0) {
            throw new IllegalArgumentException("reconnect.backoff.max.ms (" + reconnectBackoffMax.toMillis()
                    + ") must be >= reconnect.backoff.ms (" + reconnectBackoff.toMillis() + ")");
        }
    }

    /** Whether the bootstrap servers are in-VM ({@code local://name}) addresses. */
    public boolean inVm() {
        return bootstrapServers.get(0).startsWith("local://");
    }

    private static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0 ms, was " + value.toMillis());
        }
    }
}
