package io.replog.zk;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedZooKeeperTest {

    @Test
    void listensOnAnEphemeralLoopbackPortAndDeletesItsTemporaryData() throws Exception {
        Path data;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            assertThat(zk.port()).isPositive();
            assertThat(zk.connectString()).isEqualTo("127.0.0.1:" + zk.port());
            assertThat(zk.connectString("/c")).isEqualTo("127.0.0.1:" + zk.port() + "/c");
            data = zk.dataDir();
            ZooKeeper client = ZkTestSupport.rawClient(zk);
            try {
                client.create("/hello", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } finally {
                client.close();
            }
            assertThat(data).isDirectory();
        }
        assertThat(Files.exists(data)).isFalse();
    }

    @Test
    void aGivenDataDirectoryIsKeptAndItsDataSurvivesARestart(@TempDir Path dir) throws Exception {
        int port;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.builder().dataDir(dir.resolve("zk")).start()) {
            port = zk.port();
            ZooKeeper client = ZkTestSupport.rawClient(zk);
            try {
                client.create("/kept", new byte[] {7}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } finally {
                client.close();
            }
        }
        assertThat(dir.resolve("zk")).isDirectory();
        try (EmbeddedZooKeeper again = EmbeddedZooKeeper.builder().dataDir(dir.resolve("zk")).start()) {
            ZooKeeper client = ZkTestSupport.rawClient(again);
            try {
                assertThat(client.getData("/kept", false, null)).containsExactly(7);
            } finally {
                client.close();
            }
            assertThat(again.port()).isNotEqualTo(0);
        }
        assertThat(port).isPositive();
    }

    @Test
    void stopAndStartAgainKeepsThePort() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            int port = zk.port();
            zk.stop();
            assertThat(zk.isRunning()).isFalse();
            zk.startAgain();
            assertThat(zk.isRunning()).isTrue();
            assertThat(zk.port()).isEqualTo(port);
            ZooKeeper client = ZkTestSupport.rawClient(zk);
            client.close();
        }
    }

    @Test
    void closingTheCoordinatorAndTheServerLeavesNoThreadsBehind() {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start();
             ZkCoordinator c = ZkTestSupport.connected(zk.connectString("/threads"), "broker-9")) {
            c.addListener(new io.replog.coordinator.CoordinatorListener() {
            });
            ZkTestSupport.get(c.registerBroker(ZkTestSupport.registration(9, null)));
            ZkTestSupport.get(c.tryBecomeController(9));
        }
        org.awaitility.Awaitility.await("every thread started for the server and the coordinator has ended")
                .atMost(ZkTestSupport.WAIT).pollInSameThread().untilAsserted(() -> assertThat(
                        Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                                .map(Thread::getName).toList()).isEmpty());
    }
}
