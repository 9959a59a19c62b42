package io.replog.testkit;

import io.replog.client.Consumer;
import io.replog.client.ConsumerRecord;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.client.Serdes;
import io.replog.errors.InvalidConfigException;
import io.replog.errors.TimeoutException;
import io.replog.topic.TopicPartition;
import io.replog.zk.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReplogCluster} over TCP and in-VM: a topic ready on every broker, clients made by the
 * cluster, and its faults (kill, restart, stop, killController, expireSession) doing what they do
 * to a real cluster; the threads it runs and leaves; precise errors for bad input.
 */
class ReplogClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(Transport.class)
    void createTopicReturnsWithFullIsrAndTheClustersClientsProduceAndConsume(Transport transport) throws Exception {
        try (ReplogCluster cluster = ReplogCluster.builder().racks("R1", "R2", "R3").transport(transport).start()) {
            cluster.createTopic("orders", 3, 3, Map.of("min.insync.replicas", "2"));
            for (int p = 0; p < 3; p++) {
                TopicPartition tp = new TopicPartition("orders", p);
                assertThat(cluster.partitionState(tp)).as("ZooKeeper's state of %s", tp).hasValueSatisfying(s ->
                        assertThat(s.isr()).containsExactlyInAnyOrder(0, 1, 2));
            }

            Producer<String, String> producer = cluster.producer(Map.of("acks", "all"), Serdes.string(),
                    Serdes.string());
            RecordMetadata sent = producer.send(ProducerRecord.of("orders", 1, "k", "hello")).get(30, TimeUnit.SECONDS);
            Consumer<String, String> consumer = cluster.consumer(Serdes.string(), Serdes.string());
            Map<Long, String> read = readAll(consumer, new TopicPartition("orders", 1), 0);
            assertThat(read).containsExactly(Map.entry(0L, "hello"));
            assertThat(sent.offset()).isZero();
            assertThat(cluster.bootstrapServers()).startsWith(transport == Transport.IN_VM ? "local://" : "127.0.0.1:");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aLeaderKilledUnderAcksAllMovesToALiveIsrMemberLosesNoAcknowledgedRecordAndRejoinsAfterRestart(
            Transport transport) throws Exception {
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3).transport(transport)
                .brokerConfig("min.insync.replicas", 2).start()) {
            TopicPartition tp = new TopicPartition("payments", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            Producer<String, String> producer = cluster.producer(Map.of("acks", "all", "linger.ms", "1",
                    "retry.backoff.ms", "50"), Serdes.string(), Serdes.string());
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(producer.send(ProducerRecord.of(tp.topic(), 0, "k", "before-" + i)));
            }
            sent.get(50).get(30, TimeUnit.SECONDS); // some acknowledged, more in flight, when the leader dies

            cluster.kill(leader);
            assertThat(cluster.state(leader)).isEqualTo(ReplogCluster.BrokerState.KILLED);
            assertThat(cluster.brokerEpoch(leader)).as("the killed broker's registration is gone with its session")
                    .isEqualTo(-1);
            for (int i = 0; i < 200; i++) {
                sent.add(producer.send(ProducerRecord.of(tp.topic(), 0, "k", "after-" + i)));
            }
            producer.flush();

            int newLeader = cluster.awaitLeader(tp);
            assertThat(newLeader).as("the new leader, a live member of the ISR {0, 1, 2}").isNotEqualTo(leader)
                    .isIn(0, 1, 2);
            assertThat(cluster.partitionState(tp)).hasValueSatisfying(s -> assertThat(s.isr()).doesNotContain(leader));
            Map<Long, String> acknowledged = new java.util.TreeMap<>();
            long previousOffset = -1;
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata m = sent.get(i).get(30, TimeUnit.SECONDS); // acks=all, retried: every one succeeds
                assertThat(m.offset()).as("record %d keeps its order", i).isGreaterThan(previousOffset);
                previousOffset = m.offset();
                acknowledged.put(m.offset(), i < 200 ? "before-" + i : "after-" + (i - 200));
            }
            Consumer<String, String> consumer = cluster.consumer(Serdes.string(), Serdes.string());
            Map<Long, String> read = readAll(consumer, tp, previousOffset);
            // At least once: a batch the dead leader had replicated but not acknowledged is sent again, so a
            // value may also sit at an earlier offset; every acknowledged one is at its acknowledged offset.
            assertThat(read).as("every acknowledged record at its offset, in send order").containsAllEntriesOf(
                    acknowledged);

            String bootstrap = cluster.bootstrapServers();
            cluster.restart(leader);
            assertThat(cluster.state(leader)).isEqualTo(ReplogCluster.BrokerState.RUNNING);
            assertThat(cluster.bootstrapServers()).as("the restarted broker listens where it did").isEqualTo(bootstrap);
            cluster.awaitIsr(tp, Set.of(0, 1, 2));
            try (Stream<Path> files = Files.list(cluster.brokerDirectory(leader))) {
                assertThat(files.toList()).as("the restarted broker's own directory, kept").isNotEmpty();
            }
        }
    }

    @Test
    void stopIsAControlledShutdownThatHandsLeadershipOverAndRestartRefusesATakenPort() throws Exception {
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3).start()) {
            TopicPartition tp = new TopicPartition("handover", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            cluster.stop(leader);
            assertThat(cluster.state(leader)).isEqualTo(ReplogCluster.BrokerState.STOPPED);
            assertThat(cluster.partitionState(tp)).as("the controlled shutdown moved leadership and shrank the ISR")
                    .hasValueSatisfying(s -> {
                        assertThat(s.leader()).isNotEqualTo(leader);
                        assertThat(s.isr()).doesNotContain(leader);
                    });
            cluster.restart(leader);
            cluster.awaitIsr(tp, Set.of(0, 1, 2));

            int port = cluster.broker(leader).endpoints().get(0).port();
            cluster.kill(leader);
            try (ServerSocket squatter = new ServerSocket()) {
                squatter.setReuseAddress(true);
                squatter.bind(new InetSocketAddress("127.0.0.1", port));
                assertThatThrownBy(() -> cluster.restart(leader)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("broker " + leader + " cannot listen on its former address 127.0.0.1:"
                                + port);
            }
            assertThat(cluster.state(leader)).isEqualTo(ReplogCluster.BrokerState.KILLED);
            cluster.restart(leader);
            cluster.awaitIsr(tp, Set.of(0, 1, 2));
        }
    }

    @Test
    void killControllerElectsAnotherWithAHigherEpoch() {
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3).start()) {
            int first = cluster.awaitController();
            int epoch = cluster.controllerEpoch().orElseThrow();
            assertThat(cluster.killController()).isEqualTo(first);
            int second = cluster.awaitController();
            assertThat(second).isNotEqualTo(first);
            assertThat(cluster.controllerEpoch().orElseThrow()).as("the new controller's epoch").isGreaterThan(epoch);
        }
    }

    @Test
    void expireSessionOnAFollowerTakesItOutAndItComesBackOnAnExternalZooKeeperToo() {
        try (EmbeddedZooKeeper external = EmbeddedZooKeeper.start()) {
            for (boolean embedded : new boolean[]{true, false}) {
                ReplogCluster.Builder builder = ReplogCluster.builder().brokers(3);
                if (!embedded) {
                    builder.externalZooKeeper(external.connectString("/external-cluster"));
                }
                try (ReplogCluster cluster = builder.start()) {
                    TopicPartition tp = new TopicPartition("sessions", 0);
                    cluster.createTopic(tp.topic(), 1, 3);
                    int leader = cluster.awaitLeader(tp);
                    int follower = (leader + 1) % 3;
                    long epochBefore = cluster.brokerEpoch(follower);

                    cluster.expireSession(follower);
                    await("broker " + follower + " registers again in a new session (embedded ZooKeeper: " + embedded
                            + ")").atMost(WAIT).until(() -> cluster.brokerEpoch(follower) > epochBefore);
                    cluster.awaitIsr(tp, Set.of(0, 1, 2));
                    assertThat(cluster.zkConnect()).endsWith(embedded ? "/replog" : "/external-cluster");
                    if (!embedded) {
                        assertThatThrownBy(cluster::stopZooKeeper).isInstanceOf(UnsupportedOperationException.class)
                                .hasMessageContaining("cannot stop an external ZooKeeper");
                    }
                }
            }
        }
    }

    @Test
    void zooKeeperDownForAWhileAndBackLosesNoAcknowledgedRecordAndTheClusterRecovers() throws Exception {
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3).brokerConfig("min.insync.replicas", 2)
                .start()) {
            TopicPartition tp = new TopicPartition("outage", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            Producer<String, String> producer = cluster.producer(Map.of("acks", "all"), Serdes.string(),
                    Serdes.string());
            List<String> acknowledged = new ArrayList<>();
            for (String phase : List.of("before", "during", "after")) {
                if (phase.equals("during")) {
                    cluster.stopZooKeeper();
                } else if (phase.equals("after")) {
                    cluster.startZooKeeper();
                    cluster.awaitController();
                    cluster.awaitIsr(tp, Set.of(0, 1, 2));
                }
                List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    sent.add(producer.send(ProducerRecord.of(tp.topic(), 0, "k", phase + "-" + i)));
                }
                for (int i = 0; i < sent.size(); i++) {
                    sent.get(i).get(30, TimeUnit.SECONDS);
                    acknowledged.add(phase + "-" + i);
                }
            }
            List<String> read = List.copyOf(readAll(cluster.consumer(Serdes.string(), Serdes.string()), tp,
                    acknowledged.size() - 1).values());
            assertThat(read).as("every record acknowledged before, during and after the outage, in order")
                    .containsExactlyElementsOf(acknowledged);
        }
    }

    @Test
    void anIsolatedFollowerAndASlowOneLeaveTheIsrWhileTheirSessionsLiveAndComeBackWhenHealed() {
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3)
                .brokerConfig("replica.lag.time.max.ms", 1_500).start()) {
            TopicPartition tp = new TopicPartition("partitioned", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            // The controller stays reachable, so that every other broker hears of the ISR changes.
            int controller = cluster.awaitController();
            int isolated = (leader + 1) % 3 != controller ? (leader + 1) % 3 : (leader + 2) % 3;
            int slow = 3 - leader - isolated;
            long isolatedEpoch = cluster.brokerEpoch(isolated);
            Producer<String, String> producer = cluster.producer(Map.of("acks", "1", "linger.ms", "0"),
                    Serdes.string(), Serdes.string());

            cluster.isolate(isolated);
            cluster.awaitIsr(tp, Set.of(leader, slow));
            assertThat(cluster.brokerEpoch(isolated)).as("the isolated broker's session lives")
                    .isEqualTo(isolatedEpoch);
            cluster.heal(isolated);
            cluster.awaitIsr(tp, Set.of(0, 1, 2));

            cluster.slowFollower(slow, 2_500);
            // Under load: a slow follower's fetches come back ever further behind the log end.
            await("slowed broker " + slow + " leaves the ISR of " + tp + " under load").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        producer.send(ProducerRecord.of(tp.topic(), 0, "k", "load"));
                        return cluster.partitionState(tp).map(s -> !s.isr().contains(slow)).orElse(false);
                    });
            cluster.heal(slow);
            cluster.awaitIsr(tp, Set.of(0, 1, 2));
            assertThat(cluster.awaitLeader(tp)).as("the leader never changed").isEqualTo(leader);
        }
    }

    @Test
    void threeBrokersAreAHandfulOfThreadsAndNoneIsLeftAfterClose() throws Exception {
        java.util.Set<Thread> before = liveThreads();
        List<String> during;
        List<String> started;
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3).start()) {
            cluster.createTopic("threads", 3, 3);
            Producer<String, String> producer = cluster.producer(Serdes.string(), Serdes.string());
            producer.send(ProducerRecord.of("threads", "k", "v")).get(30, TimeUnit.SECONDS);
            during = replogThreads();
            started = liveThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted().toList();
            LoggerFactory.getLogger(getClass()).info("a 3-broker cluster, its admin client and a producer: {} replog "
                    + "threads, {} threads started in all: {}", during.size(), started.size(), started);
            // Shared by the brokers: one engine thread and one file-work thread; per broker: its ZooKeeper
            // coordinator; shared by brokers and clients: Netty I/O (<= 2 TCP, 1 in-VM) and lookup; per client: one.
            assertThat(during).as("replog threads of a 3-broker cluster").hasSizeLessThanOrEqualTo(2 + 3 + 4 + 2);
            assertThat(during).filteredOn(n -> n.startsWith("replog-brokers-")).hasSize(2);
            assertThat(during).filteredOn(n -> n.startsWith("replog-netty-"))
                    .allMatch(n -> n.startsWith("replog-netty-io-") || n.startsWith("replog-netty-lookup"));
            // With the embedded ZooKeeper's server (7) and the brokers' ZooKeeper clients (2 each): what a
            // test JVM gains by starting the cluster, whatever the number of cores.
            assertThat(started).as("every thread the cluster started").hasSizeLessThanOrEqualTo(11 + 7 + 6);
        }
        await("no replog thread is left once the cluster is closed").atMost(WAIT)
                .until(ReplogClusterTest::replogThreads, List::isEmpty);
    }

    private static java.util.Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void badInputGetsAPreciseError() {
        assertThatThrownBy(() -> ReplogCluster.builder().brokerConfig("no.such.key", "1").start())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("no.such.key");
        assertThatThrownBy(() -> ReplogCluster.builder().brokerConfig("min.insync.replicas", "many").start())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("min.insync.replicas")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> ReplogCluster.builder().brokerConfig("broker.id", 4).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broker.id")
                .hasMessageContaining("set by ReplogCluster");
        assertThatThrownBy(() -> ReplogCluster.builder().brokers(2).racks("R1", "R2", "R3").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokers(2)")
                .hasMessageContaining("3 racks");
        assertThatThrownBy(() -> ReplogCluster.builder().broker(0, "R1").broker(0, "R2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broker 0 is given twice");
        assertThatThrownBy(() -> ReplogCluster.builder().brokers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one broker");

        try (ReplogCluster cluster = ReplogCluster.builder().broker(1, "R1").broker(4, "R2")
                .waitTimeout(Duration.ofMillis(500)).start()) {
            assertThat(cluster.brokerIds()).containsExactly(1, 4);
            assertThatThrownBy(() -> cluster.kill(7)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the cluster has no broker 7; its brokers are [1, 4]");
            assertThatThrownBy(() -> cluster.broker(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no broker 0");
            assertThatThrownBy(() -> cluster.restart(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker 1 is running");
            assertThatThrownBy(() -> cluster.isolate(9)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no broker 9");
            assertThatThrownBy(() -> cluster.slowFollower(1, -5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("extraDelayMs must be >= 0, was -5");
            cluster.kill(4);
            assertThatThrownBy(() -> cluster.kill(4)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker 4 is not running (KILLED)");
            assertThatThrownBy(() -> cluster.expireSession(4)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker 4 is not running");
            assertThatThrownBy(() -> cluster.awaitLeader(new TopicPartition("missing", 0)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("waited 500 ms for: partition missing-0 has a running leader")
                    .hasMessageContaining("last seen: broker 1: unknown");
        }
    }

    /** Every record of {@code tp} up to {@code lastOffset}, by offset. */
    private static Map<Long, String> readAll(Consumer<String, String> consumer, TopicPartition tp, long lastOffset) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        Map<Long, String> read = new java.util.TreeMap<>();
        await("consumer reads " + tp + " up to offset " + lastOffset).atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                read.put(r.offset(), r.value());
            }
            return read.containsKey(lastOffset);
        });
        return read;
    }

    private static List<String> replogThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("replog-")).sorted().toList();
    }
}
