package io.replog.client;

import io.replog.config.Validator;
import io.replog.errors.InvalidConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of {@code bootstrap.servers}: a non-empty list of {@code host:port},
 * {@code [ipv6]:port} or {@code local://name}, all TCP or all in-VM. {@link #validator()} accepts
 * and refuses exactly what {@link #parse} does, so the key's validation and a configuration's
 * parsed addresses never disagree. Every failure names the key, the whole value, the offending
 * entry and what is expected.
 */
final class BootstrapServers {

    static final String KEY = "bootstrap.servers";
    static final String LOCAL_SCHEME = "local://";
    static final String FORM = "host:port, [ipv6]:port or local://name";

    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.%a-zA-Z]*)\\]:(.*)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern LOCAL_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private BootstrapServers() {
    }

    static Validator<List<String>> validator() {
        return Validator.byParsing("a non-empty comma-separated list of " + FORM
                + " (port 1-65535; all TCP or all local://)", BootstrapServers::parse);
    }

    static List<ServerAddress> parse(List<String> entries) {
        if (entries.isEmpty()) {
            throw new InvalidConfigException("Invalid value '' for configuration '" + KEY
                    + "': must be at least one server, as " + FORM);
        }
        List<ServerAddress> out = new ArrayList<>();
        for (String entry : entries) {
            out.add(parseEntry(String.join(",", entries), entry));
        }
        boolean local = out.get(0) instanceof ServerAddress.InVm;
        for (int i = 1; i < out.size(); i++) {
            if ((out.get(i) instanceof ServerAddress.InVm) != local) {
                throw new InvalidConfigException(prefix(String.join(",", entries), entries.get(i))
                        + (local ? "is a TCP address after local:// ones" : "is a local:// address after TCP ones")
                        + "; a client uses one transport, so list only host:port or only local://name");
            }
        }
        return List.copyOf(out);
    }

    private static ServerAddress parseEntry(String whole, String entry) {
        String prefix = prefix(whole, entry);
        if (entry.startsWith(LOCAL_SCHEME)) {
            String name = entry.substring(LOCAL_SCHEME.length());
            if (!LOCAL_NAME.matcher(name).matches()) {
                throw new InvalidConfigException(prefix + "has an invalid in-VM server name '" + name
                        + "': expected letters, digits, '.', '_' and '-'");
            }
            return new ServerAddress.InVm(name);
        }
        if (entry.contains("://")) {
            throw new InvalidConfigException(prefix + "has a scheme; expected " + FORM);
        }
        String host;
        String port;
        Matcher v6 = IPV6.matcher(entry);
        if (v6.matches()) {
            host = v6.group(1);
            port = v6.group(2);
            if (!host.contains(":")) {
                throw new InvalidConfigException(prefix + "has an invalid IPv6 host '[" + host + "]'");
            }
        } else {
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidConfigException(prefix + "has no port; expected " + FORM);
            }
            host = entry.substring(0, colon);
            port = entry.substring(colon + 1);
            if (host.isEmpty()) {
                throw new InvalidConfigException(prefix + "has no host; expected " + FORM);
            }
            if (!HOST.matcher(host).matches()) {
                throw new InvalidConfigException(prefix + "has an invalid host '" + host
                        + "': expected a host name, an IPv4 address or [IPv6]");
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65_535) {
            throw new InvalidConfigException(prefix + "has an invalid port '" + port + "': expected 1-65535");
        }
        return new ServerAddress.Tcp(host, p);
    }

    private static String prefix(String whole, String entry) {
        return "Invalid value '" + whole + "' for configuration '" + KEY + "': entry '" + entry + "' ";
    }
}
