package io.replog.config;

import io.replog.errors.InvalidConfigException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a configuration value is read from what a user supplied: a string from a properties
 * file, or an already typed Java value from a builder. Parsing failures become an
 * {@link InvalidConfigException} that names the key, the value and the expected type.
 *
 * @param <T> the Java type of the parsed value
 */
public interface ConfigType<T> {

    /** A short human name of the type, used in error messages ("an integer"). */
    String description();

    /** Converts {@code raw} (a String or an already typed value) for {@code key}. */
    T parse(String key, Object raw);

    ConfigType<Integer> INT = new NumberType<>("an integer", Integer.class) {
        @Override
        Integer fromNumber(String key, Number n) {
            long v = n.longValue();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE || n.doubleValue() != v) {
                throw invalid(key, n, this);
            }
            return (int) v;
        }

        @Override
        Integer fromString(String key, String s) {
            return Integer.parseInt(s);
        }
    };

    ConfigType<Long> LONG = new NumberType<>("a long integer", Long.class) {
        @Override
        Long fromNumber(String key, Number n) {
            if (n instanceof Double || n instanceof Float) {
                if (n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw invalid(key, n, this);
                }
            }
            return n.longValue();
        }

        @Override
        Long fromString(String key, String s) {
            return Long.parseLong(s);
        }
    };

    ConfigType<Double> DOUBLE = new NumberType<>("a number", Double.class) {
        @Override
        Double fromNumber(String key, Number n) {
            return n.doubleValue();
        }

        @Override
        Double fromString(String key, String s) {
            return Double.parseDouble(s);
        }
    };

    ConfigType<Boolean> BOOLEAN = new ConfigType<>() {
        @Override
        public String description() {
            return "a boolean (true or false)";
        }

        @Override
        public Boolean parse(String key, Object raw) {
            if (raw instanceof Boolean b) {
                return b;
            }
            if (raw instanceof String s) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true")) {
                    return true;
                }
                if (t.equals("false")) {
                    return false;
                }
            }
            throw invalid(key, raw, this);
        }
    };

    ConfigType<String> STRING = new ConfigType<>() {
        @Override
        public String description() {
            return "a string";
        }

        @Override
        public String parse(String key, Object raw) {
            if (raw instanceof String s) {
                return s.trim();
            }
            throw invalid(key, raw, this);
        }
    };

    /** A comma-separated list (or a {@link List}); blank elements are dropped. */
    ConfigType<List<String>> LIST = new ConfigType<>() {
        @Override
        public String description() {
            return "a comma-separated list";
        }

        @Override
        public List<String> parse(String key, Object raw) {
            List<String> out = new ArrayList<>();
            if (raw instanceof String s) {
                Arrays.stream(s.split(",")).map(String::trim).filter(e -> !e.isEmpty()).forEach(out::add);
            } else if (raw instanceof List<?> list) {
                for (Object o : list) {
                    if (!(o instanceof String e)) {
                        throw invalid(key, raw, this);
                    }
                    if (!e.isBlank()) {
                        out.add(e.trim());
                    }
                }
            } else {
                throw invalid(key, raw, this);
            }
            return List.copyOf(out);
        }
    };

    /** The error for a value that is not of the expected type. */
    static InvalidConfigException invalid(String key, Object raw, ConfigType<?> type) {
        return new InvalidConfigException("Invalid value '" + raw + "' for configuration '" + key
                + "': expected " + type.description());
    }

    /** Shared parsing of numeric types from numbers and strings. */
    abstract class NumberType<N extends Number> implements ConfigType<N> {
        private final String description;
        private final Class<N> javaType;

        NumberType(String description, Class<N> javaType) {
            this.description = description;
            this.javaType = javaType;
        }

        abstract N fromNumber(String key, Number n);

        abstract N fromString(String key, String s);

        @Override
        public String description() {
            return description;
        }

        @Override
        public N parse(String key, Object raw) {
            if (javaType.isInstance(raw)) {
                return javaType.cast(raw);
            }
            if (raw instanceof Number n) {
                return fromNumber(key, n);
            }
            if (raw instanceof String s) {
                try {
                    return fromString(key, s.trim());
                } catch (NumberFormatException e) {
                    throw invalid(key, raw, this);
                }
            }
            throw invalid(key, raw, this);
        }
    }
}
