package io.replog.zk;

import io.replog.config.BrokerConfig;
import io.replog.errors.InvalidConfigException;
import io.replog.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZkCoordinatorFactoryTest {
    private final ZkCoordinatorFactory factory = new ZkCoordinatorFactory();

    @Test
    void readsKafkasPropertyNamesThroughTheDeclaredKeys() {
        ZkCoordinatorConfig c = factory.config(Map.of("zookeeper.connect", "zk1:2181,zk2:2181/replog",
                "zookeeper.session.timeout.ms", "6000", "isr.change.notification.linger.ms", "50", "broker.id", 4,
                "log.dirs", "/var/replog"));
        assertThat(c.connect()).isEqualTo(new ZkConnectString("zk1:2181,zk2:2181", "/replog"));
        assertThat(c.sessionTimeoutMs()).isEqualTo(6000);
        assertThat(c.isrNotificationLingerMs()).isEqualTo(50);
        assertThat(c.name()).isEqualTo("broker-4");
        ZkCoordinatorConfig defaults = factory.config(Map.of("zookeeper.connect", "h:1"));
        assertThat(defaults.sessionTimeoutMs()).isEqualTo(18_000).isEqualTo(ZkCoordinatorConfig.DEFAULT_SESSION_TIMEOUT_MS);
        assertThat(defaults.isrNotificationLingerMs()).isEqualTo(500);
        assertThat(defaults.name()).isEqualTo("replog");
    }

    @Test
    void aBrokerConfigGivesTheSameAsItsProperties() {
        Map<String, Object> props = Map.of("broker.id", "2", "log.dirs", "/var/replog", "zookeeper.connect",
                "h:2181/x", "zookeeper.session.timeout.ms", "9000", "isr.change.notification.linger.ms", "0");
        assertThat(factory.config(BrokerConfig.parse(props))).isEqualTo(factory.config(props));
    }

    @Test
    void badValuesAreRefusedNamingKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> factory.config(Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Missing required configuration 'zookeeper.connect': ")
                .hasMessageEndingWith("Must be host:port[,host:port...][/chroot] with ports 1-65535.");
        assertThatThrownBy(() -> factory.config(Map.of("zookeeper.connect", "h:1", "zookeeper.session.timeout.ms", "soon")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'soon' for configuration 'zookeeper.session.timeout.ms': expected an integer");
        assertThatThrownBy(() -> factory.config(Map.of("zookeeper.connect", "h:1", "zookeeper.session.timeout.ms", "-1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-1' for configuration 'zookeeper.session.timeout.ms': must be at least 1");
        assertThatThrownBy(() -> factory.config(Map.of("zookeeper.connect", "h:1", "zookeeper.connection.timeout.ms", "0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '0' for configuration 'zookeeper.connection.timeout.ms': must be at least 1");
        assertThatThrownBy(() -> factory.config(Map.of("zookeeper.connect", "h:70000")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'h:70000' for configuration 'zookeeper.connect': must be "
                        + "host:port[,host:port...][/chroot] with ports 1-65535");
        assertThatThrownBy(() -> factory.config(Map.of("zookeeper.connect", "h:1/a/")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("invalid chroot '/a/'");
        assertThatThrownBy(() -> factory.config(Map.of("zookeeper.connect", "h:1", "broker.id", "one")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value 'one' for configuration 'broker.id': expected an integer");
    }

    @Test
    void aMisspelledZooKeeperKeyIsRefused() {
        assertThatThrownBy(() -> factory.config(Map.of("zookeeper.connect", "h:1", "zookeeper.sesion.timeout.ms", "6000")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'zookeeper.sesion.timeout.ms'; known keys are [")
                .hasMessageContaining("zookeeper.session.timeout.ms");
    }

    @Test
    void createWaitsForTheFirstConnection() {
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.start()) {
            BrokerConfig broker = BrokerConfig.builder().brokerId(1).logDir(Path.of("/unused"))
                    .zookeeperConnect(server.connectString("/factory")).zookeeperConnectionTimeoutMs(20_000).build();
            try (ZkCoordinator c = factory.create(broker)) {
                assertThat(c.isConnected()).isTrue();
                assertThat(c.config().name()).isEqualTo("broker-1");
            }
        }
    }

    @Test
    void createGivesUpAfterTheConnectionTimeoutNamingTheKey() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        int p = port;
        assertThatThrownBy(() -> factory.create(Map.of("zookeeper.connect", "127.0.0.1:" + p,
                "zookeeper.connection.timeout.ms", "300")))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Could not connect to ZooKeeper 127.0.0.1:" + p
                        + " within zookeeper.connection.timeout.ms (300 ms)");
    }
}
