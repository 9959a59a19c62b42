package io.replog.netty.kafka;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.Wire;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.netty.protocol.message.MetadataRequestMessage.MetadataRequestTopic;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage.MetadataResponseBroker;
import io.replog.netty.protocol.message.MetadataResponseMessage.MetadataResponsePartition;
import io.replog.netty.protocol.message.MetadataResponseMessage.MetadataResponseTopic;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.protocol.MetadataResponse.TopicMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Metadata (key 3) between core's {@link MetadataRequest}/{@link MetadataResponse} and Kafka's
 * bodies, served at versions {@value #LOWEST}..{@value #HIGHEST}.
 *
 * <p>Guarantees: the controller id is one of the brokers in the same response, or -1 when core's
 * controller is not among them (a client looks the controller up among the brokers). A broker is
 * reported at its endpoint for the listener this translator was made for, else its first one.
 *
 * <p>A field the version lacks is written as Kafka's default, since the codecs refuse any other
 * value there: controller id and racks below v1, cluster id below v2, offline replicas below v5,
 * leader epochs below v7.
 *
 * <p>Neutral values written: throttle time 0, no topic is internal, authorized operations
 * {@code Integer.MIN_VALUE} (not asked for). Kafka carries what core cannot express: topic ids
 * (v10+; core's metadata has none, so v10 and later are not served: rule "v10+ gives the topic id
 * of every topic without error" cannot be kept), auto topic creation (ignored: replog never creates
 * topics on a metadata request), authorized-operations requests (ignored).
 */
public final class MetadataTranslator {
    /** Lowest served version. */
    public static final short LOWEST = 0;
    /** Highest served version: v10 adds topic ids, which core's metadata does not have. */
    public static final short HIGHEST = 9;

    private MetadataTranslator() {
    }

    /** The core request of {@code message}; v0's empty list and v1+'s null both mean every topic. */
    public static MetadataRequest toCore(MetadataRequestMessage message, short version) {
        checkVersion(version);
        if (message.topics() == null || (version == 0 && message.topics().isEmpty())) {
            return MetadataRequest.allTopics();
        }
        List<String> topics = new ArrayList<>(message.topics().size());
        message.topics().forEach(t -> topics.add(t.name()));
        return new MetadataRequest(topics);
    }

    /** Kafka's response of {@code response}; {@code clusterId} may be null, {@code listener} picks the endpoint. */
    public static MetadataResponseMessage toKafka(MetadataResponse response, String clusterId, String listener,
                                                  short version) {
        checkVersion(version);
        List<MetadataResponseBroker> brokers = new ArrayList<>();
        for (BrokerRegistration b : response.brokers()) {
            Endpoint e = endpoint(b, listener);
            brokers.add(new MetadataResponseBroker(b.brokerId(), e.host(), e.port(), version >= 1 ? b.rack() : null));
        }
        List<MetadataResponseTopic> topics = new ArrayList<>();
        for (TopicMetadata t : response.topics()) {
            List<MetadataResponsePartition> parts = new ArrayList<>(t.partitions().size());
            for (PartitionMetadata p : t.partitions()) {
                parts.add(new MetadataResponsePartition(p.error().code(), p.partition(), p.leader(),
                        version >= 7 ? p.leaderEpoch() : -1, p.replicas(), p.isr(),
                        version >= 5 ? p.offlineReplicas() : List.of()));
            }
            topics.add(new MetadataResponseTopic(t.error().code(), t.topic(), Wire.ZERO_UUID, false, parts,
                    KafkaCodes.AUTHORIZED_OPERATIONS_OMITTED));
        }
        return new MetadataResponseMessage(0, brokers, version >= 2 ? clusterId : null,
                version >= 1 ? liveControllerId(response) : -1, topics,
                KafkaCodes.AUTHORIZED_OPERATIONS_OMITTED, KafkaCodes.NONE);
    }

    /** Core's controller when it is among the live brokers, else -1. */
    static int liveControllerId(MetadataResponse response) {
        for (BrokerRegistration b : response.brokers()) {
            if (b.brokerId() == response.controllerId()) {
                return b.brokerId();
            }
        }
        return -1;
    }

    /** {@code broker}'s endpoint on {@code listener}, else its first; a broker without endpoints is refused. */
    static Endpoint endpoint(BrokerRegistration broker, String listener) {
        for (Endpoint e : broker.endpoints()) {
            if (e.listener().equals(listener)) {
                return e;
            }
        }
        if (broker.endpoints().isEmpty()) {
            throw new IllegalStateException("broker " + broker.brokerId() + " is registered without endpoints");
        }
        return broker.endpoints().get(0);
    }

    /**
     * Kafka's request for {@code request}. v0 cannot ask for no topics (its empty list means
     * every topic), so that request is refused at v0.
     */
    public static MetadataRequestMessage toKafkaRequest(MetadataRequest request, short version) {
        checkVersion(version);
        List<MetadataRequestTopic> topics;
        if (request.topics() == null) {
            topics = version == 0 ? List.of() : null;
        } else {
            if (version == 0 && request.topics().isEmpty()) {
                throw new UnsupportedVersionException("Metadata v0 cannot ask for no topics");
            }
            topics = new ArrayList<>(request.topics().size());
            for (String t : request.topics()) {
                topics.add(new MetadataRequestTopic(Wire.ZERO_UUID, t));
            }
        }
        // Below v4 the field is absent and Kafka reads it as true; the codecs refuse any other value there.
        return new MetadataRequestMessage(topics, version < 4, false, false);
    }

    /**
     * Core's response of {@code message}. Brokers become registrations on {@code listener} with
     * the epoch and clock fields core uses for them unknown ({@link BrokerRegistration#NO_EPOCH},
     * time 0); v0 carries no controller, read as -1.
     */
    public static MetadataResponse toCoreResponse(MetadataResponseMessage message, String listener, short version) {
        List<BrokerRegistration> brokers = new ArrayList<>();
        for (MetadataResponseBroker b : message.brokers()) {
            brokers.add(new BrokerRegistration(b.nodeId(), b.rack(), List.of(new Endpoint(listener, b.host(), b.port())),
                    0L));
        }
        List<TopicMetadata> topics = new ArrayList<>();
        for (MetadataResponseTopic t : message.topics()) {
            List<PartitionMetadata> parts = new ArrayList<>();
            for (MetadataResponsePartition p : t.partitions()) {
                parts.add(new PartitionMetadata(p.partitionIndex(), Errors.forCode(p.errorCode()), p.leaderId(),
                        p.leaderEpoch(), p.replicaNodes(), p.isrNodes(), p.offlineReplicas()));
            }
            topics.add(new TopicMetadata(t.name(), Errors.forCode(t.errorCode()), parts));
        }
        return new MetadataResponse(brokers, message.controllerId(), topics);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException("Metadata v" + version + " is not served (v" + LOWEST + ".." + HIGHEST + ")");
        }
    }
}
