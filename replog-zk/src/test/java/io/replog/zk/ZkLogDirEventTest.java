package io.replog.zk;

import io.replog.coordinator.CoordinatorListener;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.replog.zk.ZkTestSupport.WAIT;
import static io.replog.zk.ZkTestSupport.connected;
import static io.replog.zk.ZkTestSupport.get;
import static io.replog.zk.ZkTestSupport.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broker's failed log directory reaches the controller through Kafka's log directory event znode. */
@ExtendWith(EmbeddedZooKeeperExtension.class)
class ZkLogDirEventTest {
    private ZkCoordinator controller;
    private ZkCoordinator broker;

    @AfterEach
    void close() {
        controller.close();
        broker.close();
    }

    @Test
    void aReportedLogDirFailureReachesTheControllerInKafkasLayoutAndIsConsumed(EmbeddedZooKeeper server)
            throws Exception {
        String chroot = "/logdir";
        controller = connected(server.connectString(chroot), "broker-1");
        broker = connected(server.connectString(chroot), "broker-2");
        List<Integer> failed = new CopyOnWriteArrayList<>();
        controller.addListener(new CoordinatorListener() {
            @Override
            public void onLogDirFailure(int brokerId) {
                failed.add(brokerId);
            }
        });
        get(controller.registerBroker(registration(1, null)));
        get(broker.registerBroker(registration(2, null)));
        int epoch = get(controller.tryBecomeController(1)).orElseThrow();
        get(controller.resignController(epoch));

        // Reported while there is no controller: the znode waits for the next one.
        get(broker.reportLogDirFailure(2));
        ZooKeeper raw = ZkTestSupport.rawClient(server);
        try {
            List<String> children = raw.getChildren(chroot + "/log_dir_event_notification", false);
            assertThat(children).singleElement().asString().startsWith("log_dir_event_");
            byte[] body = raw.getData(chroot + "/log_dir_event_notification/" + children.get(0), false, null);
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"version\":1,\"broker\":2,\"event\":1}");
        } finally {
            raw.close();
        }

        assertThat(get(controller.tryBecomeController(1))).isPresent();
        await("the controller hears of broker 2's failed log directory").atMost(WAIT).until(() -> failed.contains(2));
        await("and deletes the notification").atMost(WAIT).until(() -> {
            ZooKeeper r = ZkTestSupport.rawClient(server);
            try {
                return r.getChildren(chroot + "/log_dir_event_notification", false).isEmpty();
            } finally {
                r.close();
            }
        });
        assertThat(failed).containsExactly(2);
    }
}
