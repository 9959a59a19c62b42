package io.replog.sim.scenario;

import io.replog.log.PowerLossFileSystem;
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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader's disk fails an fsync of one partition's log: that log goes offline, the broker tells
 * the controller (log directory event), the controller learns the offline replica from the
 * broker's KAFKA_STORAGE_ERROR answer and moves leadership to another ISR member, and the broker
 * keeps replicating its other partitions.
 */
class OfflineLogScenarioTest {
    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void anIoErrorMovesLeadershipOffTheFailedReplicaAndTheBrokerServesTheRest() {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(11).withBrokers(3));
        reporter.track(sim);
        Map<Integer, PowerLossFileSystem> disks = new ConcurrentHashMap<>();
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2))
                .withFileSystems((id, dir) -> disks.computeIfAbsent(id, x -> PowerLossFileSystem.over(dir)))
                .start()) {
            cluster.createTopicOrFail("orders", 1, 3, Map.of());
            cluster.createTopicOrFail("audit", 1, 3, Map.of());
            TopicPartition orders = new TopicPartition("orders", 0);
            TopicPartition audit = new TopicPartition("audit", 0);
            for (TopicPartition tp : new TopicPartition[]{orders, audit}) {
                cluster.awaitLeader(tp, 10_000);
                cluster.awaitIsr(tp, 3, 20_000);
            }
            History history = new History();
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 20; i++) {
                producer.send(orders);
                producer.send(audit);
            }
            sim.runUntil(producer::idle, 30_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(40);

            int failed = cluster.leader(orders);
            // The next write to the partition's files on that broker (the next append) fails.
            disks.get(failed).failNext(PowerLossFileSystem.Operation.WRITE, PowerLossFileSystem.Errno.EIO,
                    orders.directoryName());
            producer.send(orders);
            sim.awaitOrFail("leadership moved off broker " + failed,
                    () -> cluster.leader(orders) >= 0 && cluster.leader(orders) != failed
                    && !cluster.isr(orders).contains(failed), 60_000, cluster.seen(orders));

            for (int i = 0; i < 20; i++) {
                producer.send(orders);
                producer.send(audit);
            }
            sim.runUntil(producer::idle, 60_000);
            // 81: the send that met the failed write is retried (a storage error is retriable) and
            // acknowledged by the new leader, like the 40 after it.
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(81);
            assertThat(cluster.isr(audit)).as("the broker still replicates its healthy partition").contains(failed);
        }
    }
}
