package io.replog.client.internal.admin;

import io.replog.client.Node;
import io.replog.client.PartitionDescription;
import io.replog.client.TopicDescription;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.errors.NetworkException;
import io.replog.errors.NotControllerException;
import io.replog.errors.ReplogException;
import io.replog.errors.TopicExistsException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.protocol.MetadataResponse.TopicMetadata;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin client's decisions on answers, as values: results, public exceptions, what retries. */
class AdminCallsTest {
    static final BrokerRegistration B0 = new BrokerRegistration(0, "R1", List.of(new Endpoint("CLIENT", "h0", 9092)), 0L);
    static final BrokerRegistration B1 = new BrokerRegistration(1, null, List.of(new Endpoint("CLIENT", "h1", 9093)), 0L);
    static final TopicId ID = new TopicId(1, 2);

    @Test
    void brokersAreNodesOrderedByIdWithTheirRacksAndTheControllerIsOneOfThem() {
        MetadataResponse response = new MetadataResponse(List.of(B1, B0), 1, List.of());
        assertThat(AdminCalls.brokers(response)).containsExactly(new Node(0, "h0", 9092, Optional.of("R1")),
                Node.of(1, "h1", 9093));
        assertThat(AdminCalls.controller(response)).contains(Node.of(1, "h1", 9093));
        assertThat(AdminCalls.controller(new MetadataResponse(List.of(B0), -1, List.of()))).isEmpty();
    }

    @Test
    void aTopicIsDescribedInPartitionOrderWithReplicasInAssignmentOrder() {
        MetadataResponse response = new MetadataResponse(List.of(B0, B1), 0, List.of(new TopicMetadata("t", ID,
                Errors.NONE, List.of(
                new PartitionMetadata(1, Errors.NONE, 0, 3, List.of(0, 1), List.of(0), List.of()),
                new PartitionMetadata(0, Errors.NONE, 1, 7, List.of(1, 0), List.of(1, 0), List.of()),
                new PartitionMetadata(2, Errors.LEADER_NOT_AVAILABLE, -1, 2, List.of(1, 0), List.of(), List.of(1))))));
        TopicDescription d = AdminCalls.describe(response, "t");
        assertThat(d.topicId()).isEqualTo(ID);
        assertThat(d.partitions()).containsExactly(new PartitionDescription(0, 1, List.of(1, 0), List.of(1, 0), 7),
                new PartitionDescription(1, 0, List.of(0, 1), List.of(0), 3),
                new PartitionDescription(2, -1, List.of(1, 0), List.of(), 2));
        assertThat(AdminCalls.topicNames(response)).containsExactly("t");
    }

    @Test
    void anUnknownTopicFailsWithTheUnknownTopicExceptionNamingIt() {
        MetadataResponse response = new MetadataResponse(List.of(B0), 0, List.of(new TopicMetadata("gone", TopicId.ZERO,
                Errors.UNKNOWN_TOPIC_OR_PARTITION, List.of())));
        assertThatThrownBy(() -> AdminCalls.describe(response, "gone"))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("gone");
        assertThat(AdminCalls.topicNames(response)).isEmpty();
    }

    @Test
    void errorCodesBecomeThePublicExceptionsAndOnlyRetriableOnesRetry() {
        ReplogException exists = AdminCalls.failure(Errors.TOPIC_ALREADY_EXISTS, "Topic 'a' already exists", "topic a");
        assertThat(exists).isInstanceOf(TopicExistsException.class).hasMessage("topic a: Topic 'a' already exists");
        assertThat(AdminCalls.failure(Errors.NONE, null, "topic a")).isNull();
        assertThat(AdminCalls.retriable(exists)).isFalse();
        assertThat(AdminCalls.retriable(AdminCalls.failure(Errors.NOT_CONTROLLER, null, "x"))).isTrue();
        assertThat(AdminCalls.retriable(new NetworkException("down"))).isTrue();
        assertThat(AdminCalls.retriable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void topicConfigsKeepTheBrokersOrderAndFailWithTheResourcesError() {
        DescribeConfigsResponse ok = new DescribeConfigsResponse(List.of(new DescribeConfigsResponse.Result(Errors.NONE,
                null, DescribeConfigsRequest.TOPIC, "t", List.of(
                entry("segment.bytes", "1073741824"), entry("min.insync.replicas", "2")))));
        assertThat(AdminCalls.topicConfigs(ok, "t")).containsExactly(Map.entry("segment.bytes", "1073741824"),
                Map.entry("min.insync.replicas", "2"));
        DescribeConfigsResponse unknown = new DescribeConfigsResponse(List.of(DescribeConfigsResponse.Result.failed(
                Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic u does not exist", DescribeConfigsRequest.TOPIC, "u")));
        assertThatThrownBy(() -> AdminCalls.topicConfigs(unknown, "u"))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("does not exist");
    }

    @Test
    void electedPartitionsAreThoseMovedNotThoseNeedingNoneOrHavingNoEligibleLeader() {
        ElectLeadersResponse response = new ElectLeadersResponse(Errors.NONE, Map.of(
                new TopicPartition("t", 0), Errors.NONE, new TopicPartition("t", 1), Errors.ELECTION_NOT_NEEDED,
                new TopicPartition("t", 2), Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE));
        assertThat(AdminCalls.elected(response, "t")).containsExactly(0);
        assertThatThrownBy(() -> AdminCalls.elected(new ElectLeadersResponse(Errors.NOT_CONTROLLER, Map.of()), "t"))
                .isInstanceOf(NotControllerException.class);
        assertThatThrownBy(() -> AdminCalls.elected(new ElectLeadersResponse(Errors.NONE,
                Map.of(new TopicPartition("t", 0), Errors.UNKNOWN_TOPIC_OR_PARTITION)), "t"))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("t-0");
    }

    private static DescribeConfigsResponse.Entry entry(String name, String value) {
        return new DescribeConfigsResponse.Entry(name, value, false, DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG,
                false, List.of(), (byte) 0, null);
    }
}
