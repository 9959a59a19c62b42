package io.replog.netty.server;

import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.RequestHeaderCodec;

import java.time.Duration;
import java.util.Objects;

/**
 * What one server connection may cost: the largest request it may send
 * ({@code socket.request.max.bytes}), how many of its requests may await responses before it is
 * no longer read, and how long it may stay silent before it is closed
 * ({@code connections.max.idle.ms}; zero never closes). Valid by construction.
 *
 * @param maxRequestBytes largest request frame, at least the smallest request header
 * @param maxInFlight     requests awaiting responses before reading stops, at least 1
 * @param maxIdle         time without reads or writes before the connection is closed; zero for never
 */
public record ConnectionLimits(int maxRequestBytes, int maxInFlight, Duration maxIdle) {
    /** Kafka's defaults for the size and idle limits (100 MiB, 10 minutes), and 100 requests in flight. */
    public static final ConnectionLimits DEFAULTS =
            new ConnectionLimits(FrameDecoder.DEFAULT_MAX_FRAME_BYTES, 100, Duration.ofMinutes(10));

    public ConnectionLimits {
        if (maxRequestBytes < RequestHeaderCodec.MIN_BYTES) {
            throw new IllegalArgumentException("the request size limit must be >= " + RequestHeaderCodec.MIN_BYTES
                    + " bytes, was " + maxRequestBytes);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("the in-flight request limit must be >= 1, was " + maxInFlight);
        }
        Objects.requireNonNull(maxIdle, "maxIdle");
        if (maxIdle.isNegative()) {
            throw new IllegalArgumentException("the idle limit must be >= 0, was " + maxIdle);
        }
    }

    /** These limits with {@code bytes} as the largest request. */
    public ConnectionLimits withMaxRequestBytes(int bytes) {
        return new ConnectionLimits(bytes, maxInFlight, maxIdle);
    }

    /** These limits with {@code requests} in flight before reading stops. */
    public ConnectionLimits withMaxInFlight(int requests) {
        return new ConnectionLimits(maxRequestBytes, requests, maxIdle);
    }

    /** These limits with {@code idle} as the longest silence; zero for never. */
    public ConnectionLimits withMaxIdle(Duration idle) {
        return new ConnectionLimits(maxRequestBytes, maxInFlight, idle);
    }
}
