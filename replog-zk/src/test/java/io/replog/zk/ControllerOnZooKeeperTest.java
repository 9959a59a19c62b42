package io.replog.zk;

import io.replog.internal.broker.ControllerHost;
import io.replog.internal.controller.Controller;
import io.replog.internal.controller.ControllerSettings;
import io.replog.internal.fault.PlantedBugs;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real {@link Controller}, hosted as a broker hosts it ({@link ControllerHost}), on
 * {@link ZkCoordinator}s: brokers stand in with a coordinator, a single-thread scheduler and a
 * transport that records the controller's requests.
 */
class ControllerOnZooKeeperTest {
    private static EmbeddedZooKeeper server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedZooKeeper.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Answers every controller request with success and records it by target broker. */
    static final class RecordingTransport implements Transport {
        final Map<Integer, List<Request>> sent = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Response> send(int brokerId, Request request) {
            sent.computeIfAbsent(brokerId, id -> new CopyOnWriteArrayList<>()).add(request);
            Response response;
            if (request instanceof LeaderAndIsrRequest r) {
                Map<TopicPartition, Errors> errors = new TreeMap<>();
                r.partitions().forEach(p -> errors.put(p.partition(), Errors.NONE));
                response = new LeaderAndIsrResponse(Errors.NONE, errors);
            } else if (request instanceof StopReplicaRequest r) {
                Map<TopicPartition, Errors> errors = new TreeMap<>();
                r.partitions().forEach(tp -> errors.put(tp, Errors.NONE));
                response = new StopReplicaResponse(Errors.NONE, errors);
            } else {
                response = new UpdateMetadataResponse(Errors.NONE);
            }
            return CompletableFuture.completedFuture(response);
        }

        List<LeaderAndIsrRequest> leaderAndIsrTo(int broker) {
            return sent.getOrDefault(broker, List.of()).stream().filter(LeaderAndIsrRequest.class::isInstance)
                    .map(LeaderAndIsrRequest.class::cast).toList();
        }

        @Override
        public void updateBrokers(Collection<BrokerRegistration> brokers) {
        }

        @Override
        public void close() {
        }
    }

    /** A broker reduced to its controllership: the {@link ControllerHost} a broker runs, on its own loop. */
    static final class Broker implements AutoCloseable {
        final int id;
        final ZkCoordinator coordinator;
        final ThreadScheduler scheduler;
        final RecordingTransport transport;
        final ControllerHost host;
        final List<Integer> epochsWon = new CopyOnWriteArrayList<>();
        private boolean closed;

        Broker(String connect, int id, RecordingTransport transport) {
            this.id = id;
            this.transport = transport;
            this.coordinator = connected(connect, "broker-" + id);
            this.scheduler = new ThreadScheduler("broker-" + id);
            this.host = new ControllerHost(id, ControllerSettings.defaults(), coordinator, transport, scheduler,
                    PlantedBugs.NONE, epochsWon::add);
            coordinator.addListener(host.listener());
            get(coordinator.registerBroker(registration(id, null)));
        }

        void runForController() {
            scheduler.execute(host::runForController);
        }

        boolean isController() {
            return scheduler.ask(host::isController);
        }

