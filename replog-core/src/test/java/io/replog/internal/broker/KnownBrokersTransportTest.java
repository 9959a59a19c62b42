package io.replog.internal.broker;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.transport.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's shared view of broker addresses: a full list replaces it, a LeaderAndIsr's leaders
 * are added to it. Regression: the leaders of a LeaderAndIsr used to replace every address, so the
 * controller's broker forgot its own and could no longer send itself UpdateMetadata.
 */
class KnownBrokersTransportTest {
    static BrokerRegistration broker(int id, int port) {
        return new BrokerRegistration(id, null, List.of(new Endpoint("PLAINTEXT", "127.0.0.1", port)), 0L);
    }

    /** The transport under test's only job here: remembering the last list it was given. */
    static final class LastList implements Transport {
        final List<List<Integer>> lists = new ArrayList<>();

        @Override
        public CompletableFuture<Response> send(int brokerId, Request request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("not sent in this test"));
        }

        @Override
        public void updateBrokers(Collection<BrokerRegistration> brokers) {
            lists.add(brokers.stream().map(BrokerRegistration::brokerId).toList());
        }

        @Override
        public void close() {
        }
    }

    @Test
    void leadersAreAddedToTheKnownBrokersAndAFullListReplacesThem() {
        LastList delegate = new LastList();
        KnownBrokersTransport transport = new KnownBrokersTransport(delegate);

        transport.updateBrokers(List.of(broker(0, 9000), broker(1, 9001), broker(2, 9002)));
        transport.addBrokers(List.of(broker(1, 9001), broker(2, 9002)));
        assertThat(delegate.lists.get(1)).as("broker 0 (the controller itself) is still known").containsExactly(0, 1, 2);

        transport.addBrokers(List.of(broker(3, 9003)));
        assertThat(delegate.lists.get(2)).containsExactly(0, 1, 2, 3);

        transport.updateBrokers(List.of(broker(0, 9000), broker(3, 9003)));
        assertThat(delegate.lists.get(3)).as("a full list drops the brokers it leaves out").containsExactly(0, 3);
    }
}
