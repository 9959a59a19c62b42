package io.replog.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A broker as clients see it: its id, the host and port clients connect to, and its rack if it
 * has one. Immutable; equal nodes have equal fields.
 *
 * @param id   the broker id, at least 0
 * @param host the host clients connect to (a host name, an IPv4 address or an IPv6 address without brackets)
 * @param port the port, 0-65535
 * @param rack the rack (or zone) the broker is in, if configured ({@code broker.rack})
 */
public record Node(int id, String host, int port, Optional<String> rack) {

    public Node {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(rack, "rack");
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, was " + id);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port + " for broker " + id);
        }
    }

    /** A node without a rack. */
    public static Node of(int id, String host, int port) {
        return new Node(id, host, port, Optional.empty());
    }

    @Override
    public String toString() {
        return "Node(" + id + " at " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + rack.map(r -> ", rack " + r).orElse("") + ")";
    }
}
