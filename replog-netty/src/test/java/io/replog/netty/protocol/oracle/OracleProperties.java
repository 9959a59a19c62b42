package io.replog.netty.protocol.oracle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

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
        KafkaOracle.checkAllVersions(api(), "request", oracleLowest(), random);
    }

    @Property(tries = TRIES)
    void responseBodiesMatchKafkaByteForByte(@ForAll Random random) {
        KafkaOracle.checkAllVersions(api(), "response", oracleLowest(), random);
    }
}
