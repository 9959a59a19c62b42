package io.replog.internal.broker;

import io.replog.config.BrokerConfig;
import io.replog.config.ConfigKey;
import io.replog.config.ConfigType;
import io.replog.config.TopicConfig;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.TopicAssignment;
import io.replog.internal.replica.TopicSettings;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.DescribeConfigsResponse.Entry;
import io.replog.protocol.DescribeConfigsResponse.Result;
import io.replog.protocol.DescribeConfigsResponse.Synonym;
import io.replog.protocol.Errors;
import io.replog.protocol.Response;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Answers DescribeConfigs for topics, from the coordinator's stored overrides and this broker's
 * topic defaults. What it guarantees, per resource, in the order asked:
 * <ul>
 *   <li>a topic that exists and is not being deleted: every key of {@link TopicConfig#CONFIG_DEF}
 *       (or only the asked keys it declares), in declaration order, with the topic's override
 *       (source {@code DYNAMIC_TOPIC_CONFIG}) or the broker's default: source
 *       {@code STATIC_BROKER_CONFIG} where the broker's configuration changed the built-in
 *       default, {@code DEFAULT_CONFIG} where it did not; never read-only, never sensitive;
 *       synonyms (the override, then the highest-precedence broker key with the default) and the
 *       key's documentation only when asked;</li>
 *   <li>an unknown topic, or one being deleted: {@link Errors#UNKNOWN_TOPIC_OR_PARTITION};</li>
 *   <li>any other resource type (brokers included): {@link Errors#INVALID_REQUEST} with a message
 *       saying only topic configs are served, rather than an empty answer;</li>
 *   <li>a coordinator failure: every topic resource answers that failure's code.</li>
 * </ul>
 * The answer completes on {@code executor} (the broker's event loop).
 */
final class ConfigDescriber {
    /** Kafka's config types, by number. */
    static final byte TYPE_UNKNOWN = 0;
    static final byte TYPE_BOOLEAN = 1;
    static final byte TYPE_STRING = 2;
    static final byte TYPE_INT = 3;
    static final byte TYPE_LONG = 5;
    static final byte TYPE_DOUBLE = 6;
    static final byte TYPE_LIST = 7;

    private final Coordinator coordinator;
    private final Executor executor;
    private static final Map<String, Object> BUILT_IN_DEFAULTS = TopicSettings.defaults().asMap();
    private final TopicSettings brokerDefaults;

    ConfigDescriber(Coordinator coordinator, Executor executor, TopicSettings brokerDefaults) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.brokerDefaults = Objects.requireNonNull(brokerDefaults, "brokerDefaults");
    }

    CompletableFuture<Response> describe(DescribeConfigsRequest r) {
        boolean anyTopic = r.resources().stream().anyMatch(res -> res.type() == DescribeConfigsRequest.TOPIC);
        if (!anyTopic) {
            return CompletableFuture.completedFuture(answer(r, Map.of(), Set.of(), null, brokerDefaults));
        }
        CompletableFuture<Response> result = new CompletableFuture<>();
        coordinator.topics()
                .thenCombine(coordinator.pendingTopicDeletions(), (topics, deleting) -> answer(r, topics, deleting, null, brokerDefaults))
                .whenCompleteAsync((answer, e) -> result.complete(e != null ? answer(r, Map.of(), Set.of(), e, brokerDefaults) : answer),
                        executor);
        return result;
    }

    /**
     * The answer to {@code r} given the stored topics and those being deleted, or a coordinator
     * {@code failure} (null when the read worked), on a broker with {@code brokerDefaults}.
     */
    static Response answer(DescribeConfigsRequest r, Map<String, TopicAssignment> topics, Set<String> deleting,
                           Throwable failure, TopicSettings brokerDefaults) {
        Map<String, Object> defaults = brokerDefaults.asMap();
        List<Result> results = new ArrayList<>();
        for (DescribeConfigsRequest.Resource res : r.resources()) {
            if (res.type() != DescribeConfigsRequest.TOPIC) {
                results.add(Result.failed(Errors.INVALID_REQUEST, "replog serves topic configs only (resource type "
                        + DescribeConfigsRequest.TOPIC + "); resource type " + res.type() + " '" + res.name()
                        + "' is not described", res.type(), res.name()));
                continue;
            }
            if (failure != null) {
                results.add(Result.failed(Errors.forException(failure), "could not read topic " + res.name()
                        + ": " + failure.getMessage(), res.type(), res.name()));
                continue;
            }
            TopicAssignment topic = topics.get(res.name());
            if (topic == null || deleting.contains(res.name())) {
                results.add(Result.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic " + res.name()
                        + (topic == null ? " does not exist" : " is being deleted"), res.type(), res.name()));
                continue;
            }
            results.add(new Result(Errors.NONE, null, res.type(), res.name(),
                    entries(topic.configs(), res.keys(), r.includeSynonyms(), r.includeDocumentation(), defaults)));
        }
        return new DescribeConfigsResponse(results);
    }

    private static List<Entry> entries(Map<String, String> overrides, List<String> keys, boolean synonyms,
                                       boolean docs, Map<String, Object> brokerDefaults) {
        Set<String> wanted = keys == null ? null : new HashSet<>(keys);
        List<Entry> entries = new ArrayList<>();
        for (ConfigKey<?> key : TopicConfig.CONFIG_DEF.keys()) {
            String name = key.name();
            if (wanted != null && !wanted.contains(name)) {
                continue;
            }
            String override = overrides.get(name);
            String defaultValue = format(brokerDefaults.get(name));
            byte defaultSource = Objects.equals(brokerDefaults.get(name), BUILT_IN_DEFAULTS.get(name))
                    ? DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG : DescribeConfigsResponse.SOURCE_STATIC_BROKER_CONFIG;
            List<Synonym> list = new ArrayList<>();
            if (synonyms) {
                if (override != null) {
                    list.add(new Synonym(name, override, DescribeConfigsResponse.SOURCE_TOPIC_CONFIG));
                }
                list.add(new Synonym(BrokerConfig.brokerDefaultKeys(name).get(0), defaultValue, defaultSource));
            }
            entries.add(new Entry(name, override != null ? override : defaultValue, false,
                    override != null ? DescribeConfigsResponse.SOURCE_TOPIC_CONFIG : defaultSource, false, list,
                    kafkaType(key.type()), docs ? key.doc() : null));
        }
        return entries;
    }

    /** A value as Kafka writes it: lists comma-separated, everything else by its string form. */
    static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** Kafka's number of {@code type}. */
    static byte kafkaType(ConfigType<?> type) {
        if (type == ConfigType.BOOLEAN) {
            return TYPE_BOOLEAN;
        } else if (type == ConfigType.STRING) {
            return TYPE_STRING;
        } else if (type == ConfigType.INT) {
            return TYPE_INT;
        } else if (type == ConfigType.LONG) {
            return TYPE_LONG;
        } else if (type == ConfigType.DOUBLE) {
            return TYPE_DOUBLE;
        } else if (type == ConfigType.LIST) {
            return TYPE_LIST;
        }
        return TYPE_UNKNOWN;
    }
}
