package io.replog.client;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigValues;

import java.util.List;
import java.util.Map;

/**
 * What {@link ProducerConfig}, {@link ConsumerConfig} and {@link AdminConfig} share: the values
 * parsed once by the configuration's {@link ConfigDef} (so every instance is valid), the keys the
 * user gave (so {@code toBuilder()} keeps defaults as defaults), and the keys every client has.
 * Immutable.
 */
public abstract class ClientConfigBase {
    final ConfigValues values;
    private final Map<String, Object> given;
    private final List<ServerAddress> bootstrapServers;

    ClientConfigBase(ConfigDef def, Map<String, ?> props) {
        this.values = def.parse(props);
        this.given = ClientKeys.given(values, props.keySet());
        this.bootstrapServers = BootstrapServers.parse(values.get(ClientKeys.BOOTSTRAP_SERVERS));
    }

    /** The value of any declared key, as parsed. */
    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    /** Every key's parsed value by name, in declaration order. */
    public Map<String, Object> asMap() {
        return values.asMap();
    }

    /** The bootstrap servers, parsed, in the order given. */
    public List<ServerAddress> bootstrapServers() {
        return bootstrapServers;
    }

    public int requestTimeoutMs() {
        return values.get(ClientKeys.REQUEST_TIMEOUT_MS);
    }

    public String clientId() {
        return values.get(ClientKeys.CLIENT_ID);
    }

    /** The keys the user set, for {@code toBuilder()}. */
    final Map<String, Object> given() {
        return given;
    }
}
