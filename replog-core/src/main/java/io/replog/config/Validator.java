package io.replog.config;

import io.replog.errors.InvalidConfigException;

import java.util.List;

/**
 * A rule a parsed configuration value must satisfy, with a description of what is allowed
 * that appears verbatim in error messages and in the configuration reference.
 *
 * @param <T> the type of value checked
 */
public interface Validator<T> {

    /** What is allowed, for people: "at least 1024", "one of [0, 1, all]". */
    String describe();

    /** Whether {@code value} is allowed. */
    boolean test(T value);

    /** Throws {@link InvalidConfigException} naming key, value and what is allowed, unless valid. */
    default void ensureValid(String key, T value) {
        if (!test(value)) {
            throw new InvalidConfigException("Invalid value '" + value + "' for configuration '" + key
                    + "': must be " + describe());
        }
    }

    /** Any value is allowed. */
    /**
     * A validator that is a parser: a value is valid exactly when {@code parse} accepts it, and
     * {@link #ensureValid} fails with the parser's own precise {@link io.replog.errors.InvalidConfigException},
     * so the key's check and its parsing can never disagree.
     */
    static <T> Validator<T> byParsing(String description, java.util.function.Consumer<T> parse) {
        return new Validator<>() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public boolean test(T value) {
                try {
                    parse.accept(value);
                    return true;
                } catch (io.replog.errors.InvalidConfigException e) {
                    return false;
                }
            }

            @Override
            public void ensureValid(String key, T value) {
                parse.accept(value);
            }
        };
    }

    static <T> Validator<T> any() {
        return new Validator<>() {
            @Override
            public String describe() {
                return "any value";
            }

            @Override
            public boolean test(T value) {
                return true;
            }
        };
    }

    /** A number no smaller than {@code min}. */
    static <N extends Number> Validator<N> atLeast(long min) {
        return between(min, Long.MAX_VALUE);
    }

    /** A number from {@code min} to {@code max}, both included. */
    static <N extends Number> Validator<N> between(long min, long max) {
        String text = max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max + " (inclusive)";
        return new Validator<>() {
            @Override
            public String describe() {
                return text;
            }

            @Override
            public boolean test(N value) {
                long v = value.longValue();
                return v >= min && v <= max;
            }
        };
    }

    /** {@code -1} (meaning "no limit") or a number no smaller than {@code min}. */
    static <N extends Number> Validator<N> unlimitedOrAtLeast(long min) {
        return new Validator<>() {
            @Override
            public String describe() {
                return "-1 (no limit) or at least " + min;
            }

            @Override
            public boolean test(N value) {
                long v = value.longValue();
                return v == -1 || v >= min;
            }
        };
    }

    /** One of the given strings, compared exactly. */
    static Validator<String> oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return new Validator<>() {
            @Override
            public String describe() {
                return "one of " + values;
            }

            @Override
            public boolean test(String value) {
                return values.contains(value);
            }
        };
    }

    /** A string that is not blank. */
    static Validator<String> nonBlank() {
        return new Validator<>() {
            @Override
            public String describe() {
                return "a non-empty string";
            }

            @Override
            public boolean test(String value) {
                return value != null && !value.isBlank();
            }
        };
    }

    /** A list that holds at least one element. */
    static Validator<List<String>> nonEmptyList() {
        return new Validator<>() {
            @Override
            public String describe() {
                return "a non-empty list";
            }

            @Override
            public boolean test(List<String> value) {
                return value != null && !value.isEmpty();
            }
        };
    }
}
