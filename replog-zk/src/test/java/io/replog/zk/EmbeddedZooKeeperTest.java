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

    @Test
    void withoutFsyncTheDataStillSurvivesAStopAndStartAndNoSettingIsLeftInTheJvm() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.builder().fsync(false).start()) {
            ZooKeeper client = ZkTestSupport.rawClient(zk);
            try {
                client.create("/unsynced", new byte[] {3}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } finally {
                client.close();
            }
            zk.restart();
            client = ZkTestSupport.rawClient(zk);
            try {
                assertThat(client.getData("/unsynced", false, null)).as("read back from the files after a restart")
                        .containsExactly(3);
            } finally {
                client.close();
            }
        }
        assertThat(System.getProperties()).as("ZooKeeper's settings are set only while the server is made")
                .doesNotContainKeys("zookeeper.forceSync", "zookeeper.nio.numWorkerThreads",
                        "zookeeper.nio.numSelectorThreads");
    }

    @Test
    void theServerRunsOnSevenThreadsWhateverTheNumberOfCores() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            ZooKeeper client = ZkTestSupport.rawClient(zk);
            try {
                client.create("/threads", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                java.util.List<String> serverThreads = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !before.contains(t) && t.isAlive()).map(Thread::getName)
                        .filter(n -> !n.contains("SendThread") && !n.contains("EventThread"))
                        .filter(n -> !n.equals("replog-zk-warmup")).sorted().toList(); // short-lived
                // accept, one selector (no worker pool), connection expiry, session tracking, request throttling,
                // request preparation, sync: ZooKeeper's request pipeline and nothing per core
                assertThat(serverThreads).as("the server's threads").hasSize(7)
                        .noneMatch(n -> n.startsWith("NIOWorkerThread"))
                        .filteredOn(n -> n.startsWith("NIOServerCxnFactory.SelectorThread")).hasSize(1);
            } finally {
                client.close();
            }
        }
    }
}
