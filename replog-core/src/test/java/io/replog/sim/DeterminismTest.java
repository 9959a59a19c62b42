package io.replog.sim;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.Endpoint;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.Response;
import io.replog.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same seed gives the same run: a small cluster of toy brokers (register, elect a
 * controller, gossip over the network) under random crashes, restarts, isolation, loss and
 * session expiry produces an identical trace twice, and a different trace for another seed.
 */
class DeterminismTest {
    private static final int BROKERS = 3;

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    /**
     * A stand-in for a real broker, wired the way the real one will be: its scheduler,
     * coordinator and transport come from the simulation, and all its work runs on its node.
     */
    private static final class ToyBroker implements CoordinatorListener {
        private final Simulation sim;
        private final int id;
        private final SimScheduler loop;
        private final InMemoryCoordinator coordinator;
        private final Transport transport;
        private final List<String> log;
        private final java.util.Random work;

        ToyBroker(Simulation sim, int id, List<String> log) {
            this.sim = sim;
            this.id = id;
            this.loop = sim.scheduler(id);
            this.log = log;
            this.work = sim.randomFor("work of broker " + id);
            this.coordinator = sim.coordinatorFor(id);
            this.transport = sim.network().transportFor(id);
            coordinator.addListener(this);
            sim.network().register(id, (source, request) -> {
                // answer after some local work, as a broker answering a long-poll would
                CompletableFuture<Response> answer = new CompletableFuture<>();
                loop.schedule(work.nextInt(5), "answer metadata",
                        () -> answer.complete(new MetadataResponse(List.of(), id, List.of())));
                return answer;
            });
            register();
            loop.schedule(100, "gossip", this::gossip);
        }

        private void register() {
            coordinator.registerBroker(new BrokerRegistration(id, null, List.of(new Endpoint("I", "b" + id, 0)), 0))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            loop.schedule(500, "retry registration", this::register);
                        } else {
                            elect();
                        }
                    });
        }

        private void elect() {
            coordinator.tryBecomeController(id).thenAccept(won -> won.ifPresent(epoch -> log.add(
                    "t=" + sim.nowMs() + " broker " + id + " controller epoch " + epoch)));
        }

        private void gossip() {
            int peer = (id + 1) % BROKERS;
            transport.send(peer, MetadataRequest.allTopics()).whenComplete((response, error) ->
                    log.add("t=" + sim.nowMs() + " " + id + "->" + peer + (error == null ? " ok" : " failed")));
            loop.schedule(100, "gossip", this::gossip);
        }

        @Override
        public void onControllerChanged(Optional<ControllerInfo> controller) {
            if (controller.isEmpty()) {
                elect();
            }
        }

        @Override
        public void onSessionExpired() {
            register();
        }
    }

    /** Runs the chaos scenario for {@code seed}; returns the full trace, every line. */
    private List<String> run(long seed, List<String> brokerLog) {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(seed).withLossProbability(0.05)));
        List<String> lines = new ArrayList<>();
        sim.trace().sink(lines::add);
        for (int id = 0; id < BROKERS; id++) {
            new ToyBroker(sim, id, brokerLog);
        }
        for (int round = 0; round < 20; round++) {
            int victim = sim.random().nextInt(BROKERS);
            long at = sim.nowMs() + 1_000 + sim.random().nextInt(2_000);
            switch (sim.random().nextInt(4)) {
                case 0 -> sim.at(at, "crash and restart " + victim, () -> {
                    sim.crash(victim);
                    sim.after(3_000, "restart " + victim, () -> {
                        sim.restart(victim);
                        new ToyBroker(sim, victim, brokerLog);
                    });
                });
                case 1 -> sim.at(at, "isolate " + victim, () -> {
                    sim.network().isolate(victim);
                    sim.after(4_000, "heal " + victim, () -> sim.network().heal(victim));
                });
                case 2 -> sim.at(at, "expire session " + victim, () -> sim.zooKeeper().expireSession(victim));
                default -> sim.at(at, "slow " + victim, () -> sim.network().slow(victim, 200));
            }
            sim.runFor(3_000);
        }
        sim.runFor(20_000);
        assertThat(sim.zooKeeper().controller()).isPresent();
        lines.add("stats " + sim.network().stats());
        lines.add("fingerprint " + sim.trace().fingerprint() + " of " + sim.trace().count());

        return lines;
    }

    @Test
    void theSameSeedGivesTheSameTrace() {
        List<String> firstLog = new ArrayList<>();
        List<String> secondLog = new ArrayList<>();
        List<String> first = run(1234, firstLog);
        List<String> second = run(1234, secondLog);

        assertThat(first.size()).isGreaterThan(5_000);
        assertThat(second).isEqualTo(first);
        assertThat(secondLog).isEqualTo(firstLog).anyMatch(l -> l.contains("controller epoch"));
        // the scenario did exercise the faults
        assertThat(first).anyMatch(l -> l.contains("CRASH"));
        assertThat(first).anyMatch(l -> l.contains("EXPIRE session"));
        assertThat(first).anyMatch(l -> l.contains("(link cut)"));
        assertThat(first).anyMatch(l -> l.contains("(lost)"));
        assertThat(firstLog).anyMatch(l -> l.endsWith("failed"));
    }

    @Test
    void anotherSeedGivesAnotherTrace() {
        List<String> first = run(1234, new ArrayList<>());
        List<String> other = run(4321, new ArrayList<>());
        assertThat(other.get(other.size() - 1)).isNotEqualTo(first.get(first.size() - 1));
    }
}
