package io.replog.netty.wire;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The APIs whose headers this library can parse, keyed by API key: what the request header decoder
 * asks to learn a request's header versions. Immutable; keys are unique.
 *
 * <p>{@link #KAFKA} holds the APIs replog serves, with the first flexible version of each as in
 * Kafka's message definitions: the client APIs and the four inter-broker ones (LeaderAndIsr,
 * StopReplica, UpdateMetadata, ControlledShutdown, Kafka 3.9's versions), whose frames a broker's
 * listener must parse even though ApiVersions never advertises them to clients.
 */
public final class ApiVersionsTable {
    /** The APIs replog serves. */
    public static final ApiVersionsTable KAFKA = of(List.of(
            api(0, "Produce", 9),
            api(1, "Fetch", 12),
            api(2, "ListOffsets", 6),
            api(3, "Metadata", 9),
            api(4, "LeaderAndIsr", 4),
            api(5, "StopReplica", 2),
            api(6, "UpdateMetadata", 6),
            api(7, "ControlledShutdown", 3),
            api(KnownApi.API_VERSIONS_KEY, "ApiVersions", 3),
            api(19, "CreateTopics", 5),
            api(20, "DeleteTopics", 4),
            api(22, "InitProducerId", 2),
            api(23, "OffsetForLeaderEpoch", 4),
            api(32, "DescribeConfigs", 4),
            api(43, "ElectLeaders", 2),
            api(60, "DescribeCluster", 0)));

    private final Map<Short, KnownApi> byKey;

    private ApiVersionsTable(Map<Short, KnownApi> byKey) {
        this.byKey = byKey;
    }

    /** A table of {@code apis}; two with the same key are refused. */
    public static ApiVersionsTable of(Collection<KnownApi> apis) {
        Map<Short, KnownApi> byKey = new TreeMap<>();
        for (KnownApi api : apis) {
            KnownApi previous = byKey.putIfAbsent(api.key(), api);
            if (previous != null) {
                throw new IllegalArgumentException("API key " + api.key() + " given twice: " + previous + " and " + api);
            }
        }
        return new ApiVersionsTable(Collections.unmodifiableMap(byKey));
    }

    /** The API with key {@code key}, if known. */
    public Optional<KnownApi> find(short key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Every API, by key. */
    public Collection<KnownApi> apis() {
        return byKey.values();
    }

    private static KnownApi api(int key, String name, int flexibleFrom) {
        return new KnownApi((short) key, name, (short) flexibleFrom);
    }

    @Override
    public String toString() {
        return "ApiVersionsTable" + byKey.values();
    }
}
