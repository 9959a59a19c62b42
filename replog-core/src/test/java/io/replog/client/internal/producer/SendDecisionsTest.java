package io.replog.client.internal.producer;

import io.replog.client.internal.Cluster;
import io.replog.client.internal.producer.SendDecisions.Outcome;
import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.NetworkException;
import io.replog.errors.NotEnoughReplicasException;
import io.replog.errors.NotLeaderException;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.ReplogException;
import io.replog.errors.TimeoutException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.protocol.MetadataResponse.TopicMetadata;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's routing and error decisions, as values: no network, no thread. */
class SendDecisionsTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final TopicPartition T2 = new TopicPartition("t", 2);
    private static final TopicPartition T3 = new TopicPartition("t", 3);

    private static BrokerRegistration broker(int id) {
        return new BrokerRegistration(id, null, List.of(), 0L, 1L, false);
    }

    private static PartitionMetadata partition(int p, int leader) {
        return new PartitionMetadata(p, Errors.NONE, leader, 0, List.of(0, 1, 2), List.of(0, 1, 2), List.of());
    }

    @Test
    void readyPartitionsGoOneRequestPerLiveLeaderAndLeaderlessOnesWaitForMetadata() {
        // Partition 2's leader (broker 9) is not among the live brokers; partition 3 has none.
        Cluster cluster = Cluster.of(new MetadataResponse(List.of(broker(0), broker(1)), 0, List.of(
                new TopicMetadata("t", TopicId.ZERO, Errors.NONE, List.of(partition(0, 1), partition(1, 0),
                        partition(2, 9), partition(3, -1))))), 0);
        SendDecisions.Routing routing = SendDecisions.route(List.of(T0, T1, T2, T3,
                new TopicPartition("unknown", 0)), cluster);
        assertThat(routing.byLeader()).isEqualTo(Map.of(1, List.of(T0), 0, List.of(T1)));
        assertThat(routing.leaderless()).isEqualTo(Set.of(T2, T3, new TopicPartition("unknown", 0)));
    }

    @Test
    void partitionsOfOneLeaderShareItsRequestInPartitionOrder() {
        Cluster cluster = Cluster.of(new MetadataResponse(List.of(broker(0)), 0, List.of(
                new TopicMetadata("t", TopicId.ZERO, Errors.NONE, List.of(partition(0, 0), partition(1, 0),
                        partition(2, 0))))), 0);
        assertThat(SendDecisions.route(List.of(T0, T1, T2), cluster).byLeader())
                .isEqualTo(Map.of(0, List.of(T0, T1, T2)));
    }

    @Test
    void theErrorsKafkasProducerRetriesAreRetriedAndOthersFailTheBatch() {
        assertThat(SendDecisions.outcome(Errors.NONE)).isEqualTo(Outcome.COMPLETE);
        for (Errors retriable : List.of(Errors.NOT_LEADER_OR_FOLLOWER, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                Errors.NOT_ENOUGH_REPLICAS, Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND, Errors.REQUEST_TIMED_OUT,
                Errors.LEADER_NOT_AVAILABLE, Errors.NETWORK_EXCEPTION, Errors.KAFKA_STORAGE_ERROR)) {
            assertThat(SendDecisions.outcome(retriable)).as(retriable.name()).isEqualTo(Outcome.RETRY);
        }
        for (Errors fatal : List.of(Errors.MESSAGE_TOO_LARGE, Errors.CORRUPT_MESSAGE, Errors.INVALID_TOPIC_EXCEPTION,
                Errors.UNKNOWN_SERVER_ERROR, Errors.UNSUPPORTED_COMPRESSION_TYPE)) {
            assertThat(SendDecisions.outcome(fatal)).as(fatal.name()).isEqualTo(Outcome.FAIL);
        }
    }

    @Test
    void aRequestWithoutAnswerIsRetriedAfterNetworkFailuresOnly() {
        assertThat(SendDecisions.outcomeOfRequestFailure(new CompletionException(new NetworkException("lost"))))
                .isEqualTo(Outcome.RETRY);
        assertThat(SendDecisions.outcomeOfRequestFailure(new TimeoutException("request.timeout.ms")))
                .isEqualTo(Outcome.RETRY);
        assertThat(SendDecisions.outcomeOfRequestFailure(new IllegalArgumentException("cannot send")))
                .isEqualTo(Outcome.FAIL);
        assertThat(SendDecisions.requestError(new CompletionException(new NetworkException("lost"))))
                .isInstanceOf(NetworkException.class).hasMessage("lost");
    }

    @Test
    void aPartitionErrorIsTheMappedExceptionNamingPartitionBrokerAndDetail() {
        ReplogException e = SendDecisions.partitionError(T1, 2, Errors.NOT_ENOUGH_REPLICAS, "ISR [2] < 2");
        assertThat(e).isInstanceOf(NotEnoughReplicasException.class)
                .hasMessageContaining("t-1").hasMessageContaining("broker 2").hasMessageContaining("ISR [2] < 2");
        assertThat(SendDecisions.partitionError(T0, 0, Errors.NOT_LEADER_OR_FOLLOWER, null))
                .isInstanceOf(NotLeaderException.class).hasMessageContaining("NOT_LEADER_OR_FOLLOWER");
        assertThat(SendDecisions.partitionError(T0, 0, Errors.MESSAGE_TOO_LARGE, ""))
                .isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void metadataThatNeverCameFailsNamingTheUnknownTopicOrWithTheTimeout() {
        Cluster unknown = Cluster.of(new MetadataResponse(List.of(broker(0)), 0, List.of(new TopicMetadata(
                "ghost", TopicId.ZERO, Errors.UNKNOWN_TOPIC_OR_PARTITION, List.of()))), 0);
        TimeoutException timeout = new TimeoutException("Timed out waiting for metadata of topic ghost "
                + "(bootstrap.servers [127.0.0.1:1])");
        assertThat(SendDecisions.metadataWaitFailure("ghost", unknown, new CompletionException(timeout), 300))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("ghost")
                .hasMessageContaining("300 ms");
        assertThat(SendDecisions.metadataWaitFailure("ghost", Cluster.EMPTY, new CompletionException(timeout), 300))
                .as("no answer at all: the timeout, naming the bootstrap servers").isSameAs(timeout);
    }
}