        /** A crash: the controller (if any) stops, the session ends. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            scheduler.ask(() -> {
                host.stop("crashed");
                return null;
            });
            coordinator.close();
            scheduler.close();
        }
    }

    @Test
    void theControllerMovesLeadershipWhenABrokerDiesAndANewControllerTakesOver() {
        String connect = server.connectString("/controller-on-zk");
        RecordingTransport transport = new RecordingTransport();
        Broker b1 = new Broker(connect, 1, transport);
        Broker b2 = new Broker(connect, 2, transport);
        Broker b3 = new Broker(connect, 3, transport);
        try {
            b1.runForController();
            await("broker 1 is controller").atMost(WAIT).until(() -> b1.epochsWon.contains(1));
            b2.runForController();
            b3.runForController();

            Map<Integer, List<Integer>> assignment = new TreeMap<>();
            for (int p = 0; p < 6; p++) {
                int leader = 1 + p % 3;
                assignment.put(p, List.of(leader, 1 + leader % 3, 1 + (leader + 1) % 3));
            }
            get(b2.coordinator.createTopic(new TopicAssignment("events", assignment, Map.of())));
            List<TopicPartition> partitions = assignment.keySet().stream().map(p -> new TopicPartition("events", p)).toList();
            await("the controller gives every partition its preferred leader").atMost(WAIT).untilAsserted(() -> {
                Map<TopicPartition, LeaderAndIsr> states = get(b3.coordinator.partitionStates(partitions));
                assertThat(states).hasSize(6);
                states.forEach((tp, s) -> assertThat(s.leader()).isEqualTo(assignment.get(tp.partition()).get(0)));
            });

            // Broker 3 dies.
            b3.close();
            await("broker 3's partitions get new leaders and it leaves every ISR").atMost(WAIT).untilAsserted(() -> {
                Map<TopicPartition, LeaderAndIsr> states = get(b2.coordinator.partitionStates(partitions));
                states.forEach((tp, s) -> {
                    assertThat(s.leader()).isIn(1, 2);
                    assertThat(s.isr()).doesNotContain(3).contains(s.leader());
                    assertThat(s.controllerEpoch()).isEqualTo(1);
                });
                assertThat(states.get(new TopicPartition("events", 2)).leaderEpoch()).isEqualTo(1);
            });
            await("the new leaders are told").atMost(WAIT).until(() -> transport.leaderAndIsrTo(1).stream()
                    .anyMatch(r -> r.partitions().stream().anyMatch(p -> p.partition().partition() == 2
                            && p.state().leader() == 1 && p.state().leaderEpoch() == 1)));

            // The controller dies: broker 2 takes over with epoch 2 and moves broker 1's leaderships.
            b1.close();
            await("broker 2 becomes controller with epoch 2").atMost(WAIT).until(() -> b2.epochsWon.contains(2));
            await("every partition is led by broker 2").atMost(WAIT).untilAsserted(() -> {
                Map<TopicPartition, LeaderAndIsr> states = get(b2.coordinator.partitionStates(partitions));
                states.forEach((tp, s) -> {
                    assertThat(s.leader()).isEqualTo(2);
                    assertThat(s.isr()).containsExactly(2);
                });
            });
            assertThat(get(b2.coordinator.controller())).contains(new ControllerInfo(2, 2));
        } finally {
            b2.close();
            b3.close();
            b1.close();
        }
    }

    @Test
    void aLeadersIsrShrinkReachesTheControllerWhichTellsTheBrokers() {
        String connect = server.connectString("/controller-isr");
        RecordingTransport transport = new RecordingTransport();
        try (Broker b1 = new Broker(connect, 1, transport); Broker b2 = new Broker(connect, 2, transport)) {
            b1.runForController();
            await("broker 1 is controller").atMost(WAIT).until(b1::isController);
            get(b1.coordinator.createTopic(new TopicAssignment("isr", Map.of(0, List.of(2, 1)), Map.of())));
            TopicPartition tp = new TopicPartition("isr", 0);
            await("the partition has its first state").atMost(WAIT)
                    .until(() -> get(b2.coordinator.partitionStates(List.of(tp))).containsKey(tp));
            LeaderAndIsr state = get(b2.coordinator.partitionStates(List.of(tp))).get(tp);
            int metadataBefore = transport.sent.getOrDefault(2, List.of()).size();

            assertThat(get(b2.coordinator.updateIsrAsLeader(tp, state.withIsr(List.of(2)))).applied()).isTrue();

            await("the controller sends the new ISR in UpdateMetadata").atMost(WAIT).until(() -> {
                List<Request> toB2 = new ArrayList<>(transport.sent.getOrDefault(2, List.of()));
                return toB2.subList(metadataBefore, toB2.size()).stream()
                        .filter(io.replog.protocol.UpdateMetadataRequest.class::isInstance)
                        .map(io.replog.protocol.UpdateMetadataRequest.class::cast)
                        .anyMatch(r -> r.partitions().stream().anyMatch(p -> p.partition().equals(tp)
                                && p.isr().equals(List.of(2))));
            });
        }
    }
}
