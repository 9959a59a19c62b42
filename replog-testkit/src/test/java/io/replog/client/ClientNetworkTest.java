package io.replog.client;

import io.replog.client.internal.Cluster;
import io.replog.client.internal.ClientNetwork;
import io.replog.errors.NetworkException;
import io.replog.errors.TimeoutException;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A client's network and metadata against real brokers (embedded ZooKeeper, Netty over TCP and
 * in-VM): it learns every broker and the controller from one bootstrap address, and a dead
 * bootstrap address fails within the time given, with a message naming it.
 */
class ClientNetworkTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "inVm={0}")
    @ValueSource(booleans = {false, true})
    void learnsTheClusterFromOneBootstrapAddress(boolean inVm) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, inVm, List.of("R1", "R2", "R1"))) {
            String first = cluster.bootstrapServers().split(",")[0];
            AdminConfig config = AdminConfig.parse(Map.of("bootstrap.servers", first, "client.id", "net-test"));
            try (ClientNetwork network = ClientNetwork.open("admin", config, null, Clock.system(), 5, 100)) {
                // A broker learns the others from the controller's UpdateMetadata, a moment after
                // it starts: the answer converges to every broker.
                Cluster view = await("the bootstrap broker's metadata names all three brokers")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> network.metadata().refresh(null).get(30, TimeUnit.SECONDS),
                                c -> c.brokers().size() == 3);
                assertThat(view.brokers()).extracting(b -> b.brokerId()).containsExactlyInAnyOrder(0, 1, 2);
                assertThat(view.brokers()).extracting(b -> b.rack()).containsExactlyInAnyOrder("R1", "R2", "R1");
                assertThat(view.controllerId()).isEqualTo(cluster.controllerId());
                assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                        .contains("replog-admin-net-test");
                // Once learned, the brokers answer by id: a refresh works with the bootstrap broker gone.
                int bootstrapBroker = cluster.runningIds().get(0);
                cluster.stopBroker(bootstrapBroker);
                Cluster after = await("the others' metadata no longer lists broker " + bootstrapBroker)
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> network.metadata().refresh(null).get(30, TimeUnit.SECONDS),
                                c -> c.brokers().stream().noneMatch(b -> b.brokerId() == bootstrapBroker));
                assertThat(after.brokers()).extracting(b -> b.brokerId()).hasSize(2);
            }
        }
    }

    @Test
    void aDeadTcpBootstrapAddressFailsNamingIt() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        AdminConfig config = AdminConfig.parse(Map.of("bootstrap.servers", address));
        try (ClientNetwork network = ClientNetwork.open("admin", config, null, Clock.system(), 5, 50)) {
            assertThatThrownBy(() -> network.metadata().refresh(null).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(NetworkException.class)
                    .hasMessageContaining(address);
            long deadline = Clock.system().millis() + 1_000;
            assertThatThrownBy(() -> network.metadata().await(null, c -> !c.brokers().isEmpty(), deadline,
                    "any broker").get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("any broker").hasMessageContaining(address);
            assertThat(Clock.system().millis()).as("gave up at its deadline, not much later")
                    .isLessThan(deadline + 5_000);
        }
    }

    @Test
    void aDeadInVmBootstrapAddressFailsNamingIt() {
        AdminConfig config = AdminConfig.parse(Map.of("bootstrap.servers", "local://nobody-here"));
        try (ClientNetwork network = ClientNetwork.open("admin", config, null, Clock.system(), 5, 50)) {
            assertThatThrownBy(() -> network.metadata().refresh(null).join())
                    .cause().isInstanceOf(NetworkException.class).hasMessageContaining("local://nobody-here");
        }
    }
}
