package io.replog.config;

import io.replog.coordinator.Endpoint;
import io.replog.errors.InvalidConfigException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's {@code listeners} syntax: a list of {@code NAME://host:port}, parsed into
 * {@link Endpoint}s. What it guarantees: {@link #parse} returns endpoints in the order given,
 * each with a name of letters, digits and {@code _}, a host that is a host name, an IPv4
 * address, a bracketed IPv6 address (returned without brackets) or empty (every interface), and
 * a port in 0-65535; names are unique, and so are ports other than 0 (any free port). Anything
 * else fails with an {@link InvalidConfigException} naming {@code listeners}, the whole value,
 * the offending listener and what is expected. {@link #validator()} accepts and refuses exactly
 * what {@link #parse} does, so the key's validation and the broker's parsed listeners never
 * disagree.
 */
final class Listeners {

    static final String FORM = "NAME://host:port, e.g. PLAINTEXT://broker1:9092";

    private static final String KEY = "listeners";
    private static final Pattern LISTENER = Pattern.compile("([^:/]*)://(\\[[^\\]]*\\]|[^:\\[\\]]*)(?::(.*))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]*");

    private Listeners() {
    }

    /** The validator of {@code listeners}: {@link #parse} itself, so both refuse the same values. */
    static Validator<List<String>> validator() {
        return Validator.byParsing("a non-empty comma-separated list of " + FORM
                + " (port 0-65535; names unique, and ports unless 0)", Listeners::parse);
    }

    /** Parses {@code listeners}; every failure names the key, the listener and what is expected. */
    static List<Endpoint> parse(List<String> specs) {
        if (specs.isEmpty()) {
            throw new InvalidConfigException("Invalid value '' for configuration '" + KEY
                    + "': must be at least one listener " + FORM);
        }
        List<Endpoint> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (String spec : specs) {
            String prefix = "Invalid value '" + String.join(",", specs) + "' for configuration '" + KEY
                    + "': listener '" + spec + "' ";
            Matcher m = LISTENER.matcher(spec);
            if (!m.matches()) {
                throw new InvalidConfigException(prefix + "is not of the form " + FORM);
            }
            String name = m.group(1);
            String host = m.group(2);
            String port = m.group(3);
            if (!NAME.matcher(name).matches()) {
                throw new InvalidConfigException(prefix + "has an invalid name '" + name
                        + "': expected letters, digits and '_', as in " + FORM);
            }
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
                if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.%a-zA-Z]+") || !host.contains(":")) {
                    throw new InvalidConfigException(prefix + "has an invalid IPv6 host '[" + host + "]'");
                }
            } else if (!HOST.matcher(host).matches()) {
                throw new InvalidConfigException(prefix + "has an invalid host '" + host
                        + "': expected a host name, an IPv4 address, [IPv6] or nothing for every interface");
            }
            if (port == null || port.isEmpty()) {
                throw new InvalidConfigException(prefix + "has no port; expected " + FORM);
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 0 || p > 65_535) {
                throw new InvalidConfigException(prefix + "has an invalid port '" + port + "': expected 0-65535");
            }
            if (!names.add(name)) {
                throw new InvalidConfigException(prefix + "repeats the listener name '" + name
                        + "': each listener needs its own name");
            }
            if (p != 0 && !ports.add(p)) {
                throw new InvalidConfigException(prefix + "repeats port " + p + ": each listener needs its own port");
            }
            out.add(new Endpoint(name, host, p));
        }
        return List.copyOf(out);
    }
}
