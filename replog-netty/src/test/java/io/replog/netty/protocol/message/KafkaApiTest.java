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
            if (!api.clientFacing()) {
                continue; // Kafka 4 has no such API: see interBrokerApisAreTheControllerRequestsKafka4Removed
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

    @Test
    void interBrokerApisAreTheControllerRequestsKafka4Removed() {
        assertThat(java.util.Arrays.stream(KafkaApi.values()).filter(api -> !api.clientFacing()))
                .containsExactly(KafkaApi.LEADER_AND_ISR, KafkaApi.STOP_REPLICA, KafkaApi.UPDATE_METADATA,
                        KafkaApi.CONTROLLED_SHUTDOWN);
        for (KafkaApi api : KafkaApi.values()) {
            // Kafka 4 keeps the removed APIs' keys and names, with no version left: every client-facing
            // API is one it still serves, none of the inter-broker ones is.
            ApiKeys kafka = ApiKeys.forId(api.key());
            assertThat(kafka.name).isEqualTo(api.apiName());
            assertThat(kafka.latestVersion(true) >= kafka.oldestVersion()).as("%s served by Kafka 4", api)
                    .isEqualTo(api.clientFacing());
        }
        // One version each, Kafka 3.9's newest, all flexible.
        assertThat(KafkaApi.LEADER_AND_ISR.highestVersion()).isEqualTo((short) 7);
        assertThat(KafkaApi.STOP_REPLICA.highestVersion()).isEqualTo((short) 4);
        assertThat(KafkaApi.UPDATE_METADATA.highestVersion()).isEqualTo((short) 8);
        assertThat(KafkaApi.CONTROLLED_SHUTDOWN.highestVersion()).isEqualTo((short) 3);
        for (KafkaApi api : KafkaApi.values()) {
            if (!api.clientFacing()) {
                assertThat(api.lowestVersion()).as("%s", api).isEqualTo(api.highestVersion());
                assertThat(api.isFlexible(api.highestVersion())).as("%s", api).isTrue();
            }
        }
    }
}
