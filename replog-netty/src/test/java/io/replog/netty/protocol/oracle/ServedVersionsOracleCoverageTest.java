package io.replog.netty.protocol.oracle;

import io.replog.netty.kafka.ServedApis;
import io.replog.netty.protocol.message.KafkaApi;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API ApiVersions advertises (DescribeConfigs included) has an oracle test class checking its
 * codecs against Kafka's in every version of the generated table, and its served range lies
 * inside that table, so no advertised version goes unchecked against Kafka.
 */
class ServedVersionsOracleCoverageTest {
    @Test
    void everyServedVersionIsInsideTheCodecTableAnOracleTestCovers() {
        List<String> served = new ArrayList<>();
        for (KafkaApi api : KafkaApi.values()) {
            short low = ServedApis.lowest(api);
            if (low < 0) {
                continue;
            }
            served.add(api.apiName());
            assertThat(low).as("%s lowest served", api.apiName()).isGreaterThanOrEqualTo(api.lowestVersion());
            assertThat(ServedApis.highest(api)).as("%s highest served", api.apiName())
                    .isLessThanOrEqualTo(api.highestVersion());
            String oracle = getClass().getPackageName() + "." + api.apiName() + "OracleTest";
            assertThat(exists(oracle)).as("oracle test %s", oracle).isTrue();
        }
        assertThat(served).contains("DescribeConfigs");
    }

    private static boolean exists(String className) {
        try {
            return OracleProperties.class.isAssignableFrom(Class.forName(className));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
