package io.replog.zk.znode;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code /brokers/ids/<id>}, in Kafka's version 5 layout:
 * <pre>{"version":5,"host":"10.0.0.1","port":9092,"endpoints":["PLAINTEXT://10.0.0.1:9092"],
 * "listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"rack":"r1","timestamp":"1700000000000"}</pre>
 * {@code host} and {@code port} repeat the first endpoint (the one brokers use between
 * themselves); {@code endpoints} is what replog reads back; {@code timestamp} is the
 * registration time in milliseconds, as a string like Kafka writes it. replog adds
 * {@code "unclean_shutdown":"true"} when the broker started after a crash on a directory holding
 * data (absent otherwise, so a cleanly started broker's body is Kafka's exactly).
 */
public final class BrokerZnode {
    /** Kafka's broker registration version with endpoints and rack. */
    public static final int VERSION = 5;

    private BrokerZnode() {
    }

    /** The JSON body for {@code registration}. */
    public static byte[] encode(BrokerRegistration registration) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        Endpoint first = registration.endpoints().isEmpty() ? null : registration.endpoints().get(0);
        body.put("host", first == null ? null : first.host());
        body.put("port", first == null ? -1 : first.port());
        List<String> endpoints = new ArrayList<>();
        for (Endpoint e : registration.endpoints()) {
            endpoints.add(format(e));
        }
        body.put("endpoints", endpoints);
        body.put("listener_security_protocol_map", securityProtocols(registration.endpoints()));
        body.put("rack", registration.rack());
        body.put("timestamp", Long.toString(registration.registeredAtMs()));
        if (registration.uncleanShutdown()) {
            body.put("unclean_shutdown", "true");
        }
        return ZnodeJson.write(body);
    }

    /**
     * Kafka's listener name to security protocol map: a listener named after a protocol uses it;
     * replog's other listeners are plaintext.
     */
    private static Map<String, String> securityProtocols(List<Endpoint> endpoints) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            String name = e.listener();
            map.put(name, SECURITY_PROTOCOLS.contains(name) ? name : "PLAINTEXT");
        }
        return map;
    }

    private static final List<String> SECURITY_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /** Reads the registration of broker {@code brokerId} from the body of the znode at {@code path}. */
    public static BrokerRegistration decode(String path, int brokerId, byte[] data) {
        JsonObject json = ZnodeJson.read(path, data);
        List<String> raw = json.requiredStringList("endpoints");
        List<Endpoint> endpoints = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            endpoints.add(parse(json, "endpoints[" + i + "]", raw.get(i)));
        }
        String rack = json.optionalString("rack");
        long timestamp = json.requiredMillis("timestamp");
        boolean unclean = "true".equals(json.optionalString("unclean_shutdown"));
        return new BrokerRegistration(brokerId, rack, endpoints, timestamp).withUncleanShutdown(unclean);
    }

    /** {@code LISTENER://host:port}, with an IPv6 host in brackets. */
    public static String format(Endpoint e) {
        String host = e.host().indexOf(':') >= 0 ? "[" + e.host() + "]" : e.host();
        return e.listener() + "://" + host + ":" + e.port();
    }

    private static Endpoint parse(JsonObject json, String field, String text) {
        int sep = text.indexOf("://");
        int colon = text.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw json.fail(field, "must look like LISTENER://host:port, was \"" + text + "\"");
        }
        String listener = text.substring(0, sep);
        String host = text.substring(sep + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw json.fail(field, "has no valid port: \"" + text + "\"");
        }
        if (port < 0 || port > 65_535) {
            throw json.fail(field, "has port " + port + " outside 0..65535: \"" + text + "\"");
        }
        return new Endpoint(listener, host, port);
    }
}
