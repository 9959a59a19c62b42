package io.replog.netty.protocol.message;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The API table agrees with the codecs and, on flexibility and key, with Kafka's own table. */
class KafkaApiTest {
    @Test
    void eachApiMatchesItsCodecsAndKafka() throws ReflectiveOperationException {
        for (KafkaApi api : KafkaApi.values()) {
            assertThat(KafkaApi.forKey(api.key())).isSameAs(api);
            for (String kind : new String[] {"Request", "Response"}) {
                Class<?> codec = Class.forName(getClass().getPackageName() + "." + api.apiName() + kind + "Message");
                assertThat(codec.getField("API_KEY").get(null)).isEqualTo(api.key());
                assertThat(codec.getField("LOWEST_VERSION").get(null)).isEqualTo(api.lowestVersion());
                assertThat(codec.getField("HIGHEST_VERSION").get(null)).isEqualTo(api.highestVersion());
                assertThat(codec.getField("FIRST_FLEXIBLE_VERSION").get(null)).isEqualTo(api.firstFlexibleVersion());
            }
            ApiKeys kafka = ApiKeys.forId(api.key());
            assertThat(kafka.name).isEqualTo(api.apiName());
            for (short v = (short) Math.max(api.lowestVersion(), kafka.oldestVersion()); v <= api.highestVersion(); v++) {
                // Kafka's request header is version 2 exactly for flexible versions.
                assertThat(api.isFlexible(v)).as("%s v%d", api, v).isEqualTo(kafka.requestHeaderVersion(v) == 2);
            }
        }
        assertThat(KafkaApi.forKey((short) 9999)).isNull();
    }
}
