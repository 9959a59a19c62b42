package io.replog.netty.client;

import io.netty.buffer.ByteBufUtil;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.FrameDecoder;

import java.time.Duration;
import java.util.Objects;

/**
 * What every {@link BrokerConnection} of a {@link ConnectionPool} obeys, with Kafka's client
 * setting names and defaults. Immutable; the constructor refuses values that make no sense (an
 * in-flight limit below one, a non-positive timeout, a maximum backoff below the initial one) with
 * an {@link IllegalArgumentException} naming the setting.
 *
 * @param clientId               the {@code client_id} of every request header, may be null
 * @param maxInFlight            {@code max.in.flight.requests.per.connection}: requests written and
 *                               not yet answered; more wait in order
 * @param requestTimeout         {@code request.timeout.ms}: from {@code send} to the response
 * @param reconnectBackoff       {@code reconnect.backoff.ms}: the wait before reconnecting after one failure
 * @param reconnectBackoffMax    {@code reconnect.backoff.max.ms}: the cap of the doubling wait
 * @param connectionSetupTimeout {@code socket.connection.setup.timeout.ms}: how long one connection attempt may take
 * @param maxResponseBytes       the largest response frame accepted; a larger one closes the connection
 * @param apis                   the APIs whose header versions are known; requests of other APIs are refused
 */
public record ClientConfig(String clientId, int maxInFlight, Duration requestTimeout, Duration reconnectBackoff,
                           Duration reconnectBackoffMax, Duration connectionSetupTimeout, int maxResponseBytes,
                           ApiVersionsTable apis) {

    /** Kafka's client defaults: 5 in flight, 30 s requests, 50 ms to 1 s backoff, 10 s setup, 100 MiB responses. */
    public static final ClientConfig DEFAULTS = new ClientConfig("replog", 5, Duration.ofSeconds(30),
            Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10), FrameDecoder.DEFAULT_MAX_FRAME_BYTES,
            ApiVersionsTable.KAFKA);

    public ClientConfig {
        if (clientId != null && ByteBufUtil.utf8Bytes(clientId) > Short.MAX_VALUE) {
            // Checked here so that writing a request header can never fail.
            throw new IllegalArgumentException("client.id must fit " + Short.MAX_VALUE + " UTF-8 bytes");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection must be >= 1, was " + maxInFlight);
        }
        requirePositive("request.timeout.ms", requestTimeout);
        requirePositive("reconnect.backoff.ms", reconnectBackoff);
        requirePositive("reconnect.backoff.max.ms", reconnectBackoffMax);
        requirePositive("socket.connection.setup.timeout.ms", connectionSetupTimeout);
        if (reconnectBackoffMax.compareTo(reconnectBackoff) < 0) {
            throw new IllegalArgumentException("reconnect.backoff.max.ms (" + reconnectBackoffMax.toMillis()
                    + ") must be >= reconnect.backoff.ms (" + reconnectBackoff.toMillis() + ")");
        }
        if (maxResponseBytes < 4) {
            throw new IllegalArgumentException("the largest response must be >= 4 bytes (a correlation id), was "
                    + maxResponseBytes);
        }
        Objects.requireNonNull(apis, "apis");
    }

    public ClientConfig withClientId(String id) {
        return new ClientConfig(id, maxInFlight, requestTimeout, reconnectBackoff, reconnectBackoffMax,
                connectionSetupTimeout, maxResponseBytes, apis);
    }

    public ClientConfig withMaxInFlight(int max) {
        return new ClientConfig(clientId, max, requestTimeout, reconnectBackoff, reconnectBackoffMax,
                connectionSetupTimeout, maxResponseBytes, apis);
    }

    public ClientConfig withRequestTimeout(Duration timeout) {
        return new ClientConfig(clientId, maxInFlight, timeout, reconnectBackoff, reconnectBackoffMax,
                connectionSetupTimeout, maxResponseBytes, apis);
    }

    public ClientConfig withReconnectBackoff(Duration initial, Duration max) {
        return new ClientConfig(clientId, maxInFlight, requestTimeout, initial, max, connectionSetupTimeout,
                maxResponseBytes, apis);
    }

    public ClientConfig withConnectionSetupTimeout(Duration timeout) {
        return new ClientConfig(clientId, maxInFlight, requestTimeout, reconnectBackoff, reconnectBackoffMax, timeout,
                maxResponseBytes, apis);
    }

    public ClientConfig withMaxResponseBytes(int max) {
        return new ClientConfig(clientId, maxInFlight, requestTimeout, reconnectBackoff, reconnectBackoffMax,
                connectionSetupTimeout, max, apis);
    }

    public ClientConfig withApis(ApiVersionsTable table) {
        return new ClientConfig(clientId, maxInFlight, requestTimeout, reconnectBackoff, reconnectBackoffMax,
                connectionSetupTimeout, maxResponseBytes, table);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value.toMillis());
        }
    }
}
