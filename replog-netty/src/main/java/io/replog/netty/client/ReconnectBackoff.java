package io.replog.netty.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before reconnecting after {@code n} consecutive failures, as Kafka's clients compute
 * it: {@code initial * 2^(n-1)} capped at {@code max}, times a random factor in [0.8, 1.2) so that
 * many clients losing the same broker do not all come back in the same millisecond. The result may
 * hence exceed {@code max} by up to 20%, as in Kafka; it is never below 1 ms. Stateless and
 * thread-safe if its random source is.
 */
final class ReconnectBackoff {
    static final double JITTER = 0.2;

    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;

    /** {@code random} returns values in [0, 1), like {@code Random#nextDouble}. */
    ReconnectBackoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** The wait after {@code failures} (>= 1) failures in a row, in milliseconds. */
    long delayMs(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        double term = Math.min((double) maxMs, initialMs * Math.pow(2, doublings));
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Math.max(1, (long) (term * factor));
    }
}
