package io.replog.netty.protocol.oracle;

import io.replog.netty.protocol.message.KafkaApi;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oracle properties every API shares: for each try, one random request body and one random
 * response body per version in the schema's range, each checked both ways against Kafka's classes
 * by {@link KafkaOracle}. An API's test class only names the API.
 */
abstract class OracleProperties {
    /** Tries per property; each try covers every version of the API once. */
    static final int TRIES = 500;

    /** @return the API name as in the schema files, e.g. {@code "Metadata"} */
    abstract String api();

    /**
     * @return the lowest version Kafka's classes can still write; versions below it are proven by
     *         hand-written layouts instead
     */
    short oracleLowest() {
        return 0;
    }

    @Property(tries = TRIES)
    void requestBodiesMatchKafkaByteForByte(@ForAll Random random) {
        assertThat(KafkaOracle.checkAllVersions(api(), "request", oracleLowest(), random))
                .as("%s request versions checked against Kafka", api()).isEqualTo(versionsServed());
    }

    @Property(tries = TRIES)
    void responseBodiesMatchKafkaByteForByte(@ForAll Random random) {
        assertThat(KafkaOracle.checkAllVersions(api(), "response", oracleLowest(), random))
                .as("%s response versions checked against Kafka", api()).isEqualTo(versionsServed());
    }

    /**
     * How many versions the generated {@link KafkaApi} table gives the API from {@link #oracleLowest()}
     * on: the oracle must have covered each of them, none skipped by a schema range that drifted.
     */
    private int versionsServed() {
        return versionCount(api(), oracleLowest());
    }

    /** The number of versions of {@code apiName} in the generated table, from {@code lowest} on. */
    static int versionCount(String apiName, short lowest) {
        KafkaApi api = java.util.Arrays.stream(KafkaApi.values()).filter(a -> a.apiName().equals(apiName))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaApi named " + apiName));
        return api.highestVersion() - Math.max(lowest, api.lowestVersion()) + 1;
    }
}
