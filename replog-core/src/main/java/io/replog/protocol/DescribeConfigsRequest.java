package io.replog.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Asks a broker for the configuration of resources (Kafka's DescribeConfigs): per resource its
 * type ({@link #TOPIC} or {@link #BROKER}), its name, and the keys wanted ({@code null}: every key).
 *
 * @param resources            what to describe, in the order asked
 * @param includeSynonyms      whether each entry lists where its value could come from, highest precedence first
 * @param includeDocumentation whether each entry carries its key's documentation
 */
public record DescribeConfigsRequest(List<Resource> resources, boolean includeSynonyms, boolean includeDocumentation)
        implements Request {
    /** Kafka's resource type of a topic. */
    public static final byte TOPIC = 2;
    /** Kafka's resource type of a broker. */
    public static final byte BROKER = 4;

    public DescribeConfigsRequest {
        resources = List.copyOf(resources);
    }

    /** Every key of one topic, without synonyms or documentation. */
    public static DescribeConfigsRequest topic(String name) {
        return new DescribeConfigsRequest(List.of(new Resource(TOPIC, name, null)), false, false);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    /**
     * One resource to describe.
     *
     * @param type the resource type (Kafka's numbering: {@link #TOPIC}, {@link #BROKER}, ...)
     * @param name the topic name, or the broker id as a string
     * @param keys the keys wanted, or {@code null} for every key
     */
    public record Resource(byte type, String name, List<String> keys) {
        public Resource {
            Objects.requireNonNull(name, "name");
            keys = keys == null ? null : List.copyOf(keys);
        }
    }
}
