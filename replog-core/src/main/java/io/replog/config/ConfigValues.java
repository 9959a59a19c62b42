package io.replog.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated configuration values for one {@link ConfigDef}: every declared key has a value
 * (given or default) that passed its validator. Immutable.
 */
public final class ConfigValues {
    private final ConfigDef def;
    private final Map<String, Object> values;

    ConfigValues(ConfigDef def, Map<String, Object> values) {
        this.def = def;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code key}, which must be declared in this values' definition. */
    public <T> T get(ConfigKey<T> key) {
        if (def.key(key.name()) != key) {
            throw new IllegalArgumentException("configuration key '" + key.name() + "' is not declared here");
        }
        return castValue(key);
    }

    @SuppressWarnings("unchecked")
    private <T> T castValue(ConfigKey<T> key) {
        return (T) values.get(key.name());
    }

    /** Every value by key name, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
