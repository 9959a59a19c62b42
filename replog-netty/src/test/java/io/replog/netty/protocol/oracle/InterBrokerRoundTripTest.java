package io.replog.netty.protocol.oracle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

/**
 * The inter-broker bodies (LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown), which
 * Kafka 4's classes no longer have, so no byte-for-byte oracle: random bodies built from the schemas
 * round-trip (write, read, equal record, same bytes, exact size), fail only with
 * {@code MalformedMessageException} when cut short or damaged, and skip unknown tags. Their layout
 * is pinned to Kafka 3.9's by {@code InterBrokerLayoutsTest} and {@link InterBrokerKafkaTypesTest}.
 */
class InterBrokerRoundTripTest {
    private static final int TRIES = OracleProperties.TRIES;

    @Property(tries = TRIES)
    void leaderAndIsrRequest(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("LeaderAndIsr", "request", random);
    }

    @Property(tries = TRIES)
    void leaderAndIsrResponse(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("LeaderAndIsr", "response", random);
    }

    @Property(tries = TRIES)
    void stopReplicaRequest(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("StopReplica", "request", random);
    }

    @Property(tries = TRIES)
    void stopReplicaResponse(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("StopReplica", "response", random);
    }

    @Property(tries = TRIES)
    void updateMetadataRequest(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("UpdateMetadata", "request", random);
    }

    @Property(tries = TRIES)
    void updateMetadataResponse(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("UpdateMetadata", "response", random);
    }

    @Property(tries = TRIES)
    void controlledShutdownRequest(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("ControlledShutdown", "request", random);
    }

    @Property(tries = TRIES)
    void controlledShutdownResponse(@ForAll Random random) {
        KafkaOracle.checkRoundTrips("ControlledShutdown", "response", random);
    }
}
