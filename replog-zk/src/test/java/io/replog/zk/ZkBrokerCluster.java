package io.replog.zk;

import io.replog.config.BrokerConfig;
import io.replog.internal.broker.BrokerNode;
import io.replog.internal.broker.BrokerSettings;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Coordinator;
import io.replog.errors.RetriableException;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Real {@link BrokerNode}s, each on its own {@link ZkCoordinator} and event-loop thread, talking
 * to each other through an in-process transport: the production broker and controller classes
 * against a real ZooKeeper, without the network layer.
 */
final class ZkBrokerCluster implements AutoCloseable {
    private final Path dir;
    private final Map<Integer, Member> members = new ConcurrentHashMap<>();

    ZkBrokerCluster(Path dir) {
        this.dir = dir;
    }

    /** One broker: its coordinator, its loop and the node. */
    final class Member implements AutoCloseable {
        final int id;
        final ZkCoordinator coordinator;
        final ThreadScheduler loop;
        final BrokerNode node;
        private volatile boolean alive = true;

        private Member(int id, ZkCoordinatorConfig config, UnaryOperator<Coordinator> wrap) {
            this.id = id;
            this.coordinator = new ZkCoordinator(config);
            this.loop = new ThreadScheduler("broker-" + id);
            this.node = new BrokerNode(settings(id, config), loop, wrap.apply(coordinator), new Loopback(id));
        }

        /** The epoch of the controller this broker runs now, if it acts as controller. */
        OptionalInt actingEpoch() {
            if (!alive) {
                return OptionalInt.empty();
            }
            return loop.ask(() -> node.controllerHost().activeEpoch());
        }

        /** A crash: nothing handed over, the session ends with the process. */
        void crash() {
            stop(() -> {
                node.crash();
                coordinator.close();
            });
        }

        /** A clean shutdown: leaderships handed over, the session closed. */
        @Override
        public void close() {
            stop(node::close);
        }

        private void stop(Runnable how) {
            if (!alive) {
                return;
            }
            alive = false;
            members.remove(id, this);
            loop.ask(() -> {
                how.run();
                return null;
            });
            loop.close();
        }
    }

    /** Starts broker {@code id} on ZooKeeper as {@code config} says. */
    Member start(int id, ZkCoordinatorConfig config) {
        return start(id, config, UnaryOperator.identity());
    }

    /** Starts broker {@code id} with its coordinator seen through {@code wrap} (to lose answers, say). */
    Member start(int id, ZkCoordinatorConfig config, UnaryOperator<Coordinator> wrap) {
        Member m = new Member(id, config, wrap);
        members.put(id, m);
        m.loop.execute(m.node::start);
        return m;
    }

    Member member(int id) {
        return members.get(id);
    }

    List<Member> members() {
        return List.copyOf(members.values());
    }

    /** Creates a topic through broker {@code via}, as a client would. */
    CompletableFuture<CreateTopicsResponse> createTopic(int via, String name, int partitions, int rf) {
        return send(via, RequestSource.client("admin", "admin"), new CreateTopicsRequest(List.of(
                new CreateTopicsRequest.NewTopicSpec(name, partitions, (short) rf, Map.of(), Map.of())), 30_000, false))
                .thenApply(CreateTopicsResponse.class::cast);
    }

    /** Asks broker {@code via} to delete {@code topic}, as a client would. */
    CompletableFuture<Response> deleteTopic(int via, String topic) {
        return send(via, RequestSource.client("admin", "admin"), new DeleteTopicsRequest(List.of(topic), 30_000));
    }

    private CompletableFuture<Response> send(int to, RequestSource from, Request request) {
        Member target = members.get(to);
        if (target == null) {
            return CompletableFuture.failedFuture(new RetriableException("broker " + to + " is down"));
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        try {
            target.loop.execute(() -> target.node.handle(from, request).whenComplete((r, e) -> {
                if (e != null) {
                    answer.completeExceptionally(e);
                } else {
                    answer.complete(r);
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answer.completeExceptionally(new RetriableException("broker " + to + " is down"));
        }
        return answer;
    }

    /** A real broker's settings: from its {@link BrokerConfig} alone, as a production broker gets them. */
    private BrokerSettings settings(int id, ZkCoordinatorConfig zk) {
        Path logDir;
        try {
            logDir = Files.createDirectories(dir.resolve("broker-" + id + "-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return BrokerSettings.from(BrokerConfig.builder().brokerId(id).logDir(logDir)
                .listeners("PLAINTEXT://127.0.0.1:" + (9000 + id)).zookeeperConnect(zk.connect().toString())
                .logSegmentBytes(1 << 20).replicaLagTimeMaxMs(10_000).replicaFetchBackoffMs(200)
                .controllerRequestRetryBackoffMs(200).build());
    }

    /** Requests between brokers, delivered on the receiver's loop. */
    private final class Loopback implements Transport {
        private final int self;

        Loopback(int self) {
            this.self = self;
        }

        @Override
        public CompletableFuture<Response> send(int brokerId, Request request) {
            return ZkBrokerCluster.this.send(brokerId, RequestSource.broker(self), request);
        }

        @Override
        public void updateBrokers(Collection<BrokerRegistration> brokers) {
        }

        @Override
        public void close() {
        }
    }

    @Override
    public void close() {
        for (Member m : members()) {
            m.crash();
        }
    }
}
