package io.replog.client;

import io.replog.client.internal.ClientNetwork;
import io.replog.errors.InvalidReplicationFactorException;
import io.replog.errors.ReplogException;
import io.replog.errors.TimeoutException;
import io.replog.errors.TopicExistsException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.Errors;
import io.replog.testing.TestCluster;
import io.replog.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Admin#create} against real brokers (embedded ZooKeeper, Netty over TCP and in-VM):
 * topics created with configs and with an explicit assignment read back exactly; the seed's
 * {@code invoice} topic gets the seed's rack-aware assignment; duplicates, unknown topics and
 * impossible replication factors fail with the public exceptions; brokers, racks and the controller
 * are reported; a preferred election moves leadership back after a restart; a dead bootstrap
 * address fails the call at {@code default.api.timeout.ms}, naming it; close fails pending calls.
 */
class AdminTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Admin admin(TestCluster cluster) {
        return Admin.create(AdminConfig.parse(cluster.clientProps(Map.of("client.id", "admin-test"))));
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void createsDescribesConfiguresListsAndDeletesTopics(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1", "R2", "R1"));
             Admin admin = admin(cluster)) {
            // Counted and configured: the controller assigns; the overrides read back, the rest are the defaults.
            get(admin.createTopic(NewTopic.of("orders", 3, 2)
                    .withConfigs(Map.of("min.insync.replicas", "2", "retention.ms", "3600000"))));
            Map<String, String> configs = get(admin.topicConfigs("orders"));
            assertThat(configs).containsEntry("min.insync.replicas", "2").containsEntry("retention.ms", "3600000")
                    .containsEntry("segment.bytes", String.valueOf(1 << 30))
                    .containsEntry("unclean.leader.election.enable", "false");
            assertThat(configs.keySet()).containsExactlyElementsOf(io.replog.config.TopicConfig.CONFIG_DEF.keys()
                    .stream().map(io.replog.config.ConfigKey::name).toList());
            TopicDescription orders = get(admin.describeTopic("orders"));
            assertThat(orders.partitions()).hasSize(3);
            assertThat(orders.replicationFactor()).isEqualTo(2);

            // An explicit assignment reads back exactly, in assignment order, led by the first replica.
            Map<Integer, List<Integer>> assignment = Map.of(0, List.of(2, 0), 1, List.of(0, 1), 2, List.of(1, 2));
            get(admin.createTopic(NewTopic.withAssignment("placed", assignment)));
            TopicDescription placed = get(admin.describeTopic("placed"));
            assertThat(placed.name()).isEqualTo("placed");
            for (PartitionDescription p : placed.partitions()) {
                assertThat(p.replicas()).as("replicas of placed-%d", p.partition())
                        .isEqualTo(assignment.get(p.partition()));
                assertThat(p.leader()).isEqualTo(p.preferredLeader());
                assertThat(p.isr()).containsExactlyInAnyOrderElementsOf(p.replicas());
                assertThat(p.leaderEpoch()).isZero();
            }

            assertThatThrownBy(() -> admin.createTopic(NewTopic.of("placed", 1, 1)).join())
                    .cause().isInstanceOf(TopicExistsException.class).hasMessageContaining("placed");
            assertThatThrownBy(() -> admin.createTopic(NewTopic.of("wide", 1, 5)).join())
                    .cause().isInstanceOf(InvalidReplicationFactorException.class);

            assertThat(get(admin.brokers())).containsExactly(
                    new Node(0, node(cluster, 0).host(), node(cluster, 0).port(), Optional.of("R1")),
                    new Node(1, node(cluster, 1).host(), node(cluster, 1).port(), Optional.of("R2")),
                    new Node(2, node(cluster, 2).host(), node(cluster, 2).port(), Optional.of("R1")));
            assertThat(get(admin.controller())).map(Node::id).hasValue(cluster.controllerId());

            assertThat(get(admin.listTopics())).contains("orders", "placed").doesNotContain("wide");
            get(admin.deleteTopic("orders"));
            assertThat(get(admin.listTopics())).contains("placed").doesNotContain("orders");
            assertThatThrownBy(() -> admin.describeTopic("orders").join())
                    .cause().isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("orders");
            assertThatThrownBy(() -> admin.topicConfigs("never").join())
                    .cause().isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("never");
            assertThatThrownBy(() -> admin.deleteTopic("never").join())
                    .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    /** The broker's DescribeConfigs over the wire: where each value comes from, synonyms, documentation, errors. */
    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void describeConfigsMarksOverridesAndDefaultsAndRefusesBrokerResources(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1"),
                Map.of("log.retention.ms", 86_400_000L));
             Admin admin = admin(cluster);
             ClientNetwork network = ClientNetwork.open("admin", AdminConfig.parse(cluster.clientProps(Map.of())),
                     null, Clock.system(), 5, 100)) {
            get(admin.createTopic(NewTopic.of("audit", 1, 1).withConfig("min.insync.replicas", "1")));
            DescribeConfigsRequest request = new DescribeConfigsRequest(List.of(
                    new DescribeConfigsRequest.Resource(DescribeConfigsRequest.TOPIC, "audit",
                            List.of("min.insync.replicas", "retention.ms", "segment.bytes")),
                    new DescribeConfigsRequest.Resource(DescribeConfigsRequest.TOPIC, "missing", null),
                    new DescribeConfigsRequest.Resource(DescribeConfigsRequest.BROKER, "0", null)), true, true);
            DescribeConfigsResponse response = (DescribeConfigsResponse) get(network.metadata().sendToAny(request));

            List<DescribeConfigsResponse.Result> results = response.results();
            assertThat(results).extracting(DescribeConfigsResponse.Result::error).containsExactly(Errors.NONE,
                    Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.INVALID_REQUEST);
            assertThat(results.get(2).errorMessage()).contains("topic configs only");
            assertThat(results.get(0).entries()).extracting(e -> e.name() + "=" + e.value() + " source " + e.source())
                    .containsExactly("segment.bytes=" + (1 << 30) + " source 5", "retention.ms=86400000 source 4",
                            "min.insync.replicas=1 source 1");
            DescribeConfigsResponse.Entry minIsr = results.get(0).entries().get(2);
            assertThat(minIsr.synonyms()).extracting(s -> s.name() + "/" + s.source())
                    .containsExactly("min.insync.replicas/1", "min.insync.replicas/5");
            assertThat(minIsr.documentation()).isEqualTo(io.replog.config.TopicConfig.MIN_INSYNC_REPLICAS.doc());
        }
    }

    /**
     * Seed scenario 1 over the network: brokers 0-2 on rack R1 and 3-5 on R2, {@code invoice} with
     * 10 partitions and RF 3 created without an assignment; the controller's rack-aware assignment
     * read back through describeTopic is exactly the seed's table (RackAwareAssignorTest,
     * RackAwareAssignmentScenarioTest).
     */
    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void theInvoiceTopicGetsTheSeedsRackAwareAssignment(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1", "R1", "R1", "R2", "R2", "R2"));
             Admin admin = admin(cluster)) {
            get(admin.createTopic(NewTopic.of("invoice", 10, 3)));

            TopicDescription invoice = get(admin.describeTopic("invoice"));
            Map<Integer, List<Integer>> actual = new TreeMap<>();
            invoice.partitions().forEach(p -> actual.put(p.partition(), p.replicas()));
            assertThat(actual).isEqualTo(new TreeMap<>(Map.of(
                    0, List.of(0, 3, 1), 1, List.of(3, 1, 4), 2, List.of(1, 4, 2), 3, List.of(4, 2, 5),
                    4, List.of(2, 5, 0), 5, List.of(5, 0, 3), 6, List.of(0, 3, 1), 7, List.of(3, 1, 4),
                    8, List.of(1, 4, 2), 9, List.of(4, 2, 5))));
            assertThat(invoice.partitions()).allSatisfy(p -> assertThat(p.leader()).isEqualTo(p.preferredLeader()));

            // Safe from many threads: calls made at once from several threads all get the same answer.
            List<CompletableFuture<TopicDescription>> concurrent = java.util.stream.IntStream.range(0, 16).parallel()
                    .mapToObj(i -> admin.describeTopic("invoice")).toList();
            for (CompletableFuture<TopicDescription> f : concurrent) {
                assertThat(get(f).partitions()).extracting(PartitionDescription::replicas)
                        .containsExactlyElementsOf(actual.values());
            }
            assertThat(get(admin.brokers())).extracting(n -> n.id() + ":" + n.rack().orElse("-"))
                    .containsExactly("0:R1", "1:R1", "2:R1", "3:R2", "4:R2", "5:R2");
        }
    }

    @Test
    void electPreferredLeadersMovesLeadershipBackAfterABrokerRestart() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, false, List.of("R1", "R2", "R1"));
             Admin admin = admin(cluster)) {
            get(admin.createTopic(NewTopic.withAssignment("ledger", Map.of(0, List.of(1, 0, 2), 1, List.of(2, 1, 0)))));
            assertThat(get(admin.electPreferredLeaders("ledger"))).as("every preferred replica leads already")
                    .isEmpty();

            cluster.stopBroker(1);
            await("partition 0 fails over").atMost(WAIT).until(() -> {
                int leader = admin.describeTopic("ledger").join().partition(0).leader();
                return leader >= 0 && leader != 1;
            });
            cluster.startBroker(1);
            await("broker 1 is back in the ISR of ledger-0").atMost(WAIT).ignoreExceptions()
                    .until(() -> admin.describeTopic("ledger").join().partition(0).isr().contains(1));

            assertThat(get(admin.electPreferredLeaders("ledger"))).containsExactly(0);
            // The election is done in the controller; the brokers' metadata follows it shortly.
            await("the metadata shows broker 1 leading ledger-0 again").atMost(WAIT)
                    .until(() -> admin.describeTopic("ledger").join().partition(0).leader() == 1);
            PartitionDescription p0 = get(admin.describeTopic("ledger")).partition(0);
            assertThat(p0.leaderEpoch()).as("two leader changes").isGreaterThanOrEqualTo(2);
            assertThatThrownBy(() -> admin.electPreferredLeaders("nothing").join())
                    .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void aDeadBootstrapAddressFailsTheCallAtTheApiTimeoutNamingTheCallAndTheAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        AdminConfig config = AdminConfig.builder().set("bootstrap.servers", address).requestTimeoutMs(500)
                .defaultApiTimeoutMs(1_500).build();
        try (Admin admin = Admin.create(config)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> admin.listTopics().get(20, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("listTopics()").hasMessageContaining(address)
                    .hasMessageContaining("1500 ms");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMs).as("gave up at default.api.timeout.ms, not much later").isBetween(1_400L, 6_000L);
        }
    }

    @Test
    void closeFailsPendingCallsAndLaterCalls() {
        AdminConfig config = AdminConfig.parse(Map.of("bootstrap.servers", "local://nobody-" + dir.getFileName()));
        Admin admin = Admin.create(config);
        CompletableFuture<java.util.Set<String>> pending = admin.listTopics();
        admin.close();
        assertThatThrownBy(pending::join).cause().isInstanceOf(ReplogException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> admin.brokers().join()).cause().hasMessageContaining("closed");
        admin.close(); // harmless twice
    }

    private static io.replog.coordinator.Endpoint node(TestCluster cluster, int id) {
        return cluster.broker(id).endpoints().get(0);
    }
}
