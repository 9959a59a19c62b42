package io.replog.config;

import io.replog.errors.InvalidConfigException;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A set of declared {@link ConfigKey}s and the one place where user-supplied properties are
 * turned into validated {@link ConfigValues}. Every failure is an {@link InvalidConfigException}
 * naming the key, the value and what is allowed; an unknown key is refused with the list of
 * known keys, so that a typo never passes silently.
 */
public final class ConfigDef {
    private final Map<String, ConfigKey<?>> keys;

    private ConfigDef(Map<String, ConfigKey<?>> keys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** A definition holding the given keys, in declaration order. */
    public static ConfigDef of(ConfigKey<?>... keys) {
        Map<String, ConfigKey<?>> map = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            if (map.put(key.name(), key) != null) {
                throw new IllegalArgumentException("configuration key declared twice: " + key.name());
            }
        }
        return new ConfigDef(map);
    }

    /** A definition holding the keys of this one and of {@code other}. */
    public ConfigDef with(ConfigDef other) {
        Map<String, ConfigKey<?>> map = new LinkedHashMap<>(keys);
        for (ConfigKey<?> key : other.keys.values()) {
            if (map.put(key.name(), key) != null) {
                throw new IllegalArgumentException("configuration key declared twice: " + key.name());
            }
        }
        return new ConfigDef(map);
    }

    /** The declared keys, in declaration order. */
    public Collection<ConfigKey<?>> keys() {
        return keys.values();
    }

    /** Whether {@code name} is declared here. */
    public boolean defines(String name) {
        return keys.containsKey(name);
    }

    /** Parses {@code props}; every key must be declared and every required key present. */
    public ConfigValues parse(Map<String, ?> props) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : props.entrySet()) {
            ConfigKey<?> key = keys.get(e.getKey());
            if (key == null) {
                throw new InvalidConfigException("Unknown configuration '" + e.getKey() + "'; known keys are "
                        + new TreeSet<>(keys.keySet()));
            }
            if (e.getValue() == null) {
                throw new InvalidConfigException("Invalid value 'null' for configuration '" + e.getKey()
                        + "': must be " + key.validator().describe());
            }
            values.put(key.name(), key.parse(e.getValue()));
        }
        for (ConfigKey<?> key : keys.values()) {
            if (!values.containsKey(key.name())) {
                if (key.isRequired()) {
                    throw new InvalidConfigException("Missing required configuration '" + key.name() + "': "
                            + key.doc() + " Must be " + key.validator().describe() + ".");
                }
                values.put(key.name(), key.defaultValue());
            }
        }
        return new ConfigValues(this, values);
    }

    /** Parses a {@link Properties} object (string keys and values). */
    public ConfigValues parse(Properties props) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return parse(map);
    }

    ConfigKey<?> key(String name) {
        return keys.get(name);
    }
}
