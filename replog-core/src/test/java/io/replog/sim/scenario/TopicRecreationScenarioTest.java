package io.replog.sim.scenario;

import io.replog.internal.fault.PlantedBug;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimConsumer;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic is deleted while one replica's broker is down; the delete reports success; the broker
 * returns with its old partition directory, and a topic of the same name is created with that
 * broker first in the assignment. The deletion stays pending until the returning broker has
 * deleted its replica (the name stays taken until then), and a directory holding another topic
 * id is never reopened, so the new topic starts empty: its consumers read only its own records.
 * With deletion final at once and directories reopened whatever their id (the planted bug), the
 * old records come back at offsets 0...
 */
class TopicRecreationScenarioTest {
    static final TopicPartition TP = new TopicPartition("events", 0);

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void aDeletedTopicsDataNeverReappearsInATopicOfTheSameName() {
        assertThat(run()).as("correct brokers").isEmpty();
        assertThat(run(PlantedBug.STALE_TOPIC_DIRECTORY_REUSED)).as("deletion final at once, stale directory reused")
                .anyMatch(v -> v.contains("old-"));
    }

    private List<String> run(PlantedBug... bugs) {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(23).withBrokers(3));
        reporter.track(sim);
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withRebalanceIntervalMs(0)
                .withPlantedBugs(bugs)).start()) {
            cluster.createTopicOrFail(TP.topic(), 1, 3, Map.of());
            cluster.awaitIsr(TP, 3, 20_000);
            History oldHistory = new History();
            SimProducer old = new SimProducer(sim, "old", ProduceRequest.ACKS_ALL, oldHistory);
            for (int i = 0; i < 10; i++) {
                old.send(TP);
            }
            sim.awaitOrFail("old has every record acknowledged or given up on", old::idle, 30_000);
            old.stop();

            int returning = cluster.isr(TP).stream().filter(b -> b != cluster.controllerId()).findFirst().orElseThrow();
            cluster.stop(returning); // a clean shutdown: its replica may lead as soon as it returns
            assertThat(cluster.deleteTopic(TP.topic()).error()).as("delete reported").isEqualTo(Errors.NONE);
            sim.runFor(10_000);
            cluster.restart(returning);

            List<Integer> assignment = new ArrayList<>(List.of(returning));
            sim.brokerIds().stream().filter(b -> b != returning).forEach(assignment::add);
            CreateTopicsRequest.NewTopicSpec spec = new CreateTopicsRequest.NewTopicSpec(TP.topic(), -1, (short) -1,
                    Map.of(0, assignment), Map.of());
            // The name is taken until the returning broker has deleted its replica.
            Errors created = Errors.UNKNOWN_SERVER_ERROR;
            for (int attempt = 0; attempt < 60 && created != Errors.NONE; attempt++) {
                created = cluster.createTopic(spec).error();
                if (created != Errors.NONE) {
                    assertThat(created).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
                    sim.runFor(1_000);
                }
            }
            assertThat(created).isEqualTo(Errors.NONE);
            cluster.awaitLeader(TP, 20_000);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(TP), 3).checkEvery(100);
            SimConsumer consumer = new SimConsumer(sim, "reader", TP, history).start();
            SimProducer fresh = new SimProducer(sim, "fresh", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 5; i++) {
                fresh.send(TP);
            }
            sim.awaitOrFail("fresh has every record acknowledged or given up on", fresh::idle, 30_000);
            sim.runFor(5_000);
            consumer.stop();
            checker.checkAfterHeal(60_000);
            List<String> violations = new ArrayList<>(checker.violations());
            history.consumed().getOrDefault(TP, Map.of()).forEach((offset, value) -> {
                if (!value.startsWith("fresh-")) {
                    violations.add("the new topic's consumer read '" + value + "' at offset " + offset);
                }
            });
            for (int b : cluster.running().keySet()) {
                cluster.replica(b, TP).ifPresent(p -> InvariantChecker.records(p, p.logEndOffset()).forEach((o, v) -> {
                    if (!v.startsWith("fresh-")) {
                        violations.add("broker " + b + " holds '" + v + "' at offset " + o + " of the new topic");
                    }
                }));
            }
            return violations;
        }
    }
}
