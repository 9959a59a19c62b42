package io.replog.config;

import java.util.Objects;

/**
 * One declared configuration key: its Kafka-style name, type, default, the rule its value
 * must satisfy and a line of documentation. Keys are constants; the values live in a
 * {@link ConfigValues}.
 *
 * @param name         the property name, e.g. {@code segment.bytes}
 * @param type         how the value is parsed
 * @param defaultValue the value when none is given, or {@code null} if the key is required
 * @param validator    what is allowed
 * @param doc          one sentence for the configuration reference
 * @param <T>          the value's Java type
 */
public record ConfigKey<T>(String name, ConfigType<T> type, T defaultValue, Validator<? super T> validator,
                           String doc) {

    public ConfigKey {
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

    /** Whether the key has no default and must be given. */
    public boolean isRequired() {
        return defaultValue == null;
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
