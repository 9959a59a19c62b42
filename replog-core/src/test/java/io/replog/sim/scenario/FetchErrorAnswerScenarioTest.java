package io.replog.sim.scenario;

import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimReplay;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long-poll fetch in which a partition has an error is answered at once, as Kafka's broker
 * does, rather than after {@code maxWaitMs}: a follower that asks a leader which has not yet
 * learned of a new partition hears UNKNOWN_TOPIC_OR_PARTITION now, not after the wait (then its
 * back-off), and a consumer asking the wrong broker hears NOT_LEADER_OR_FOLLOWER now. A fetch
 * with no error and no data still waits.
 */
class FetchErrorAnswerScenarioTest {
    private static final int MAX_WAIT_MS = 2_000; // below the simulated client's 3 s request timeout

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    @Test
    void aFetchWithAPartitionInErrorIsAnsweredAtOnceWhileOneWithNothingNewStillWaits() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(61))
                .withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            TopicPartition tp = new TopicPartition("events", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            int leader = cluster.leader(tp);
            int follower = sim.zooKeeper().topics().get(tp.topic()).replicas(tp).stream()
                    .filter(b -> b != leader).findFirst().orElseThrow();
            TopicPartition unknown = new TopicPartition("no-such-topic", 0);

            Timed unknownOnly = fetch(sim, leader, FetchRequest.CONSUMER_REPLICA_ID, List.of(unknown));
            assertThat(unknownOnly.errors()).containsEntry(unknown, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(unknownOnly.elapsedMs()).as("unknown partition answered after").isLessThan(MAX_WAIT_MS / 10);

            Timed notLeader = fetch(sim, follower, FetchRequest.CONSUMER_REPLICA_ID, List.of(tp));
            assertThat(notLeader.errors()).containsEntry(tp, Errors.NOT_LEADER_OR_FOLLOWER);
            assertThat(notLeader.elapsedMs()).as("not-leader answered after").isLessThan(MAX_WAIT_MS / 10);

            // A known partition with nothing new next to an unknown one: the error decides, as in Kafka.
            Timed mixed = fetch(sim, leader, FetchRequest.CONSUMER_REPLICA_ID, List.of(tp, unknown));
            assertThat(mixed.errors()).containsEntry(tp, Errors.NONE)
                    .containsEntry(unknown, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(mixed.elapsedMs()).as("mixed fetch answered after").isLessThan(MAX_WAIT_MS / 10);

            Timed nothingNew = fetch(sim, leader, FetchRequest.CONSUMER_REPLICA_ID, List.of(tp));
            assertThat(nothingNew.errors()).containsEntry(tp, Errors.NONE);
            assertThat(nothingNew.elapsedMs()).as("a fetch with nothing new and no error still long-polls")
                    .isGreaterThanOrEqualTo(MAX_WAIT_MS);
        }
    }

    private record Timed(Map<TopicPartition, Errors> errors, long elapsedMs) {
    }

    /** A fetch at offset 0 of each partition (minBytes 1, maxWait 2 s) from a client, timed in simulated time. */
    private static Timed fetch(Simulation sim, int broker, int replicaId, List<TopicPartition> partitions) {
        FetchRequest request = new FetchRequest(replicaId, MAX_WAIT_MS, 1, 1 << 20, partitions.stream()
                .map(p -> new FetchRequest.PartitionFetch(p, -1, 0, -1, 1 << 20)).toList());
        long start = sim.nowMs();
        FetchResponse response = (FetchResponse) sim.await(Scenarios.client(sim, "consumer").send(broker, request),
                3L * MAX_WAIT_MS);
        return new Timed(response.partitions().stream().collect(Collectors.toMap(FetchResponse.PartitionData::partition,
                FetchResponse.PartitionData::error)), sim.nowMs() - start);
    }
}
