package io.replog.netty.kafka;

import io.replog.netty.protocol.message.ApiVersionsResponseMessage.ApiVersion;
import io.replog.netty.protocol.message.KafkaApi;

import java.util.ArrayList;
import java.util.List;

/**
 * The versions {@link KafkaRequestProcessor} serves per API, and so advertises in ApiVersions.
 *
 * <p>Guarantees: every range lies within the codecs' ({@link KafkaApi}), so nothing advertised is
 * undecodable; an API replog does not serve (DescribeConfigs: core has no configuration
 * description) has no range and is left out of ApiVersions.
 */
public final class ServedApis {
    private ServedApis() {
    }

    /** The lowest served version of {@code api}, or -1 when it is not served. */
    public static short lowest(KafkaApi api) {
        return switch (api) {
            case PRODUCE -> ProduceTranslator.LOWEST;
            case FETCH -> FetchTranslator.LOWEST;
            case LIST_OFFSETS -> ListOffsetsTranslator.LOWEST;
            case METADATA -> MetadataTranslator.LOWEST;
            case API_VERSIONS, INIT_PRODUCER_ID, DESCRIBE_CLUSTER, ELECT_LEADERS -> api.lowestVersion();
            case CREATE_TOPICS -> TopicsTranslator.CREATE_LOWEST;
            case DELETE_TOPICS -> TopicsTranslator.DELETE_LOWEST;
            case OFFSET_FOR_LEADER_EPOCH -> OffsetForLeaderEpochTranslator.LOWEST;
            case DESCRIBE_CONFIGS -> DescribeConfigsTranslator.LOWEST;
            // Not served to clients: the inter-broker APIs are for the brokers' own listener, served
            // with the broker transport.
            case LEADER_AND_ISR, STOP_REPLICA, UPDATE_METADATA, CONTROLLED_SHUTDOWN -> -1;
        };
    }

    /** The highest served version of {@code api}, or -1 when it is not served. */
    public static short highest(KafkaApi api) {
        return switch (api) {
            case PRODUCE -> ProduceTranslator.HIGHEST;
            case FETCH -> FetchTranslator.HIGHEST;
            case LIST_OFFSETS -> ListOffsetsTranslator.HIGHEST;
            case METADATA -> MetadataTranslator.HIGHEST;
            case API_VERSIONS, INIT_PRODUCER_ID, DESCRIBE_CLUSTER, ELECT_LEADERS -> api.highestVersion();
            case CREATE_TOPICS -> TopicsTranslator.CREATE_HIGHEST;
            case DELETE_TOPICS -> TopicsTranslator.DELETE_HIGHEST;
            case OFFSET_FOR_LEADER_EPOCH -> OffsetForLeaderEpochTranslator.HIGHEST;
            case DESCRIBE_CONFIGS -> DescribeConfigsTranslator.HIGHEST;
            // Not served to clients: the inter-broker APIs are for the brokers' own listener, served
            // with the broker transport.
            case LEADER_AND_ISR, STOP_REPLICA, UPDATE_METADATA, CONTROLLED_SHUTDOWN -> -1;
        };
    }

    /** Whether {@code version} of {@code api} is served. */
    public static boolean serves(KafkaApi api, short version) {
        short lowest = lowest(api);
        return lowest >= 0 && version >= lowest && version <= highest(api);
    }

    /** What ApiVersions advertises: every served API with its range, by key. */
    public static List<ApiVersion> advertised() {
        List<ApiVersion> list = new ArrayList<>();
        for (KafkaApi api : KafkaApi.values()) {
            if (lowest(api) >= 0) {
                list.add(new ApiVersion(api.key(), lowest(api), highest(api)));
            }
        }
        list.sort((a, b) -> Short.compare(a.apiKey(), b.apiKey()));
        return List.copyOf(list);
    }
}
