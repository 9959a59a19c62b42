package io.replog.netty.kafka;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.ControlledShutdownRequestMessage;
import io.replog.netty.protocol.message.ControlledShutdownResponseMessage;
import io.replog.netty.protocol.message.ControlledShutdownResponseMessage.RemainingPartition;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrLiveLeader;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrLiveLeaderEndpoint;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrPartitionState;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrTopicConfig;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage.LeaderAndIsrTopicState;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage.LeaderAndIsrPartitionError;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage.LeaderAndIsrTopicError;
import io.replog.netty.protocol.message.StopReplicaRequestMessage;
import io.replog.netty.protocol.message.StopReplicaRequestMessage.StopReplicaPartitionState;
import io.replog.netty.protocol.message.StopReplicaRequestMessage.StopReplicaTopicState;
import io.replog.netty.protocol.message.StopReplicaResponseMessage;
import io.replog.netty.protocol.message.StopReplicaResponseMessage.StopReplicaPartitionError;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage.UpdateMetadataBroker;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage.UpdateMetadataEndpoint;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage.UpdateMetadataPartitionState;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage.UpdateMetadataTopicState;
import io.replog.netty.protocol.message.UpdateMetadataResponseMessage;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * The four inter-broker APIs between core's messages and Kafka 3.9's bodies, both directions:
 * LeaderAndIsr v{@value #LEADER_AND_ISR}, StopReplica v{@value #STOP_REPLICA}, UpdateMetadata
 * v{@value #UPDATE_METADATA} and ControlledShutdown v{@value #CONTROLLED_SHUTDOWN}, the one version
 * of each replog serves.
 *
 * <p>Guarantees: a core message written here and read back here is equal to the original, with
 * one exception: a {@link StopReplicaRequest} naming no partitions reads back with
 * {@code deletePartitions} false (Kafka carries the flag per partition, and replog added no tag for
 * it). Partitions keep their order: consecutive partitions of one topic (and, for LeaderAndIsr,
 * the same topic id and configs) share a topic entry, and a topic that recurs later gets another
 * entry. What core has beyond Kafka's layout travels in replog's tagged fields (tags 1000+; see the
 * schemas README): topic configs, each leader's whole registration, each live broker's epoch,
 * registration time and unclean-shutdown flag, UpdateMetadata's deleted topics and LeaderAndIsr
 * responses' topic names. Kafka-only fields get Kafka's neutral values: {@code isKRaftController}
 * false, {@code type} 0, adding/removing replicas empty, {@code isNew} false,
 * {@code leaderRecoveryState} 0 (recovered), UpdateMetadata's {@code zkVersion} 0 and per-partition
 * controller epoch the request's, StopReplica's leader epoch -1 (not checked), endpoint security
 * protocol 0 (PLAINTEXT). Every method refuses another version with
 * {@link UnsupportedVersionException}.
 */
public final class InterBrokerTranslator {
    /** The one LeaderAndIsr version served. */
    public static final short LEADER_AND_ISR = LeaderAndIsrRequestMessage.HIGHEST_VERSION;
    /** The one StopReplica version served. */
    public static final short STOP_REPLICA = StopReplicaRequestMessage.HIGHEST_VERSION;
    /** The one UpdateMetadata version served. */
    public static final short UPDATE_METADATA = UpdateMetadataRequestMessage.HIGHEST_VERSION;
    /** The one ControlledShutdown version served. */
    public static final short CONTROLLED_SHUTDOWN = ControlledShutdownRequestMessage.HIGHEST_VERSION;

    /** Kafka's "no leader epoch": the receiving broker does not compare it. */
    static final int NO_EPOCH = -1;
    private static final UUID ZERO_UUID = new UUID(0L, 0L);
    private static final short PLAINTEXT = 0;

    private InterBrokerTranslator() {
    }

    // ------------------------------------------------------------------ LeaderAndIsr

    /** Kafka's body of {@code request}. */
    public static LeaderAndIsrRequestMessage toKafkaRequest(LeaderAndIsrRequest request, short version) {
        check("LeaderAndIsr", LEADER_AND_ISR, version);
        List<LeaderAndIsrTopicState> topics = new ArrayList<>();
        for (List<LeaderAndIsrRequest.PartitionState> run : runs(request.partitions(), (a, b) ->
                a.partition().topic().equals(b.partition().topic()) && a.topicId().equals(b.topicId())
                        && a.configs().equals(b.configs()))) {
            LeaderAndIsrRequest.PartitionState first = run.get(0);
            List<LeaderAndIsrPartitionState> states = new ArrayList<>(run.size());
            for (LeaderAndIsrRequest.PartitionState p : run) {
                LeaderAndIsr s = p.state();
                states.add(new LeaderAndIsrPartitionState(p.partition().partition(), s.controllerEpoch(), s.leader(),
                        s.leaderEpoch(), s.isr(), s.partitionEpoch(), p.replicas(), List.of(), List.of(), false,
                        (byte) 0));
            }
            List<LeaderAndIsrTopicConfig> configs = new ArrayList<>();
            first.configs().forEach((k, v) -> configs.add(new LeaderAndIsrTopicConfig(k, v)));
            topics.add(new LeaderAndIsrTopicState(first.partition().topic(), MetadataTranslator.uuid(first.topicId()),
                    states, configs));
        }
        List<LeaderAndIsrLiveLeader> leaders = new ArrayList<>(request.leaders().size());
        for (BrokerRegistration b : request.leaders()) {
            List<LeaderAndIsrLiveLeaderEndpoint> endpoints = new ArrayList<>();
            b.endpoints().forEach(e -> endpoints.add(new LeaderAndIsrLiveLeaderEndpoint(e.listener(), e.host(),
                    e.port())));
            // Kafka's reader knows only hostName/port: the inter-broker endpoint, which is the first.
            Endpoint main = b.endpoints().isEmpty() ? null : b.endpoints().get(0);
            leaders.add(new LeaderAndIsrLiveLeader(b.brokerId(), main == null ? "" : main.host(),
                    main == null ? 0 : main.port(), b.rack(), endpoints, b.brokerEpoch(), b.registeredAtMs(),
                    b.uncleanShutdown()));
        }
        return new LeaderAndIsrRequestMessage(request.controllerId(), false, request.controllerEpoch(),
                request.brokerEpoch(), (byte) 0, topics, leaders);
    }

    /** Core's request of {@code message}. */
    public static LeaderAndIsrRequest toCore(LeaderAndIsrRequestMessage message, short version) {
        check("LeaderAndIsr", LEADER_AND_ISR, version);
        List<LeaderAndIsrRequest.PartitionState> partitions = new ArrayList<>();
        for (LeaderAndIsrTopicState t : message.topicStates()) {
            TopicId id = MetadataTranslator.topicId(t.topicId());
            Map<String, String> configs = new LinkedHashMap<>();
            t.configs().forEach(c -> configs.put(c.name(), c.value()));
            for (LeaderAndIsrPartitionState p : t.partitionStates()) {
                LeaderAndIsr state = new LeaderAndIsr(p.leader(), p.leaderEpoch(), p.isr(), p.controllerEpoch(),
                        p.partitionEpoch());
                partitions.add(new LeaderAndIsrRequest.PartitionState(
                        new TopicPartition(t.topicName(), p.partitionIndex()), id, state, p.replicas(), configs));
            }
        }
        List<BrokerRegistration> leaders = new ArrayList<>(message.liveLeaders().size());
        for (LeaderAndIsrLiveLeader l : message.liveLeaders()) {
            List<Endpoint> endpoints = new ArrayList<>();
            l.endpoints().forEach(e -> endpoints.add(new Endpoint(e.listener(), e.host(), e.port())));
            if (endpoints.isEmpty() && !l.hostName().isEmpty()) {
                // Written by a Kafka controller, which names no listener: its inter-broker one.
                endpoints.add(new Endpoint("PLAINTEXT", l.hostName(), l.port()));
            }
            leaders.add(new BrokerRegistration(l.brokerId(), l.rack(), endpoints, l.registeredAtMs(),
                    l.brokerEpoch(), l.uncleanShutdown()));
        }
        return new LeaderAndIsrRequest(message.controllerId(), message.controllerEpoch(), message.brokerEpoch(),
                partitions, leaders);
    }

    /**
     * Kafka's body of {@code response}. Kafka keys topics by id: {@code topicIds} (topic name to id,
     * from the request answered, see {@link #topicIds}) supplies them, zero for a topic not in it;
     * replog's tag 1000 carries the name.
     */
    public static LeaderAndIsrResponseMessage toKafka(LeaderAndIsrResponse response, Map<String, UUID> topicIds,
                                                      short version) {
        check("LeaderAndIsr", LEADER_AND_ISR, version);
        List<LeaderAndIsrTopicError> topics = new ArrayList<>();
        Grouping.byTopic(response.partitionErrors().entrySet(), Map.Entry::getKey).forEach((topic, entries) -> {
            List<LeaderAndIsrPartitionError> errors = new ArrayList<>(entries.size());
            entries.forEach(e -> errors.add(new LeaderAndIsrPartitionError(e.getKey().partition(),
                    e.getValue().code())));
            topics.add(new LeaderAndIsrTopicError(topicIds.getOrDefault(topic, ZERO_UUID), errors, topic));
        });
        return new LeaderAndIsrResponseMessage(response.error().code(), topics);
    }

    /** The topic ids {@code request} names, by topic name, for answering it. */
    public static Map<String, UUID> topicIds(LeaderAndIsrRequest request) {
        Map<String, UUID> ids = new HashMap<>();
        request.partitions().forEach(p -> ids.putIfAbsent(p.partition().topic(),
                MetadataTranslator.uuid(p.topicId())));
        return ids;
    }

    /**
     * Core's response of {@code message}. A topic is named by replog's tag 1000; one without it
     * (a Kafka broker's answer) is named through {@code topicNames} (id to name, from the request
     * sent), and left out when the id is not there either.
     */
    public static LeaderAndIsrResponse toCoreResponse(LeaderAndIsrResponseMessage message,
                                                      Map<UUID, String> topicNames, short version) {
        check("LeaderAndIsr", LEADER_AND_ISR, version);
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (LeaderAndIsrTopicError t : message.topics()) {
            String name = t.topicName() != null && !t.topicName().isEmpty() ? t.topicName()
                    : topicNames.get(t.topicId());
            if (name == null) {
                continue;
            }
            t.partitionErrors().forEach(p -> errors.put(new TopicPartition(name, p.partitionIndex()),
                    Errors.forCode(p.errorCode())));
        }
        return new LeaderAndIsrResponse(Errors.forCode(message.errorCode()), errors);
    }

    // ------------------------------------------------------------------ UpdateMetadata

    /** Kafka's body of {@code request}. */
    public static UpdateMetadataRequestMessage toKafkaRequest(UpdateMetadataRequest request, short version) {
        check("UpdateMetadata", UPDATE_METADATA, version);
        List<UpdateMetadataTopicState> topics = new ArrayList<>();
        for (List<UpdateMetadataRequest.PartitionInfo> run : runs(request.partitions(), (a, b) ->
                a.partition().topic().equals(b.partition().topic()) && a.topicId().equals(b.topicId()))) {
            List<UpdateMetadataPartitionState> states = new ArrayList<>(run.size());
            for (UpdateMetadataRequest.PartitionInfo p : run) {
                states.add(new UpdateMetadataPartitionState(p.partition().partition(), request.controllerEpoch(),
                        p.leader(), p.leaderEpoch(), p.isr(), 0, p.replicas(), p.offlineReplicas()));
            }
            UpdateMetadataRequest.PartitionInfo first = run.get(0);
            topics.add(new UpdateMetadataTopicState(first.partition().topic(),
                    MetadataTranslator.uuid(first.topicId()), states));
        }
        List<UpdateMetadataBroker> brokers = new ArrayList<>(request.liveBrokers().size());
        for (BrokerRegistration b : request.liveBrokers()) {
            List<UpdateMetadataEndpoint> endpoints = new ArrayList<>();
            b.endpoints().forEach(e -> endpoints.add(new UpdateMetadataEndpoint(e.port(), e.host(), e.listener(),
                    PLAINTEXT)));
            brokers.add(new UpdateMetadataBroker(b.brokerId(), endpoints, b.rack(), b.brokerEpoch(),
                    b.registeredAtMs(), b.uncleanShutdown()));
        }
        return new UpdateMetadataRequestMessage(request.controllerId(), false, (byte) 0, request.controllerEpoch(),
                request.brokerEpoch(), topics, brokers, List.copyOf(request.deletedTopics()));
    }

    /** Core's request of {@code message}. */
    public static UpdateMetadataRequest toCore(UpdateMetadataRequestMessage message, short version) {
        check("UpdateMetadata", UPDATE_METADATA, version);
        List<UpdateMetadataRequest.PartitionInfo> partitions = new ArrayList<>();
        for (UpdateMetadataTopicState t : message.topicStates()) {
            TopicId id = MetadataTranslator.topicId(t.topicId());
            for (UpdateMetadataPartitionState p : t.partitionStates()) {
                partitions.add(new UpdateMetadataRequest.PartitionInfo(
                        new TopicPartition(t.topicName(), p.partitionIndex()), id, p.leader(), p.leaderEpoch(),
                        p.replicas(), p.isr(), p.offlineReplicas()));
            }
        }
        List<BrokerRegistration> brokers = new ArrayList<>(message.liveBrokers().size());
        for (UpdateMetadataBroker b : message.liveBrokers()) {
            List<Endpoint> endpoints = new ArrayList<>();
            b.endpoints().forEach(e -> endpoints.add(new Endpoint(e.listener(), e.host(), e.port())));
            brokers.add(new BrokerRegistration(b.id(), b.rack(), endpoints, b.registeredAtMs(), b.brokerEpoch(),
                    b.uncleanShutdown()));
        }
        return new UpdateMetadataRequest(message.controllerId(), message.controllerEpoch(), message.brokerEpoch(),
                brokers, partitions, new LinkedHashSet<>(message.deletedTopics()));
    }

    /** Kafka's body of {@code response}. */
    public static UpdateMetadataResponseMessage toKafka(UpdateMetadataResponse response, short version) {
        check("UpdateMetadata", UPDATE_METADATA, version);
        return new UpdateMetadataResponseMessage(response.error().code());
    }

    /** Core's response of {@code message}. */
    public static UpdateMetadataResponse toCoreResponse(UpdateMetadataResponseMessage message, short version) {
        check("UpdateMetadata", UPDATE_METADATA, version);
        return new UpdateMetadataResponse(Errors.forCode(message.errorCode()));
    }

    // ------------------------------------------------------------------ StopReplica

    /** Kafka's body of {@code request}: core's one delete flag on every partition. */
    public static StopReplicaRequestMessage toKafkaRequest(StopReplicaRequest request, short version) {
        check("StopReplica", STOP_REPLICA, version);
        List<StopReplicaTopicState> topics = new ArrayList<>();
        for (List<TopicPartition> run : runs(request.partitions(), (a, b) -> a.topic().equals(b.topic()))) {
            List<StopReplicaPartitionState> states = new ArrayList<>(run.size());
            run.forEach(tp -> states.add(new StopReplicaPartitionState(tp.partition(), NO_EPOCH,
                    request.deletePartitions())));
            topics.add(new StopReplicaTopicState(run.get(0).topic(), states));
        }
        return new StopReplicaRequestMessage(request.controllerId(), false, request.controllerEpoch(),
                request.brokerEpoch(), topics);
    }

    /**
     * Core's request of {@code message}; core has one delete flag per request, true here when any
     * partition says delete (a Kafka controller never mixes the two in one request).
     */
    public static StopReplicaRequest toCore(StopReplicaRequestMessage message, short version) {
        check("StopReplica", STOP_REPLICA, version);
        List<TopicPartition> partitions = new ArrayList<>();
        boolean delete = false;
        for (StopReplicaTopicState t : message.topicStates()) {
            for (StopReplicaPartitionState p : t.partitionStates()) {
                partitions.add(new TopicPartition(t.topicName(), p.partitionIndex()));
                delete |= p.deletePartition();
            }
        }
        return new StopReplicaRequest(message.controllerId(), message.controllerEpoch(), message.brokerEpoch(),
                delete, partitions);
    }

    /** Kafka's body of {@code response}. */
    public static StopReplicaResponseMessage toKafka(StopReplicaResponse response, short version) {
        check("StopReplica", STOP_REPLICA, version);
        List<StopReplicaPartitionError> errors = new ArrayList<>();
        response.partitionErrors().forEach((tp, e) -> errors.add(new StopReplicaPartitionError(tp.topic(),
                tp.partition(), e.code())));
        return new StopReplicaResponseMessage(response.error().code(), errors);
    }

    /** Core's response of {@code message}. */
    public static StopReplicaResponse toCoreResponse(StopReplicaResponseMessage message, short version) {
        check("StopReplica", STOP_REPLICA, version);
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        message.partitionErrors().forEach(p -> errors.put(new TopicPartition(p.topicName(), p.partitionIndex()),
                Errors.forCode(p.errorCode())));
        return new StopReplicaResponse(Errors.forCode(message.errorCode()), errors);
    }

    // ------------------------------------------------------------------ ControlledShutdown

    /** Kafka's body of {@code request}. */
    public static ControlledShutdownRequestMessage toKafkaRequest(ControlledShutdownRequest request, short version) {
        check("ControlledShutdown", CONTROLLED_SHUTDOWN, version);
        return new ControlledShutdownRequestMessage(request.brokerId(), request.brokerEpoch());
    }

    /** Core's request of {@code message}. */
    public static ControlledShutdownRequest toCore(ControlledShutdownRequestMessage message, short version) {
        check("ControlledShutdown", CONTROLLED_SHUTDOWN, version);
        return new ControlledShutdownRequest(message.brokerId(), message.brokerEpoch());
    }

    /** Kafka's body of {@code response}. */
    public static ControlledShutdownResponseMessage toKafka(ControlledShutdownResponse response, short version) {
        check("ControlledShutdown", CONTROLLED_SHUTDOWN, version);
        List<RemainingPartition> remaining = new ArrayList<>();
        response.remainingPartitions().forEach(tp -> remaining.add(new RemainingPartition(tp.topic(),
                tp.partition())));
        return new ControlledShutdownResponseMessage(response.error().code(), remaining);
    }

    /** Core's response of {@code message}. */
    public static ControlledShutdownResponse toCoreResponse(ControlledShutdownResponseMessage message, short version) {
        check("ControlledShutdown", CONTROLLED_SHUTDOWN, version);
        Set<TopicPartition> remaining = new LinkedHashSet<>();
        message.remainingPartitions().forEach(p -> remaining.add(new TopicPartition(p.topicName(),
                p.partitionIndex())));
        return new ControlledShutdownResponse(Errors.forCode(message.errorCode()), remaining);
    }

    // ------------------------------------------------------------------ helpers

    /** {@code items} cut into runs of consecutive items that {@code same} puts together, in order. */
    private static <T> List<List<T>> runs(List<T> items, BiPredicate<T, T> same) {
        List<List<T>> runs = new ArrayList<>();
        List<T> current = null;
        for (T item : items) {
            if (current == null || !same.test(current.get(0), item)) {
                current = new ArrayList<>();
                runs.add(current);
            }
            current.add(item);
        }
        return runs;
    }

    private static void check(String api, short served, short version) {
        if (version != served) {
            throw new UnsupportedVersionException(api + " v" + version + " is not served; replog serves v" + served);
        }
    }
}
