package io.replog.netty.protocol.oracle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(KafkaOracle.checkRoundTrips("LeaderAndIsr", "request", random))
                .as("LeaderAndIsr request versions").isEqualTo(OracleProperties.versionCount("LeaderAndIsr", (short) 0));
    }

    @Property(tries = TRIES)
    void leaderAndIsrResponse(@ForAll Random random) {
        assertThat(KafkaOracle.checkRoundTrips("LeaderAndIsr", "response", random))
                .as("LeaderAndIsr response versions").isEqualTo(OracleProperties.versionCount("LeaderAndIsr", (short) 0));
    }

    @Property(tries = TRIES)
    void stopReplicaRequest(@ForAll Random random) {
        assertThat(KafkaOracle.checkRoundTrips("StopReplica", "request", random))
                .as("StopReplica request versions").isEqualTo(OracleProperties.versionCount("StopReplica", (short) 0));
    }

    @Property(tries = TRIES)
    void stopReplicaResponse(@ForAll Random random) {
        assertThat(KafkaOracle.checkRoundTrips("StopReplica", "response", random))
                .as("StopReplica response versions").isEqualTo(OracleProperties.versionCount("StopReplica", (short) 0));
    }

    @Property(tries = TRIES)
    void updateMetadataRequest(@ForAll Random random) {
        assertThat(KafkaOracle.checkRoundTrips("UpdateMetadata", "request", random))
                .as("UpdateMetadata request versions").isEqualTo(OracleProperties.versionCount("UpdateMetadata", (short) 0));
    }

    @Property(tries = TRIES)
    void updateMetadataResponse(@ForAll Random random) {
        assertThat(KafkaOracle.checkRoundTrips("UpdateMetadata", "response", random))
                .as("UpdateMetadata response versions").isEqualTo(OracleProperties.versionCount("UpdateMetadata", (short) 0));
    }

    @Property(tries = TRIES)
    void controlledShutdownRequest(@ForAll Random random) {
        assertThat(KafkaOracle.checkRoundTrips("ControlledShutdown", "request", random))
                .as("ControlledShutdown request versions").isEqualTo(OracleProperties.versionCount("ControlledShutdown", (short) 0));
    }

    @Property(tries = TRIES)
    void controlledShutdownResponse(@ForAll Random random) {
        assertThat(KafkaOracle.checkRoundTrips("ControlledShutdown", "response", random))
                .as("ControlledShutdown response versions").isEqualTo(OracleProperties.versionCount("ControlledShutdown", (short) 0));
    }
}
