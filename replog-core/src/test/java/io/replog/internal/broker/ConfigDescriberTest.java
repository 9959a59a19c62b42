package io.replog.internal.broker;

import io.replog.config.BrokerConfig;
import io.replog.config.ConfigKey;
import io.replog.config.TopicConfig;
import io.replog.coordinator.TopicAssignment;
import io.replog.internal.replica.TopicSettings;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.DescribeConfigsResponse.Entry;
import io.replog.protocol.DescribeConfigsResponse.Result;
import io.replog.protocol.Errors;
import io.replog.errors.NetworkException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's DescribeConfigs answer as a value, from stored topics and broker defaults: override
 * versus broker-set versus built-in default, the keys filter, synonyms and documentation only when
 * asked, and an error per resource for unknown topics, topics being deleted, brokers and a failed read.
 */
class ConfigDescriberTest {
    // A broker whose configuration changed one default (retention) and left the others built in.
    static final TopicSettings BROKER_DEFAULTS = BrokerSettings.from(BrokerConfig.builder().brokerId(0)
            .logDir(java.nio.file.Path.of("/tmp/unused")).zookeeperConnect("zk:2181")
            .logRetentionMs(86_400_000L).build()).replica().defaults();
    static final Map<String, TopicAssignment> TOPICS = Map.of(
            "invoice", new TopicAssignment("invoice", Map.of(0, List.of(0)), Map.of("min.insync.replicas", "2")),
            "leaving", new TopicAssignment("leaving", Map.of(0, List.of(0)), Map.of()));
    private Result describe(DescribeConfigsRequest request) {
        return ((DescribeConfigsResponse) ConfigDescriber.answer(request, TOPICS, Set.of("leaving"), null, BROKER_DEFAULTS)).results().get(0);
    }

    @Test
    void everyTopicKeyIsAnsweredWithItsOverrideOrTheBrokerDefaultMarkedByWhereItComesFrom() {
        Result result = describe(DescribeConfigsRequest.topic("invoice"));
        assertThat(result.error()).isEqualTo(Errors.NONE);
        assertThat(result.entries()).extracting(Entry::name)
                .containsExactlyElementsOf(TopicConfig.CONFIG_DEF.keys().stream().map(ConfigKey::name).toList());
        assertThat(entry(result, "min.insync.replicas")).extracting(Entry::value, Entry::source)
                .containsExactly("2", DescribeConfigsResponse.SOURCE_TOPIC_CONFIG);
        assertThat(entry(result, "retention.ms")).extracting(Entry::value, Entry::source)
                .containsExactly("86400000", DescribeConfigsResponse.SOURCE_STATIC_BROKER_CONFIG);
        assertThat(entry(result, "segment.bytes")).extracting(Entry::value, Entry::source)
                .containsExactly(String.valueOf(1 << 30), DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG);
        assertThat(result.entries()).allSatisfy(e -> {
            assertThat(e.readOnly()).isFalse();
            assertThat(e.sensitive()).isFalse();
            assertThat(e.synonyms()).as("not asked").isEmpty();
            assertThat(e.documentation()).as("not asked").isNull();
        });
    }

    @Test
    void theKeysFilterSynonymsAndDocumentationAreHonoured() {
        Result result = describe(new DescribeConfigsRequest(List.of(new DescribeConfigsRequest.Resource(
                DescribeConfigsRequest.TOPIC, "invoice", List.of("min.insync.replicas", "retention.ms", "no.such.key"))),
                true, true));
        assertThat(result.entries()).extracting(Entry::name).containsExactly("retention.ms", "min.insync.replicas");
        assertThat(entry(result, "min.insync.replicas").synonyms()).extracting(s -> s.name() + "=" + s.value()
                + "/" + s.source()).containsExactly("min.insync.replicas=2/1", "min.insync.replicas=1/5");
        assertThat(entry(result, "retention.ms").synonyms()).extracting(s -> s.name() + "=" + s.value()
                + "/" + s.source()).containsExactly("log.retention.ms=86400000/4");
        assertThat(entry(result, "min.insync.replicas").documentation())
                .isEqualTo(TopicConfig.MIN_INSYNC_REPLICAS.doc());
        assertThat(entry(result, "min.insync.replicas").configType()).isEqualTo(ConfigDescriber.TYPE_INT);
    }

    @Test
    void unknownAndDeletedTopicsBrokersAndAFailedReadAreErrorsOfTheirResource() {
        DescribeConfigsRequest request = new DescribeConfigsRequest(Arrays.asList(
                new DescribeConfigsRequest.Resource(DescribeConfigsRequest.TOPIC, "nope", null),
                new DescribeConfigsRequest.Resource(DescribeConfigsRequest.TOPIC, "leaving", null),
                new DescribeConfigsRequest.Resource(DescribeConfigsRequest.BROKER, "0", null)), false, false);
        List<Result> results = ((DescribeConfigsResponse) ConfigDescriber.answer(request, TOPICS, Set.of("leaving"), null, BROKER_DEFAULTS))
                .results();
        assertThat(results).extracting(Result::error).containsExactly(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.INVALID_REQUEST);
        assertThat(results.get(1).errorMessage()).contains("being deleted");
        assertThat(results.get(2).errorMessage()).contains("topic configs only");
        assertThat(results).allSatisfy(r -> assertThat(r.entries()).isEmpty());

        List<Result> failed = ((DescribeConfigsResponse) ConfigDescriber.answer(DescribeConfigsRequest.topic("invoice"),
                Map.of(), Set.of(), new NetworkException("zk gone"), BROKER_DEFAULTS)).results();
        assertThat(failed.get(0).error()).isEqualTo(Errors.NETWORK_EXCEPTION);
        assertThat(failed.get(0).errorMessage()).contains("zk gone");
    }

    private static Entry entry(Result result, String name) {
        return result.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
