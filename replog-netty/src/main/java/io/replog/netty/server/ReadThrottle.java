package io.replog.netty.server;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure for one connection: stops reading it while {@code maxInFlight} or more of its
 * requests await their responses, and reads again once fewer do. A client that pipelines without
 * bound then fills its own socket buffer rather than this process's memory. Frames already
 * received when reading stops are still processed, so the count can pass the limit by what one
 * read delivered. Used on the connection's event loop only.
 */
final class ReadThrottle {
    private static final Logger log = LoggerFactory.getLogger(ReadThrottle.class);

    private final int maxInFlight;
    private boolean paused;

    ReadThrottle(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("the in-flight request limit must be >= 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /** Pauses or resumes reading {@code channel} for its {@code inFlight} requests. */
    void update(Channel channel, int inFlight) {
        if (!paused && inFlight >= maxInFlight) {
            paused = true;
            channel.config().setAutoRead(false);
            log.debug("Stopped reading {}: {} requests in flight, limit {}", channel, inFlight, maxInFlight);
        } else if (paused && inFlight < maxInFlight) {
            paused = false;
            channel.config().setAutoRead(true);
            log.debug("Reading {} again: {} requests in flight, limit {}", channel, inFlight, maxInFlight);
        }
    }

    boolean isPaused() {
        return paused;
    }
}
