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
import io.replog.topic.TopicId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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
 * <p>Topic ids (v10+): every topic is reported with the id core's metadata gives it (zero only
 * for a topic the controller stored without one, or one in error). A request naming topics by id
 * (v12+) asks core for every topic and picks the ones named, by name or id; an id core does not
 * know is answered UNKNOWN_TOPIC_ID (100) with a null name.
 *
 * <p>Neutral values written: throttle time 0, no topic is internal, authorized operations
 * {@code Integer.MIN_VALUE} (not asked for), top-level error 0 (v13). Kafka carries what core
 * cannot express: auto topic creation (ignored: replog never creates topics on a metadata
 * request) and authorized-operations requests (ignored).
 */
public final class MetadataTranslator {
    /** Lowest served version. */
    public static final short LOWEST = 0;
    /** Highest served version: the codecs' highest. */
    public static final short HIGHEST = 13;

    private MetadataTranslator() {
    }

    /**
     * A decoded request.
     *
     * @param request for core
     * @param names   the topics named by name, when some are named by id ({@code request} then asks
     *                for every topic); otherwise empty
     * @param ids     the topics named by id (v12+), to pick from every topic
     */
    public record Decoded(MetadataRequest request, Set<String> names, Set<UUID> ids) {
        /** Whether the response must be picked from every topic by name and id. */
        public boolean byId() {
            return !ids.isEmpty();
        }
    }

    /** The core request of {@code message}; v0's empty list and v1+'s null both mean every topic. */
    public static Decoded toCore(MetadataRequestMessage message, short version) {
        checkVersion(version);
        if (message.topics() == null || (version == 0 && message.topics().isEmpty())) {
            return new Decoded(MetadataRequest.allTopics(), Set.of(), Set.of());
        }
        List<String> topics = new ArrayList<>(message.topics().size());
        Set<UUID> ids = new LinkedHashSet<>();
        for (MetadataRequestTopic t : message.topics()) {
            // As Kafka's broker: a topic with a non-zero id is named by that id, whatever its name.
            if (t.topicId() != null && !t.topicId().equals(Wire.ZERO_UUID)) {
                ids.add(t.topicId());
            } else if (t.name() != null) {
                topics.add(t.name());
            }
        }
        if (ids.isEmpty()) {
            return new Decoded(new MetadataRequest(topics), Set.of(), Set.of());
        }
        return new Decoded(MetadataRequest.allTopics(), new LinkedHashSet<>(topics), ids);
    }

    /**
     * Kafka's response to {@code asked}: when it named topics by id, the named topics picked from
     * {@code response} (every topic), in core's order, then the unknown ids.
     */
    public static MetadataResponseMessage toKafka(Decoded asked, MetadataResponse response, String clusterId,
                                                  String listener, short version) {
        MetadataResponseMessage all = toKafka(response, clusterId, listener, version);
        if (!asked.byId()) {
            return all;
        }
        List<MetadataResponseTopic> picked = new ArrayList<>();
        Set<UUID> found = new LinkedHashSet<>();
        for (MetadataResponseTopic t : all.topics()) {
            boolean byId = t.errorCode() == KafkaCodes.NONE && asked.ids().contains(t.topicId());
            if (byId || asked.names().contains(t.name())) {
                picked.add(t);
                if (byId) {
                    found.add(t.topicId());
                }
            }
        }
        for (UUID id : asked.ids()) {
            if (!found.contains(id)) {
                picked.add(new MetadataResponseTopic(KafkaCodes.UNKNOWN_TOPIC_ID, null, id, false, List.of(),
                        KafkaCodes.AUTHORIZED_OPERATIONS_OMITTED));
            }
        }
        return all.withTopics(picked);
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
            topics.add(new MetadataResponseTopic(t.error().code(), t.topic(),
                    version >= 10 ? uuid(t.topicId()) : Wire.ZERO_UUID, false, parts,
                    KafkaCodes.AUTHORIZED_OPERATIONS_OMITTED));
        }
        return new MetadataResponseMessage(0, brokers, version >= 2 ? clusterId : null,
                version >= 1 ? liveControllerId(response) : -1, topics,
                KafkaCodes.AUTHORIZED_OPERATIONS_OMITTED, KafkaCodes.NONE);
    }

    static UUID uuid(TopicId id) {
        return new UUID(id.mostSignificantBits(), id.leastSignificantBits());
    }

    static TopicId topicId(UUID id) {
        return id == null ? TopicId.ZERO : new TopicId(id.getMostSignificantBits(), id.getLeastSignificantBits());
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
            brokers.add(new BrokerRegistration(b.nodeId(), b.rack(),
                    List.of(new Endpoint(listener, b.host(), b.port())),
                    0L));
        }
        List<TopicMetadata> topics = new ArrayList<>();
        for (MetadataResponseTopic t : message.topics()) {
            List<PartitionMetadata> parts = new ArrayList<>();
            for (MetadataResponsePartition p : t.partitions()) {
                parts.add(new PartitionMetadata(p.partitionIndex(), Errors.forCode(p.errorCode()), p.leaderId(),
                        p.leaderEpoch(), p.replicaNodes(), p.isrNodes(), p.offlineReplicas()));
            }
            topics.add(new TopicMetadata(t.name(), topicId(t.topicId()), Errors.forCode(t.errorCode()), parts));
        }
        return new MetadataResponse(brokers, message.controllerId(), topics);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException(
                    "Metadata v" + version + " is not served (v" + LOWEST + ".." + HIGHEST + ")");
        }
    }
}
