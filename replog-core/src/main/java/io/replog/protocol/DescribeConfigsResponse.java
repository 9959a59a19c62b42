package io.replog.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The configuration of each resource a {@link DescribeConfigsRequest} named, in the order asked:
 * per resource an error ({@link Errors#NONE}, or why it could not be described, with a message)
 * and its entries.
 */
public record DescribeConfigsResponse(List<Result> results) implements Response {
    /** Kafka's config source of a topic override ({@code DYNAMIC_TOPIC_CONFIG}). */
    public static final byte SOURCE_TOPIC_CONFIG = 1;
    /** Kafka's config source of a value the broker's own configuration set ({@code STATIC_BROKER_CONFIG}). */
    public static final byte SOURCE_STATIC_BROKER_CONFIG = 4;
    /** Kafka's config source of a built-in default ({@code DEFAULT_CONFIG}). */
    public static final byte SOURCE_DEFAULT_CONFIG = 5;
    /** Kafka's config source when unknown (before DescribeConfigs v1). */
    public static final byte SOURCE_UNKNOWN = -1;

    public DescribeConfigsResponse {
        results = List.copyOf(results);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    /**
     * One resource's answer.
     *
     * @param error        {@link Errors#NONE} or why the resource was not described
     * @param errorMessage what was wrong, or {@code null}
     * @param resourceType the type asked about
     * @param resourceName the name asked about
     * @param entries      its entries (empty on error)
     */
    public record Result(Errors error, String errorMessage, byte resourceType, String resourceName,
                         List<Entry> entries) {
        public Result {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(resourceName, "resourceName");
            entries = List.copyOf(entries);
        }

        /** A resource that could not be described. */
        public static Result failed(Errors error, String message, byte type, String name) {
            return new Result(error, message, type, name, List.of());
        }
    }

    /**
     * One key's value.
     *
     * @param name          the key
     * @param value         its value as a string, or {@code null} (sensitive or unset)
     * @param readOnly      whether it cannot be altered
     * @param source        where the value comes from: one of the {@code SOURCE_} constants (Kafka's numbering)
     * @param sensitive     whether the value is hidden
     * @param synonyms      where the value could come from, highest precedence first (empty unless asked)
     * @param configType    Kafka's config type ({@code 0} unknown, 1 boolean, 2 string, 3 int, 5 long, 6 double, 7 list)
     * @param documentation the key's documentation, or {@code null} unless asked
     */
    public record Entry(String name, String value, boolean readOnly, byte source, boolean sensitive,
                        List<Synonym> synonyms, byte configType, String documentation) {
        public Entry {
            Objects.requireNonNull(name, "name");
            synonyms = List.copyOf(synonyms);
        }
    }

    /** One place a key's value can come from: the key's name there, its value there, and the source. */
    public record Synonym(String name, String value, byte source) {
        public Synonym {
            Objects.requireNonNull(name, "name");
        }
    }
}
