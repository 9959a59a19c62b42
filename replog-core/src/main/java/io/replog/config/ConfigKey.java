package io.replog.config;

import java.util.Objects;

/**
 * One declared configuration key: its Kafka-style name, type, default, the rule its value
 * must satisfy and a line of documentation. Keys are constants; the values live in a
 * {@link ConfigValues}.
 *
 * @param name         the property name, e.g. {@code segment.bytes}
 * @param type         how the value is parsed
 * @param defaultValue the value when none is given, or {@code null} if the key is required or optional
 * @param validator    what is allowed
 * @param doc          one sentence for the configuration reference
 * @param optional     whether the key may be left unset without a default ({@link ConfigValues#get}
 *                     then returns {@code null}); only with a {@code null} default
 * @param <T>          the value's Java type
 */
public record ConfigKey<T>(String name, ConfigType<T> type, T defaultValue, Validator<? super T> validator,
                           String doc, boolean optional) {

    /** A key that is required when {@code defaultValue} is {@code null}. */
    public ConfigKey(String name, ConfigType<T> type, T defaultValue, Validator<? super T> validator, String doc) {
        this(name, type, defaultValue, validator, doc, false);
    }

    public ConfigKey {
        if (optional && defaultValue != null) {
            throw new IllegalArgumentException("optional key " + name + " cannot have a default");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(doc, "doc");
        if (defaultValue != null && !validator.test(defaultValue)) {
            throw new IllegalArgumentException("default " + defaultValue + " of " + name + " is not "
                    + validator.describe());
        }
    }

    /** A key with a default value. */
    public static <T> ConfigKey<T> of(String name, ConfigType<T> type, T defaultValue,
                                      Validator<? super T> validator, String doc) {
        return new ConfigKey<>(name, type, defaultValue, validator, doc);
    }

    /** A key the user must set. */
    public static <T> ConfigKey<T> required(String name, ConfigType<T> type, Validator<? super T> validator,
                                            String doc) {
        return new ConfigKey<>(name, type, null, validator, doc);
    }

    /**
     * A key that may be left unset: its value is then {@code null}, and whoever reads it decides
     * what that means (typically: fall back to another key, as {@code log.retention.ms} falls back
     * to {@code log.retention.hours}).
     */
    public static <T> ConfigKey<T> optional(String name, ConfigType<T> type, Validator<? super T> validator,
                                            String doc) {
        return new ConfigKey<>(name, type, null, validator, doc, true);
    }

    /** Whether the key has no default and must be given. */
    public boolean isRequired() {
        return defaultValue == null && !optional;
    }

    /** Parses and validates {@code raw} for this key. */
    public T parse(Object raw) {
        T value = type.parse(name, raw);
        validateValue(value);
        return value;
    }

    @SuppressWarnings("unchecked")
    private void validateValue(T value) {
        ((Validator<T>) validator).ensureValid(name, value);
    }
}
