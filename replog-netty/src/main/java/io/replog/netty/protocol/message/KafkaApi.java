package io.replog.netty.protocol.message;

/**
 * The Kafka APIs whose bodies replog's codecs read and write, generated with them from the schemas.
 *
 * <p>Guarantees: each constant's version range and first flexible version are exactly those of its
 * request and response codecs (the generator refuses schemas where the two disagree), so the
 * pipeline can pick header versions and answer ApiVersions from this one table. Only the
 * {@link #clientFacing()} APIs are advertised to clients in ApiVersions; the others (the
 * controller-to-broker requests and ControlledShutdown) are spoken between replog brokers only.
 */
public enum KafkaApi {
    /** {@link ProduceRequestMessage} and {@link ProduceResponseMessage}. */
    PRODUCE((short) 0, "Produce", (short) 0, (short) 13, (short) 9, true),
    /** {@link FetchRequestMessage} and {@link FetchResponseMessage}. */
    FETCH((short) 1, "Fetch", (short) 4, (short) 18, (short) 12, true),
    /** {@link ListOffsetsRequestMessage} and {@link ListOffsetsResponseMessage}. */
    LIST_OFFSETS((short) 2, "ListOffsets", (short) 1, (short) 10, (short) 6, true),
    /** {@link MetadataRequestMessage} and {@link MetadataResponseMessage}. */
    METADATA((short) 3, "Metadata", (short) 0, (short) 13, (short) 9, true),
    /** {@link LeaderAndIsrRequestMessage} and {@link LeaderAndIsrResponseMessage}; inter-broker only. */
    LEADER_AND_ISR((short) 4, "LeaderAndIsr", (short) 7, (short) 7, (short) 4, false),
    /** {@link StopReplicaRequestMessage} and {@link StopReplicaResponseMessage}; inter-broker only. */
    STOP_REPLICA((short) 5, "StopReplica", (short) 4, (short) 4, (short) 2, false),
    /** {@link UpdateMetadataRequestMessage} and {@link UpdateMetadataResponseMessage}; inter-broker only. */
    UPDATE_METADATA((short) 6, "UpdateMetadata", (short) 8, (short) 8, (short) 6, false),
    /** {@link ControlledShutdownRequestMessage} and {@link ControlledShutdownResponseMessage}; inter-broker only. */
    CONTROLLED_SHUTDOWN((short) 7, "ControlledShutdown", (short) 3, (short) 3, (short) 3, false),
    /** {@link ApiVersionsRequestMessage} and {@link ApiVersionsResponseMessage}. */
    API_VERSIONS((short) 18, "ApiVersions", (short) 0, (short) 4, (short) 3, true),
    /** {@link CreateTopicsRequestMessage} and {@link CreateTopicsResponseMessage}. */
    CREATE_TOPICS((short) 19, "CreateTopics", (short) 2, (short) 7, (short) 5, true),
    /** {@link DeleteTopicsRequestMessage} and {@link DeleteTopicsResponseMessage}. */
    DELETE_TOPICS((short) 20, "DeleteTopics", (short) 1, (short) 6, (short) 4, true),
    /** {@link InitProducerIdRequestMessage} and {@link InitProducerIdResponseMessage}. */
    INIT_PRODUCER_ID((short) 22, "InitProducerId", (short) 0, (short) 5, (short) 2, true),
    /** {@link OffsetForLeaderEpochRequestMessage} and {@link OffsetForLeaderEpochResponseMessage}. */
    OFFSET_FOR_LEADER_EPOCH((short) 23, "OffsetForLeaderEpoch", (short) 2, (short) 4, (short) 4, true),
    /** {@link DescribeConfigsRequestMessage} and {@link DescribeConfigsResponseMessage}. */
    DESCRIBE_CONFIGS((short) 32, "DescribeConfigs", (short) 1, (short) 4, (short) 4, true),
    /** {@link ElectLeadersRequestMessage} and {@link ElectLeadersResponseMessage}. */
    ELECT_LEADERS((short) 43, "ElectLeaders", (short) 0, (short) 2, (short) 2, true),
    /** {@link DescribeClusterRequestMessage} and {@link DescribeClusterResponseMessage}. */
    DESCRIBE_CLUSTER((short) 60, "DescribeCluster", (short) 0, (short) 2, (short) 0, true);

    private final short key;
    private final String apiName;
    private final short lowestVersion;
    private final short highestVersion;
    private final short firstFlexibleVersion;
    private final boolean clientFacing;

    KafkaApi(short key, String apiName, short lowestVersion, short highestVersion, short firstFlexibleVersion,
             boolean clientFacing) {
        this.key = key;
        this.apiName = apiName;
        this.lowestVersion = lowestVersion;
        this.highestVersion = highestVersion;
        this.firstFlexibleVersion = firstFlexibleVersion;
        this.clientFacing = clientFacing;
    }

    /** @return the API key */
    public short key() {
        return key;
    }

    /** @return the API's name as Kafka spells it, e.g. {@code "Metadata"} */
    public String apiName() {
        return apiName;
    }

    /** @return the lowest version the codecs support */
    public short lowestVersion() {
        return lowestVersion;
    }

    /** @return the highest version the codecs support */
    public short highestVersion() {
        return highestVersion;
    }

    /** @return the first flexible version; above {@link #highestVersion()} if none is */
    public short firstFlexibleVersion() {
        return firstFlexibleVersion;
    }

    /**
     * @return whether clients may send this API, so ApiVersions advertises it; false for the
     *         inter-broker APIs (schema {@code "listeners": ["broker"]}), which a listener for
     *         clients must neither advertise nor serve
     */
    public boolean clientFacing() {
        return clientFacing;
    }

    /** @return whether the codecs read and write {@code version} */
    public boolean supports(short version) {
        return version >= lowestVersion && version <= highestVersion;
    }

    /** @return whether {@code version} uses compact encodings and tagged fields */
    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    /** @return the API with {@code key}, or null when replog has no codecs for it */
    public static KafkaApi forKey(short key) {
        for (KafkaApi api : values()) {
            if (api.key == key) {
                return api;
            }
        }
        return null;
    }
}
