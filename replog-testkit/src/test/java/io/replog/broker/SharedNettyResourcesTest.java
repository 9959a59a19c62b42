package io.replog.broker;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.netty.NettyResources;
import io.replog.netty.provider.NettyTransportProvider;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.transport.Transport;
import io.replog.zk.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Brokers of one JVM sharing one {@link NettyResources}: their listeners and inter-broker
 * connections add no Netty threads, closing them leaves the shared threads running, and closing
 * the resources leaves no replog thread behind.
 */
class SharedNettyResourcesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TCP_THREADS = 2;
    private static final int IN_VM_THREADS = 1;
    /** Both groups and the one lookup thread: the most Netty threads the resources may ever run. */
    private static final int SHARED_THREADS = TCP_THREADS + IN_VM_THREADS + 1;

    @TempDir
    Path dir;

    @Test
    void threeBrokersOnOneResourcesObjectRunOnItsThreadsOnlyAndLeaveNoThreadAfterClose() throws Exception {
        NettyResources resources = NettyResources.create(TCP_THREADS, IN_VM_THREADS);
        NettyTransportProvider transport = new NettyTransportProvider(resources);
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            List<Broker> brokers = new ArrayList<>();
            try {
                brokers.add(start(0, zk, transport));
                await("broker 0 is controller").atMost(WAIT).until(() -> brokers.get(0).isController());
                long withOne = nettyThreads();
                brokers.add(start(1, zk, transport));
                brokers.add(start(2, zk, transport));

                try (Transport client = transport.client(config(0, zk))) {
                    client.updateBrokers(brokers.stream().map(b -> new BrokerRegistration(b.id(), null,
                            b.endpoints(), 0L)).toList());
                    // A topic of replication factor 3 needs all three registered.
                    await("the controller's metadata lists three live brokers").atMost(WAIT)
                            .until(() -> liveBrokers(client) == 3);
                    CreateTopicsResponse created = (CreateTopicsResponse) client.send(0, new CreateTopicsRequest(
                            List.of(new CreateTopicsRequest.NewTopicSpec("shared", 3, (short) 3, Map.of(), Map.of())),
                            30_000, false)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(created.results().get("shared").error()).isEqualTo(Errors.NONE);
                    // Every broker now talks to every other one (LeaderAndIsr, UpdateMetadata, follower fetches).
                    await("every partition of shared has a full ISR").atMost(WAIT)
                            .until(() -> fullIsrs(client) == 3);
                    long withThree = nettyThreads();
                    assertThat(withThree).as("Netty threads with three brokers and a client (one broker: %s)",
                            withOne).isLessThanOrEqualTo(SHARED_THREADS).isPositive();
                    assertThat(replogThreadNames()).as("every Netty thread is the shared resources'")
                            .filteredOn(n -> n.startsWith("replog-netty-"))
                            .allMatch(n -> n.startsWith("replog-netty-io-") || n.startsWith("replog-netty-lookup"));
                }
            } finally {
                Collections.reverse(brokers);
                brokers.forEach(Broker::close);
            }
        }
        assertThat(resources.tcpGroup().isShuttingDown()).as("closing brokers leaves the shared TCP group running")
                .isFalse();
        assertThat(resources.inVmGroup().isShuttingDown()).as("and the shared in-VM group").isFalse();

        resources.close();
        await("no replog thread is left once the brokers and the resources are closed").atMost(WAIT)
                .until(SharedNettyResourcesTest::replogThreadNames, List::isEmpty);
    }

    private Broker start(int id, EmbeddedZooKeeper zk, NettyTransportProvider transport) {
        return Broker.builder(config(id, zk)).transport(transport).start();
    }

    private BrokerConfig config(int id, EmbeddedZooKeeper zk) {
        return BrokerConfig.builder().brokerId(id).logDir(dir.resolve("broker-" + id))
                .listeners("PLAINTEXT://127.0.0.1:0")
                .zookeeperConnect(zk.connectString("/shared-netty-test")).zookeeperSessionTimeoutMs(6_000).build();
    }

    private static int fullIsrs(Transport client) throws Exception {
        MetadataResponse m = (MetadataResponse) client.send(0, new MetadataRequest(List.of("shared")))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return (int) m.topics().stream().filter(t -> t.topic().equals("shared"))
                .flatMap(t -> t.partitions().stream()).filter(p -> p.leader() >= 0 && p.isr().size() == 3).count();
    }

    private static int liveBrokers(Transport client) throws Exception {
        MetadataResponse m = (MetadataResponse) client.send(0, new MetadataRequest(List.of()))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return m.brokers().size();
    }

    private static long nettyThreads() {
        return replogThreadNames().stream().filter(n -> n.startsWith("replog-netty-")).count();
    }

    private static List<String> replogThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("replog-")).sorted().toList();
    }
}
