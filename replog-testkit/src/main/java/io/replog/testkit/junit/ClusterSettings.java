package io.replog.testkit.junit;

import io.replog.testkit.ReplogCluster;
import io.replog.testkit.Transport;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link ReplogTest} read and checked: where it was written (for messages), the brokers and
 * racks, the broker config overrides and the transport. Immutable.
 */
record ClusterSettings(String origin, int brokers, List<String> racks, Map<String, String> config,
                       Transport transport, boolean resetTopicsBeforeEach) {
    /** A cluster described by no annotation: ReplogCluster's defaults (three brokers, TCP). */
    static ClusterSettings defaults(String origin) {
        return new ClusterSettings(origin, 3, List.of(), Map.of(), Transport.TCP, false);
    }

    /**
     * Reads {@code a}, written at {@code origin}, and checks it as {@link ReplogCluster.Builder#start()}
     * would, starting nothing.
     *
     * @throws ExtensionConfigurationException naming the origin, the key, the value and what is allowed
     */
    static ClusterSettings of(ReplogTest a, String origin) {
        if (a == null) {
            return defaults(origin);
        }
        String where = "@ReplogTest on " + origin + ": ";
        if (a.brokers() < 0) {
            throw new ExtensionConfigurationException(where + "brokers = " + a.brokers()
                    + " is not allowed: give at least 1 (or 0, the default: one per rack, or 3)");
        }
        List<String> racks = List.of(a.racks());
        if (a.brokers() > 0 && !racks.isEmpty() && a.brokers() != racks.size()) {
            throw new ExtensionConfigurationException(where + "brokers = " + a.brokers() + " but " + racks.size()
                    + " racks " + racks + ": give one rack per broker (or leave brokers out)");
        }
        int brokers = a.brokers() > 0 ? a.brokers() : racks.isEmpty() ? 3 : racks.size();
        ClusterSettings s = new ClusterSettings(origin, brokers, racks,
                keyValues(a.config(), where + "config entry"), a.transport(), a.resetTopicsBeforeEach());
        try {
            s.builder().validate();
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException(where + e.getMessage(), e);
        }
        return s;
    }

    ClusterSettings {
        racks = List.copyOf(racks);
        config = Map.copyOf(config);
    }

    /** A builder for the cluster described; its directory kept on close (the extension decides). */
    ReplogCluster.Builder builder() {
        ReplogCluster.Builder b = ReplogCluster.builder().transport(transport).keepDirectories(true);
        if (racks.isEmpty()) {
            b.brokers(brokers);
        } else {
            b.racks(racks.toArray(String[]::new));
        }
        config.forEach(b::brokerConfig);
        return b;
    }

    /**
     * {@code "key=value"} entries as a map, in order.
     *
     * @throws ExtensionConfigurationException for an entry without '=' or with an empty key, or a key given twice
     */
    static Map<String, String> keyValues(String[] entries, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new ExtensionConfigurationException(what + " '" + entry
                        + "' is not of the form key=value (e.g. \"min.insync.replicas=2\")");
            }
            String value = entry.substring(eq + 1).trim();
            String before = out.put(key, value);
            if (before != null) {
                throw new ExtensionConfigurationException(what + " '" + entry + "' sets '" + key
                        + "' again (it was '" + before + "'): give each key once");
            }
        }
        return out;
    }
}
