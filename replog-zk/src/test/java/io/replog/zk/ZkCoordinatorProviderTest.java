package io.replog.zk;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.Coordinator;
import io.replog.errors.InvalidConfigException;
import io.replog.errors.TimeoutException;
import io.replog.provider.CoordinatorProvider;
import io.replog.provider.Providers;
import io.replog.time.Clock;
import io.replog.time.ManualClock;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;

import static io.replog.zk.ZkTestSupport.SESSION_TIMEOUT_MS;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ZkCoordinatorProvider}: found on the class path, and a working coordinator from a {@link BrokerConfig}. */
@ExtendWith(EmbeddedZooKeeperExtension.class)
class ZkCoordinatorProviderTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void serviceLoaderFindsItThroughReplogZksServicesFile() {
        assertThat(ServiceLoader.load(CoordinatorProvider.class, getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::type)).containsExactly(ZkCoordinatorProvider.class);
        ClassLoader classPath = getClass().getClassLoader();
        assertThat(Providers.coordinator(classPath)).isInstanceOf(ZkCoordinatorProvider.class);
        assertThat(Providers.coordinator(classPath, "zookeeper")).isInstanceOf(ZkCoordinatorProvider.class);
        assertThat(Providers.coordinator(classPath).name()).isEqualTo(ZkCoordinatorProvider.NAME);
    }

    @Test
    void itsCoordinatorRegistersTheBrokerAndBecomesController(EmbeddedZooKeeper server) throws Exception {
        BrokerConfig config = broker(7, server.connectString("/provider")).zookeeperSessionTimeoutMs(SESSION_TIMEOUT_MS)
                .zookeeperConnectionTimeoutMs(20_000).build();
        CoordinatorProvider provider = Providers.coordinator(getClass().getClassLoader());
        try (Coordinator coordinator = provider.create(config, new ManualClock(NOW))) {
            assertThat(coordinator).isInstanceOf(ZkCoordinator.class);
            ZkCoordinator zk = (ZkCoordinator) coordinator;
            assertThat(zk.isConnected()).isTrue();
            assertThat(zk.config().name()).isEqualTo("broker-7");
            assertThat(zk.config().sessionTimeoutMs()).isEqualTo(SESSION_TIMEOUT_MS);
            assertThat(zk.paths().chroot()).isEqualTo("/provider");

            long brokerEpoch = get(coordinator.registerBroker(registration(7, "r1")));
            assertThat(brokerEpoch).isPositive();
            BrokerRegistration live = get(coordinator.liveBrokers()).get(7);
            assertThat(live).isEqualTo(registration(7, "r1").withBrokerEpoch(brokerEpoch));

            OptionalInt controllerEpoch = get(coordinator.tryBecomeController(7));
            assertThat(controllerEpoch).isPresent();
            assertThat(get(coordinator.controller()))
                    .isEqualTo(Optional.of(new ControllerInfo(7, controllerEpoch.getAsInt())));
            ZooKeeper raw = ZkTestSupport.rawClient(server);
            try {
                // The controller znode is stamped with the clock the provider was given.
                assertThat(new String(raw.getData("/provider/controller", false, null), StandardCharsets.UTF_8))
                        .contains("\"brokerid\":7").contains("\"timestamp\":\"" + NOW + "\"");
            } finally {
                raw.close();
            }
        }
    }

    @Test
    void aConnectStringZooKeeperCannotUseIsRefusedNamingTheKey() {
        // BrokerConfig checks servers and ports; the chroot's rules are ZooKeeper's and checked here.
        BrokerConfig config = broker(1, "127.0.0.1:2181/replog/").build();
        assertThatThrownBy(() -> new ZkCoordinatorProvider().create(config, Clock.system()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("zookeeper.connect '127.0.0.1:2181/replog/' has an invalid chroot '/replog/': it must "
                        + "look like /name or /a/b, without a trailing '/' or empty parts");
    }

    @Test
    void anUnreachableEnsembleFailsAfterTheConnectionTimeoutNamingTheKey() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        BrokerConfig config = broker(1, "127.0.0.1:" + port).zookeeperConnectionTimeoutMs(300).build();
        assertThatThrownBy(() -> new ZkCoordinatorProvider().create(config, Clock.system()))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Could not connect to ZooKeeper 127.0.0.1:" + port
                        + " within zookeeper.connection.timeout.ms (300 ms)");
    }

    private static BrokerConfig.Builder broker(int id, String connect) {
        return BrokerConfig.builder().brokerId(id).logDir(Path.of("/unused")).zookeeperConnect(connect);
    }
}
