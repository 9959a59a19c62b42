package io.replog.client;

import io.replog.config.ConfigKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the builders of {@link ProducerConfig}, {@link ConsumerConfig} and {@link AdminConfig}
 * share: values set by Kafka name or typed key, and the setters of the keys every client has.
 * Nothing is checked until {@link #build()}, which parses exactly as the configuration's
 * {@code parse(Map)} does, so both routes accept and refuse the same.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <C> the configuration it builds
 */
public abstract class ClientConfigBuilder<B extends ClientConfigBuilder<B, C>, C> {
    private final Map<String, Object> props;

    ClientConfigBuilder(Map<String, Object> initial) {
        this.props = new LinkedHashMap<>(initial);
    }

    /** Sets any key by its Kafka name; checked by {@link #build()}. */
    public B set(String name, Object value) {
        props.put(Objects.requireNonNull(name, "name"), value);
        return self();
    }

    /** Sets a declared key; checked by {@link #build()}. */
    public <T> B set(ConfigKey<T> key, T value) {
        return set(key.name(), value);
    }

    /**
     * Servers as {@code host:port}, {@code [ipv6]:port} or {@code local://name}; an argument may
     * also be a comma-separated list, as Kafka's {@code bootstrap.servers} property is, so that
     * {@code bootstrapServers("b1:9092,b2:9092")} and {@code bootstrapServers("b1:9092", "b2:9092")}
     * mean the same.
     */
    public B bootstrapServers(String... servers) {
        List<String> entries = new java.util.ArrayList<>();
        for (String s : servers) {
            if (s == null) {
                entries.add(null); // refused by build(), naming the key
                continue;
            }
            for (String entry : s.split(",")) {
                if (!entry.isBlank()) { // as the property's list parsing: "a:1,b:2," names two servers
                    entries.add(entry.trim());
                }
            }
        }
        return set(ClientKeys.BOOTSTRAP_SERVERS, java.util.Collections.unmodifiableList(entries));
    }

    public B requestTimeoutMs(int ms) {
        return set(ClientKeys.REQUEST_TIMEOUT_MS, ms);
    }

    public B clientId(String clientId) {
        return set(ClientKeys.CLIENT_ID, clientId);
    }

    /** Validates every value set and builds the configuration. */
    public abstract C build();

    /** The values set so far, by name, for {@link #build()}. */
    final Map<String, Object> props() {
        return props;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
