package io.replog.coordinator;

import java.util.Objects;

/**
 * Where a broker listens: a named listener, a host and a port. The in-VM transport uses the
 * host field for its local address name and port 0.
 */
public record Endpoint(String listener, String host, int port) {
    public Endpoint {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return listener + "://" + host + ":" + port;
    }
}
