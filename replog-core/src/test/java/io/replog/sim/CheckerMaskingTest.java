package io.replog.sim;

import io.replog.protocol.ProduceRequest;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker must not let a later acknowledgement at the same offset hide a lost acks=all
 * write: when acknowledgements were keyed by offset, the acks=1 write acknowledged at the offset
 * of a lost acks=all write replaced it in the history, and the loss vanished.
 */
class CheckerMaskingTest {
    static final TopicPartition TP = new TopicPartition("t", 0);

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void aLostAcksAllWriteIsReportedAlthoughAnAcksOneWriteWasAcknowledgedAtItsOffset() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(4).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            cluster.createTopicOrFail(TP.topic(), 1, 3, Map.of());
            cluster.awaitIsr(TP, 3, 20_000);
            History history = new History();
            // As if an acks=all write had been acknowledged at offset 0 and then lost ...
            history.acked(new History.Ack(TP, 0, "all-lost", ProduceRequest.ACKS_ALL, sim.nowMs()));
            // ... and an acks=1 write later took offset 0.
            SimProducer one = new SimProducer(sim, "one", ProduceRequest.ACKS_LEADER, history);
            one.send(TP);
            sim.awaitOrFail("one has every record acknowledged or given up on", one::idle, 10_000);
            assertThat(history.acked().get(TP)).extracting(History.Ack::offset).containsExactly(0L, 0L);
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(TP), 3);
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).singleElement().asString()
                    .startsWith("invariant 1: acks=all record 'all-lost' acknowledged at offset 0");
        }
    }
}
