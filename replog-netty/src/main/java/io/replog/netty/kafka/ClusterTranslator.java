package io.replog.netty.kafka;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.netty.protocol.message.DescribeClusterResponseMessage;
import io.replog.netty.protocol.message.DescribeClusterResponseMessage.DescribeClusterBroker;
import io.replog.protocol.MetadataResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * DescribeCluster (key 60, every codec version) from core's {@link MetadataResponse}: core has no
 * DescribeCluster message, so the processor asks core for metadata of no topics and reports its
 * brokers and controller.
 *
 * <p>Guarantees: the controller id is a broker of the same response, or -1. Neutral values:
 * throttle time 0, error message null, endpoint type 1 (brokers), no broker fenced (core reports
 * live brokers only), authorized operations {@code Integer.MIN_VALUE}, cluster id "" when the
 * processor has none (the field is not nullable). A request for controller endpoints (type 2) is
 * answered UNSUPPORTED_ENDPOINT_TYPE (119), as a Kafka broker does.
 */
public final class ClusterTranslator {
    /** Kafka's endpoint type of brokers. */
    public static final byte BROKERS = 1;

    private ClusterTranslator() {
    }

    /** Kafka's DescribeCluster response from core's metadata. */
    public static DescribeClusterResponseMessage toKafka(MetadataResponse metadata, String clusterId, String listener) {
        List<DescribeClusterBroker> brokers = new ArrayList<>();
        for (BrokerRegistration b : metadata.brokers()) {
            Endpoint e = MetadataTranslator.endpoint(b, listener);
            brokers.add(new DescribeClusterBroker(b.brokerId(), e.host(), e.port(), b.rack(), false));
        }
        return new DescribeClusterResponseMessage(0, KafkaCodes.NONE, null, BROKERS,
                clusterId == null ? "" : clusterId, MetadataTranslator.liveControllerId(metadata), brokers,
                KafkaCodes.AUTHORIZED_OPERATIONS_OMITTED);
    }

    /** A response carrying only {@code code} and {@code message}. */
    public static DescribeClusterResponseMessage refuse(short code, String message, byte endpointType) {
        return DescribeClusterResponseMessage.DEFAULT.withErrorCode(code).withErrorMessage(message)
                .withEndpointType(endpointType);
    }
}
