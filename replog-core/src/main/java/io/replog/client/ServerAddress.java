package io.replog.client;

import java.util.Objects;

/**
 * One entry of {@code bootstrap.servers}: a TCP address ({@code host:port}, or
 * {@code [ipv6]:port}) or the name of an in-VM server ({@code local://name}), reached through the
 * transport's in-VM channels without a socket. A client contacts bootstrap servers only to learn
 * the cluster's brokers; any one of them suffices.
 */
public sealed interface ServerAddress permits ServerAddress.Tcp, ServerAddress.InVm {

    /**
     * A TCP address.
     *
     * @param host a host name, an IPv4 address or an IPv6 address (without brackets)
     * @param port 1-65535
     */
    record Tcp(String host, int port) implements ServerAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be 1-65535, was " + port);
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * An in-VM server, named as its broker's in-VM listener is.
     *
     * @param name letters, digits, '.', '_' and '-'
     */
    record InVm(String name) implements ServerAddress {
        public InVm {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("in-VM server name '" + name
                        + "' must be letters, digits, '.', '_' and '-'");
            }
        }

        @Override
        public String toString() {
            return BootstrapServers.LOCAL_SCHEME + name;
        }
    }
}
