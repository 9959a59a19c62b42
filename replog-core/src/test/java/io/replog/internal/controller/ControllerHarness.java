package io.replog.internal.controller;

import io.replog.internal.assign.BrokerRack;
import io.replog.internal.assign.RackAwareAssignor;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.sim.InMemoryCoordinator;
import io.replog.sim.SimConfig;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A seeded simulation with stub brokers, each with its own coordinator session, and a
 * {@link Controller} run by one of them. Faults go through the simulation: {@link #kill}
 * crashes a broker and expires its session at once; {@link #restart} brings it back.
 */
final class ControllerHarness {
    static final long MAX_MS = 120_000;
    /** Long enough for any decision and its requests to land (delays are 1-10 ms). */
    static final long SETTLE_MS = 500;

    final Simulation sim;
    final ControllerSettings config;
    final Map<Integer, String> racks = new TreeMap<>();
    final Map<Integer, InMemoryCoordinator> coordinators = new TreeMap<>();
    final Map<Integer, StubBroker> stubs = new TreeMap<>();
    RecordingCoordinator recording;
    Controller controller;

    ControllerHarness(long seed, ControllerSettings config) {
        this.sim = new Simulation(SimConfig.defaults().withSeed(seed));
        this.config = config;
    }

    /** Registers brokers with the given racks (null: none) and starts each one's coordinator session. */
    ControllerHarness brokers(Map<Integer, String> layout) {
        layout.forEach((id, rack) -> {
            racks.put(id, rack);
            startBroker(id);
        });
        return this;
    }

    ControllerHarness brokers(int... ids) {
        for (int id : ids) {
            racks.put(id, null);
            startBroker(id);
        }
        return this;
    }

    BrokerRegistration registration(int id) {
        return new BrokerRegistration(id, racks.get(id), List.of(new Endpoint("INTERNAL", "broker-" + id, 9092)),
                sim.clock().millis());
    }

    void startBroker(int id) {
        StubBroker stub = stubs.computeIfAbsent(id, StubBroker::new);
        stub.clear();
        stub.highestControllerEpoch = 0;
        sim.network().register(id, stub);
        InMemoryCoordinator c = sim.coordinatorFor(id);
        coordinators.put(id, c);
        sim.await(c.registerBroker(registration(id)), MAX_MS);
    }

    /** Makes broker {@code id} controller and starts it; {@code listen}: whether it hears coordinator notifications. */
    Controller elect(int id, boolean listen) {
        InMemoryCoordinator c = coordinators.get(id);
        int epoch = sim.await(c.tryBecomeController(id), MAX_MS).orElseThrow();
        recording = new RecordingCoordinator(c);
        Controller ctl = new Controller(id, epoch, config, recording, sim.network().transportFor(id), sim.scheduler(id));
        if (listen) {
            c.addListener(ctl);
        }
        controller = ctl;
        sim.await(ctl.start(), MAX_MS);
        settle();
        return ctl;
    }

    Controller elect(int id) {
        return elect(id, true);
    }

    /** Creates a topic with the rack-aware assignment of the registered brokers. */
    TopicAssignment createTopic(String name, int partitions, int rf, Map<String, String> configs) {
        List<BrokerRack> layout = sim.zooKeeper().liveBrokers().values().stream()
                .map(r -> new BrokerRack(r.brokerId(), r.rack())).toList();
        return createTopic(new TopicAssignment(name, RackAwareAssignor.assign(layout, partitions, rf), configs));
    }

    TopicAssignment createTopic(String name, int partitions, int rf) {
        return createTopic(name, partitions, rf, Map.of());
    }

    TopicAssignment createTopic(TopicAssignment assignment) {
        anyLiveCoordinator().createTopic(assignment);
        settle();
        return assignment;
    }

    InMemoryCoordinator anyLiveCoordinator() {
        int id = sim.zooKeeper().liveBrokers().keySet().iterator().next();
        return coordinators.get(id);
    }

    /** Crashes broker {@code id} and expires its session at once (no session-timeout wait). */
    void kill(int id) {
        sim.crash(id);
        sim.zooKeeper().expireSession(id);
        settle();
    }

    /** Restarts broker {@code id} with a fresh stub log and a new session, and registers it. */
    void restart(int id) {
        sim.restart(id);
        startBroker(id);
        settle();
    }

    /** As the partition's leader would after followers caught up or fell behind: a conditional ISR change. */
    void leaderSetsIsr(TopicPartition tp, List<Integer> isr) {
        LeaderAndIsr current = state(tp);
        CompletableFuture<?> f = coordinators.get(current.leader()).updateIsrAsLeader(tp, current.withIsr(isr));
        sim.await(f, MAX_MS);
        settle();
    }

    void settle() {
        sim.runFor(SETTLE_MS);
    }

    <T> T await(CompletableFuture<T> f) {
        return sim.await(f, MAX_MS);
    }

    LeaderAndIsr state(TopicPartition tp) {
        return sim.zooKeeper().partitionState(tp).orElseThrow(() -> new AssertionError("no state for " + tp));
    }

    LeaderAndIsr state(String topic, int partition) {
        return state(new TopicPartition(topic, partition));
    }

    StubBroker stub(int id) {
        return stubs.get(id);
    }

    void clearStubs() {
        stubs.values().forEach(StubBroker::clear);
    }
}
