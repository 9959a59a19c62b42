package io.replog.sim.scenario;

import io.replog.protocol.ProduceRequest;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader whose log is empty (here: the last ISR member lost its disk and was re-elected
 * cleanly) must make returning followers drop what it never had. Committed data is lost either
 * way (disk loss of the last ISR member); what must not happen is that the replicas then diverge
 * below their high watermarks. The leader answers an epoch older than its history with the
 * start of that history (as Kafka does), and the followers truncate there.
 */
class EmptyLeaderDivergenceTest {
    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void followersDoNotKeepRecordsAnEmptyLeaderNeverHad() throws IOException {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(3).withBrokers(3));
        reporter.track(sim);
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withRebalanceIntervalMs(0))
                .start()) {
            cluster.createTopicOrFail("t", 1, 3, Map.of());
            TopicPartition tp = new TopicPartition("t", 0);
            cluster.awaitIsr(tp, 3, 20_000);
            History history = new History();
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 10; i++) {
                producer.send(tp);
            }
            sim.runUntil(producer::idle, 30_000);
            sim.runFor(12_000); // the followers checkpoint a high watermark of 10
            int leader = cluster.leader(tp);
            List<Integer> followers = cluster.isr(tp).stream().filter(b -> b != leader).toList();
            followers.forEach(cluster::kill);
            sim.awaitOrFail("an ISR of 1 for " + tp, () -> cluster.isr(tp).size() == 1, 30_000, cluster.seen(tp));
            for (int i = 0; i < 5; i++) {
                producer.send(tp);
            }
            sim.runUntil(producer::idle, 30_000);
            cluster.kill(leader);
            sim.runFor(10_000);
            // The last ISR member loses its disk and comes back empty; it leads cleanly.
            try (Stream<Path> files = Files.walk(cluster.baseDir().resolve("broker-" + leader))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            cluster.restart(leader);
            cluster.awaitLeader(tp, 30_000);
            followers.forEach(cluster::restart);
            sim.runFor(5_000);
            for (int i = 0; i < 20; i++) {
                producer.send(tp);
            }
            sim.runUntil(producer::idle, 60_000);
            sim.runFor(20_000);
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3);
            checker.checkNow();
            assertThat(checker.violations()).noneMatch(v -> v.startsWith("invariant 2"));
        }
    }
}
