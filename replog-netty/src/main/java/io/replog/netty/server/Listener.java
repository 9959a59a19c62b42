package io.replog.netty.server;

import io.netty.channel.local.LocalAddress;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a server listens: {@code NAME://host:port} over TCP (Kafka's listener syntax; an empty
 * host is every interface, an IPv6 host is bracketed, port 0 is any free port), or
 * {@code local://name} over Netty's in-VM channel, for brokers and clients of one JVM. Parsing
 * accepts exactly these forms and fails otherwise with an {@link IllegalArgumentException} quoting
 * the value and the expected forms.
 *
 * @param name    the listener name ({@code local} for in-VM listeners)
 * @param address an {@link InetSocketAddress} (unresolved) or a {@link LocalAddress}
 */
public record Listener(String name, SocketAddress address) {
    private static final String FORMS = "NAME://host:port (e.g. PLAINTEXT://127.0.0.1:9092) or local://name";
    private static final Pattern LOCAL = Pattern.compile("local://([^/\\s]+)");
    private static final Pattern TCP = Pattern.compile("([A-Za-z0-9_]+)://(\\[[0-9A-Fa-f:.%a-zA-Z]+\\]|[A-Za-z0-9._-]*):(\\d{1,5})");

    /** Parses {@code spec}. */
    public static Listener parse(String spec) {
        Matcher local = LOCAL.matcher(spec);
        if (local.matches()) {
            return new Listener("local", new LocalAddress(local.group(1)));
        }
        Matcher tcp = TCP.matcher(spec);
        if (!tcp.matches()) {
            throw new IllegalArgumentException("listener '" + spec + "' is not of the form " + FORMS);
        }
        int port = Integer.parseInt(tcp.group(3));
        if (port > 65_535) {
            throw new IllegalArgumentException("listener '" + spec + "' has port " + port + ", expected 0-65535");
        }
        String host = tcp.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : InetSocketAddress.createUnresolved(host, port);
        return new Listener(tcp.group(1), address);
    }

    /** Whether this is an in-VM listener. */
    public boolean isLocal() {
        return address instanceof LocalAddress;
    }

    /** The listener in the form it is parsed from. */
    @Override
    public String toString() {
        if (address instanceof LocalAddress local) {
            return "local://" + local.id();
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        String host = inet.getHostString();
        if (inet.getAddress() != null && inet.getAddress().isAnyLocalAddress()) {
            host = "";
        }
        return name + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
}
