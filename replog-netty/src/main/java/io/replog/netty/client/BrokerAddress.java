package io.replog.netty.client;

import io.replog.coordinator.Endpoint;
import io.replog.netty.server.Listener;

import java.net.InetSocketAddress;

/**
 * Where a broker is: {@code host:port} (or {@code NAME://host:port}) over TCP, or
 * {@code local://name} in the same JVM. Parsing refuses anything else, and an empty host, with an
 * {@link IllegalArgumentException} quoting the value. {@link #toString()} is the form every log
 * line and exception message uses.
 *
 * @param listener the parsed address; its {@link InetSocketAddress} is unresolved, so that name
 *                 lookups happen when connecting, off the event loop
 * @param text     {@code host:port} or {@code local://name}
 */
public record BrokerAddress(Listener listener, String text) {

    /** Parses {@code host:port}, {@code NAME://host:port} or {@code local://name}. */
    public static BrokerAddress parse(String spec) {
        Listener listener = Listener.parse(spec.contains("://") ? spec : "PLAINTEXT://" + spec);
        if (listener.isLocal()) {
            return new BrokerAddress(listener, listener.toString());
        }
        InetSocketAddress inet = (InetSocketAddress) listener.address();
        String host = inet.getHostString();
        if (host.isEmpty() || inet.getAddress() != null && inet.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException("broker address '" + spec + "' has no host");
        }
        return new BrokerAddress(listener, (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort());
    }

    /**
     * The address of {@code endpoint}: {@code local://host} for a listener named {@code local}
     * (how in-VM brokers register), {@code host:port} otherwise.
     */
    public static BrokerAddress of(Endpoint endpoint) {
        if ("local".equalsIgnoreCase(endpoint.listener())) {
            return parse("local://" + endpoint.host());
        }
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return parse(endpoint.listener() + "://" + host + ":" + endpoint.port());
    }

    /** Whether this is an in-VM address. */
    public boolean isLocal() {
        return listener.isLocal();
    }

    @Override
    public String toString() {
        return text;
    }
}
