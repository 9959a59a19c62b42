package io.replog.internal.broker;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a LeaderAndIsr's leaders do to the addresses a broker knows: they add and refresh, and
 * never make it forget a broker they do not name (on the controller's own broker that forgetting
 * left the controller unable to reach the followers of a new topic).
 */
class BrokerAddressesTest {

    private static BrokerRegistration broker(int id, int port, long epoch) {
        return new BrokerRegistration(id, null, List.of(new Endpoint("PLAINTEXT", "127.0.0.1", port)), 0L, epoch);
    }

    @Test
    void learningSomeLeadersKeepsEveryBrokerAlreadyKnown() {
        Map<Integer, BrokerRegistration> known = Map.of(0, broker(0, 9000, 10), 1, broker(1, 9001, 11),
                2, broker(2, 9002, 12));

        Map<Integer, BrokerRegistration> after = BrokerAddresses.learned(known, List.of(broker(0, 9000, 10)));

        assertThat(after).containsOnlyKeys(0, 1, 2);
        assertThat(after.get(1).endpoints().get(0).port()).isEqualTo(9001);
    }

    @Test
    void aLeaderNotKnownYetIsAdded() {
        Map<Integer, BrokerRegistration> after = BrokerAddresses.learned(Map.of(0, broker(0, 9000, 10)),
                List.of(broker(3, 9003, 13)));

        assertThat(after).containsOnlyKeys(0, 3);
    }

    @Test
    void aNewerRegistrationReplacesAnOlderOneAndNeverTheOtherWayRound() {
        Map<Integer, BrokerRegistration> known = Map.of(1, broker(1, 9001, 11));

        assertThat(BrokerAddresses.learned(known, List.of(broker(1, 9101, 20))).get(1).endpoints().get(0).port())
                .as("a restart of broker 1 on another port").isEqualTo(9101);
        assertThat(BrokerAddresses.learned(Map.of(1, broker(1, 9101, 20)), List.of(broker(1, 9001, 11)))
                .get(1).endpoints().get(0).port())
                .as("a late request naming broker 1's previous life").isEqualTo(9101);
    }
}
