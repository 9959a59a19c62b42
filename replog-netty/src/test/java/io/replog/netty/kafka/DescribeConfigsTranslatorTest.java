package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.DescribeConfigsRequestMessage;
import io.replog.netty.protocol.message.DescribeConfigsResponseMessage;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.Errors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DescribeConfigs core message -> Kafka body -> bytes -> Kafka body -> core message, in both
 * directions at every served version: what a version carries comes back equal; what it does not
 * (documentation and config type before v3) comes back as the documented neutral value.
 */
class DescribeConfigsTranslatorTest {
    static final DescribeConfigsRequest REQUEST = new DescribeConfigsRequest(List.of(
            new DescribeConfigsRequest.Resource(DescribeConfigsRequest.TOPIC, "invoice", null),
            new DescribeConfigsRequest.Resource(DescribeConfigsRequest.TOPIC, "other", List.of("retention.ms",
                    "min.insync.replicas")),
            new DescribeConfigsRequest.Resource(DescribeConfigsRequest.BROKER, "0", List.of())), true, true);

    static DescribeConfigsResponse response(boolean withDocsAndTypes) {
        return new DescribeConfigsResponse(List.of(
                new DescribeConfigsResponse.Result(Errors.NONE, null, DescribeConfigsRequest.TOPIC, "invoice", List.of(
                        new DescribeConfigsResponse.Entry("min.insync.replicas", "2", false,
                                DescribeConfigsResponse.SOURCE_TOPIC_CONFIG, false, List.of(
                                new DescribeConfigsResponse.Synonym("min.insync.replicas", "2",
                                        DescribeConfigsResponse.SOURCE_TOPIC_CONFIG),
                                new DescribeConfigsResponse.Synonym("min.insync.replicas", "1",
                                        DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG)),
                                (byte) (withDocsAndTypes ? 3 : 0), withDocsAndTypes ? "The in-sync replicas..." : null),
                        new DescribeConfigsResponse.Entry("retention.ms", "86400000", false,
                                DescribeConfigsResponse.SOURCE_STATIC_BROKER_CONFIG, false, List.of(),
                                (byte) (withDocsAndTypes ? 5 : 0), null))),
                DescribeConfigsResponse.Result.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic other does not exist",
                        DescribeConfigsRequest.TOPIC, "other"),
                DescribeConfigsResponse.Result.failed(Errors.INVALID_REQUEST, "replog serves topic configs only",
                        DescribeConfigsRequest.BROKER, "0")));
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {1, 2, 3, 4})
    void theRequestRoundTripsAndDropsTheDocumentationFlagBeforeV3(short v) {
        DescribeConfigsRequest back = roundTrip(DescribeConfigsTranslator.toKafkaRequest(REQUEST, v), v,
                DescribeConfigsRequestMessage::read, DescribeConfigsTranslator::toCore);
        assertThat(back.resources()).isEqualTo(REQUEST.resources());
        assertThat(back.resources().get(0).keys()).as("null keys: every key").isNull();
        assertThat(back.includeSynonyms()).isTrue();
        assertThat(back.includeDocumentation()).isEqualTo(v >= 3);
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {1, 2, 3, 4})
    void theResponseRoundTripsWithSourcesSynonymsAndPerResourceErrors(short v) {
        DescribeConfigsResponse back = roundTrip(DescribeConfigsTranslator.toKafka(response(true), v), v,
                DescribeConfigsResponseMessage::read, DescribeConfigsTranslator::toCoreResponse);
        assertThat(back).isEqualTo(response(v >= 3));
    }

    @Test
    void aRefusalAnswersEveryResourceWithTheCode() {
        DescribeConfigsResponseMessage m = DescribeConfigsTranslator.refuse(
                DescribeConfigsTranslator.toKafkaRequest(REQUEST, (short) 4), KafkaCodes.UNKNOWN_SERVER_ERROR, null);
        assertThat(m.results()).extracting(r -> r.resourceName() + ":" + r.errorCode())
                .containsExactly("invoice:-1", "other:-1", "0:-1");
    }

    @Test
    void versionsOutsideTheServedRangeAreRefused() {
        assertThat(Arrays.asList(ServedApis.lowest(io.replog.netty.protocol.message.KafkaApi.DESCRIBE_CONFIGS),
                ServedApis.highest(io.replog.netty.protocol.message.KafkaApi.DESCRIBE_CONFIGS)))
                .containsExactly((short) 1, (short) 4);
        assertThatThrownBy(() -> DescribeConfigsTranslator.toKafkaRequest(REQUEST, (short) 0))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v0");
        assertThatThrownBy(() -> DescribeConfigsTranslator.toKafka(response(true), (short) 5))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v5");
    }

    private static <M extends MessageBody, C> C roundTrip(M message, short v, BiFunction<ByteBuf, Short, M> read,
                                                          BiFunction<M, Short, C> toCore) {
        ByteBuf bytes = KafkaBytes.replog(message, v);
        try {
            M back = read.apply(bytes, v);
            assertThat(bytes.isReadable()).as("bytes left").isFalse();
            return toCore.apply(back, v);
        } finally {
            bytes.release();
        }
    }
}
