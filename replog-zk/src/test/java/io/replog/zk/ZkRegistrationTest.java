package io.replog.zk;

import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.RetriableException;
import io.replog.zk.znode.ZnodeJson;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.failure;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Broker registration on a real ZooKeeper: the ephemeral znode, its body, duplicate ids, expiry. */
class ZkRegistrationTest {
    private static EmbeddedZooKeeper server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedZooKeeper.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void registrationIsAnEphemeralZnodeWithKafkasBody() throws Exception {
        String connect = server.connectString("/registration-body");
        try (ZkCoordinator c = connected(connect, "broker-1")) {
            long epoch = get(c.registerBroker(registration(1, "R1")));

            ZooKeeper raw = rawClient();
            try {
                Stat stat = new Stat();
                byte[] body = raw.getData("/registration-body/brokers/ids/1", false, stat);
                assertThat(stat.getEphemeralOwner()).isEqualTo(c.sessionId());
                assertThat(epoch).as("the broker epoch is the znode's creation zxid").isEqualTo(stat.getCzxid());
                assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                        "{\"version\":5,\"host\":\"127.0.0.1\",\"port\":9091,\"endpoints\":[\"PLAINTEXT://127.0.0.1:9091\"],"
                                + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
                                + "\"rack\":\"R1\",\"timestamp\":\"1700000000001\"}");
            } finally {
                raw.close();
            }
            assertThat(get(c.liveBrokers())).containsExactly(Map.entry(1, registration(1, "R1").withBrokerEpoch(epoch)));
        }
    }

    @Test
    void aSecondLiveBrokerWithTheSameIdIsRefusedNamingTheHolder() {
        String connect = server.connectString("/duplicate-id");
        try (ZkCoordinator first = connected(connect, "broker-1");
             ZkCoordinator second = connected(connect, "broker-1-again")) {
            long firstEpoch = get(first.registerBroker(registration(1, "R1")));

            BrokerRegistration other = new BrokerRegistration(1, "R2",
                    java.util.List.of(new io.replog.coordinator.Endpoint("PLAINTEXT", "10.9.9.9", 7777)), 5L);
            Throwable refused = failure(second.registerBroker(other));

            assertThat(refused).isInstanceOf(RetriableException.class)
                    .hasMessageContaining("broker id 1 is already registered")
                    .hasMessageContaining("PLAINTEXT://127.0.0.1:9091")
                    .hasMessageContaining("0x" + Long.toHexString(first.sessionId()));
            // The holder is untouched.
            assertThat(get(second.liveBrokers()).get(1)).isEqualTo(registration(1, "R1").withBrokerEpoch(firstEpoch));

            // Registering again in the holder's own session replaces the body (a retry after a lost
            // reply) and keeps the broker epoch: it is the same registration.
            assertThat(get(first.registerBroker(registration(1, "R3")))).isEqualTo(firstEpoch);
            assertThat(get(second.liveBrokers()).get(1).rack()).isEqualTo("R3");

            // Once the holder's session ends, the id is free, and the new registration has a higher epoch.
            first.close();
            long secondEpoch = get(second.registerBroker(other));
            assertThat(secondEpoch).isGreaterThan(firstEpoch);
            assertThat(get(second.liveBrokers())).containsExactly(Map.entry(1, other.withBrokerEpoch(secondEpoch)));
        }
    }

    @Test
    void afterASessionExpiryTheBrokerRegistersAgainWithItsNewSession() throws Exception {
        String connect = server.connectString("/expiry");
        try (ZkCoordinator broker = connected(connect, "broker-2");
             ZkCoordinator observer = connected(connect, "observer")) {
            ZkTestSupport.Recorder seen = new ZkTestSupport.Recorder();
            ZkTestSupport.Recorder own = new ZkTestSupport.Recorder();
            observer.addListener(seen);
            broker.addListener(own);
            // A broker registers again when told its session expired, as BrokerNode does.
            broker.addListener(new io.replog.coordinator.CoordinatorListener() {
                @Override
                public void onSessionExpired() {
                    broker.registerBroker(registration(2, null));
                }
            });
            get(broker.registerBroker(registration(2, null)));
            await("the observer sees broker 2").atMost(WAIT).until(() -> seen.lastBrokers().contains(2));
            long oldSession = broker.sessionId();

            ZkTestSupport.expireSession(connect, broker);

            await("the broker hears its session expired").atMost(WAIT).until(() -> own.events.contains("expired"));
            await("broker 2 is registered again under a new session").atMost(WAIT).until(() -> {
                Stat stat = new Stat();
                ZooKeeper raw = rawClient();
                try {
                    raw.getData("/expiry/brokers/ids/2", false, stat);
                    return stat.getEphemeralOwner() == broker.sessionId() && broker.sessionId() != oldSession;
                } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
                    return false;
                } finally {
                    raw.close();
                }
            });
            // The observer saw it leave and come back.
            assertThat(seen.brokers.stream().map(Map::keySet).toList()).contains(java.util.Set.of(), java.util.Set.of(2));
        }
    }

    @Test
    void registrationWithNoRackWritesNull() throws Exception {
        String connect = server.connectString("/norack");
        try (ZkCoordinator c = connected(connect, "broker-3")) {
            get(c.registerBroker(registration(3, null)));
            assertThat(get(c.liveBrokers()).get(3).rack()).isNull();
            ZooKeeper raw = rawClient();
            try {
                assertThat(ZnodeJson.read("/norack/brokers/ids/3", raw.getData("/norack/brokers/ids/3", false, null)).has("rack"))
                        .isTrue();
            } finally {
                raw.close();
            }
        }
    }

    private static ZooKeeper rawClient() throws Exception {
        return ZkTestSupport.rawClient(server);
    }

    @Test
    void theEmbeddedServerCanExpireASessionAndTheBrokerHearsOfIt() {
        String connect = server.connectString("/server-expiry");
        try (ZkCoordinator broker = connected(connect, "broker-4"); ZkCoordinator other = connected(connect, "other")) {
            ZkTestSupport.Recorder own = new ZkTestSupport.Recorder();
            broker.addListener(own);
            get(broker.registerBroker(registration(4, null)));
            long session = broker.sessionId();

            server.expireSession(session);

            await("the registration is gone").atMost(WAIT).until(() -> get(other.liveBrokers()).isEmpty());
            await("the broker hears its session expired").atMost(WAIT).until(() -> own.events.contains("expired"));
            await("it has a new session").atMost(WAIT).until(() -> broker.isConnected() && broker.sessionId() != session);
            get(broker.registerBroker(registration(4, null)));
            assertThat(get(other.liveBrokers())).containsOnlyKeys(4);
        }
    }

    @Test
    void closingWhileZooKeeperIsDownReturnsPromptlyAndCallsFailRetriably() {
        EmbeddedZooKeeper own = EmbeddedZooKeeper.start();
        try {
            ZkCoordinator c = connected(own.connectString(), "broker-5");
            own.stop();
            await("the coordinator notices").atMost(WAIT).until(() -> !c.isConnected());
            Throwable lost = failure(c.liveBrokers());
            assertThat(lost).isInstanceOf(RetriableException.class).hasMessageContaining("connection");
            long start = System.nanoTime();
            c.close();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
            assertThat(failure(c.liveBrokers())).isInstanceOf(RetriableException.class).hasMessageContaining("closed");
        } finally {
            own.close();
        }
    }
}
