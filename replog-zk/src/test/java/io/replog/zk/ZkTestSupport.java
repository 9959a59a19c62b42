package io.replog.zk;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.TopicAssignment;
import io.replog.topic.TopicPartition;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/** Shared helpers for the tests against a real embedded ZooKeeper. */
final class ZkTestSupport {
    /** Session timeout for test coordinators: the server's tick is 500 ms, so 4 s is well within bounds. */
    static final int SESSION_TIMEOUT_MS = 4_000;
    static final Duration WAIT = Duration.ofSeconds(20);

    private ZkTestSupport() {
    }

    static ZkCoordinator coordinator(String connect, String name) {
        return new ZkCoordinator(ZkCoordinatorConfig.of(connect).withSessionTimeoutMs(SESSION_TIMEOUT_MS).withName(name));
    }

    /** A coordinator whose session is established. */
    static ZkCoordinator connected(String connect, String name) {
        ZkCoordinator c = coordinator(connect, name);
        await("coordinator " + name + " connects to ZooKeeper").atMost(WAIT).until(c::isConnected);
        return c;
    }

    static BrokerRegistration registration(int id, String rack) {
        return new BrokerRegistration(id, rack, List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9090 + id)),
                1_700_000_000_000L + id);
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(cause);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT, e);
        }
    }

    /** The exception {@code f} failed with (unwrapped). */
    static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return ZkErrors.cause(e);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT, e);
        }
        throw new AssertionError("expected a failure, got success");
    }

    /**
     * Expires {@code c}'s session for real: a second client attaches to the same session id and
     * password, then closes it, so the server ends the session and deletes its ephemeral znodes;
     * {@code c}'s client learns of it when it reconnects.
     */
    static void expireSession(String connect, ZkCoordinator c) throws Exception {
        long id = c.sessionId();
        byte[] password = c.sessionPassword();
        CompletableFuture<Void> attached = new CompletableFuture<>();
        ZooKeeper twin = new ZooKeeper(ZkConnectString.parse(connect).servers(), SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                attached.complete(null);
            }
        }, id, password);
        try {
            attached.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            twin.close();
        }
    }

    /** A plain ZooKeeper client on the server (no chroot), for looking at and tampering with znodes as an operator would. */
    static ZooKeeper rawClient(EmbeddedZooKeeper server) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        ZooKeeper zk = new ZooKeeper(server.connectString(), 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.complete(null);
            }
        });
        connected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return zk;
    }

    static Map<String, TopicAssignment> topic(String name, int partitions, List<Integer> replicas, Map<String, String> configs) {
        java.util.TreeMap<Integer, List<Integer>> assignment = new java.util.TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            assignment.put(p, replicas);
        }
        return Map.of(name, new TopicAssignment(name, assignment, configs));
    }

    /** Records every notification, in order. */
    static final class Recorder implements CoordinatorListener {
        final List<Map<Integer, BrokerRegistration>> brokers = new CopyOnWriteArrayList<>();
        final List<Optional<ControllerInfo>> controllers = new CopyOnWriteArrayList<>();
        final List<Map<String, TopicAssignment>> topics = new CopyOnWriteArrayList<>();
        final List<Set<String>> deletions = new CopyOnWriteArrayList<>();
        final List<Set<TopicPartition>> isrChanges = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
            record("brokers " + live.keySet());
            brokers.add(live);
        }

        @Override
        public void onControllerChanged(Optional<ControllerInfo> controller) {
            record("controller " + controller);
            controllers.add(controller);
        }

        @Override
        public void onTopicsChanged(Map<String, TopicAssignment> all) {
            record("topics " + all.keySet());
            topics.add(all);
        }

        @Override
        public void onTopicDeletionRequested(Set<String> t) {
            record("deletion " + t);
            deletions.add(t);
        }

        @Override
        public void onIsrChanged(Set<TopicPartition> partitions) {
            record("isr " + partitions);
            isrChanges.add(partitions);
        }

        @Override
        public void onSessionExpired() {
            record("expired");
        }

        private void record(String e) {
            events.add(e);
            threads.add(Thread.currentThread().getName());
        }

        Optional<ControllerInfo> lastController() {
            return controllers.isEmpty() ? null : controllers.get(controllers.size() - 1);
        }

        Set<Integer> lastBrokers() {
            return brokers.isEmpty() ? Set.of() : brokers.get(brokers.size() - 1).keySet();
        }

        Set<String> lastTopics() {
            return topics.isEmpty() ? Set.of() : topics.get(topics.size() - 1).keySet();
        }

        List<String> eventsSnapshot() {
            return new ArrayList<>(events);
        }
    }
}
