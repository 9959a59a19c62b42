package io.replog.sim.scenario;

import io.replog.protocol.ProduceRequest;
import io.replog.sim.History;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulated power loss runs on the brokers' {@code PowerLossFileSystem}s: it loses unsynced
 * data (the broker's files change), a plain crash loses nothing, and the same seed leaves the
 * same bytes in every file even though each run's files live under a differently named
 * temporary directory (the crash state is chosen from the seed alone, so a failing seed replays).
 */
class PowerLossReplayTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void theSameSeedLeavesTheSameFilesAndAKillLeavesEverything() {
        Run first = run(true);
        Run second = run(true);
        assertThat(second.base).isNotEqualTo(first.base);
        assertThat(second.after).isEqualTo(first.after);
        assertThat(second.trace).isEqualTo(first.trace).contains("POWER LOSS of broker");
        assertThat(first.after).as("a power loss loses unsynced data").isNotEqualTo(first.before);

        Run killed = run(false);
        assertThat(killed.after).as("a crash keeps the page cache").isEqualTo(killed.before);
    }

    private record Run(String base, Map<String, String> before, Map<String, String> after, String trace) {
    }

    private Run run(boolean powerLoss) {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(23).withBrokers(3).withTraceCapacity(100_000));
        reporter.track(sim);
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2)
                .withRebalanceIntervalMs(0)).start()) {
            cluster.createTopicOrFail(TP.topic(), 1, 3, Map.of());
            cluster.awaitIsr(TP, 3, 20_000);
            History history = new History();
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 30; i++) {
                producer.send(TP);
            }
            sim.awaitOrFail("the producer has every answer", producer::idle, 30_000);
            int victim = cluster.leader(TP);
            Path dir = cluster.baseDir().resolve("broker-" + victim);
            Map<String, String> before = contents(dir);
            if (powerLoss) {
                cluster.powerLoss(victim, new Random(11));
            } else {
                cluster.kill(victim);
            }
            return new Run(cluster.baseDir().toString(), before, contents(dir), sim.trace().dump(100_000));
        }
    }

    /** Each file under {@code dir} (relative name) to its size and content hash; the lock file's content does not count. */
    private static Map<String, String> contents(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                out.put(dir.relativize(f).toString(), bytes.length + ":" + Arrays.hashCode(bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
