package io.replog.testkit;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.Coordinator;
import io.replog.provider.CoordinatorProvider;
import io.replog.time.Clock;
import io.replog.zk.EmbeddedZooKeeper;
import io.replog.zk.ZkCoordinator;
import io.replog.zk.ZkCoordinatorProvider;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The ZooKeeper sessions of a {@link ReplogCluster}'s brokers: replog-zk's coordinator provider,
 * remembering each broker's latest coordinator, so that the cluster can read ZooKeeper's state
 * through a running broker's session and expire a broker's session for real. Thread-safe.
 */
final class Sessions implements CoordinatorProvider {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final ZkCoordinatorProvider zookeeper = new ZkCoordinatorProvider();
    private final Map<Integer, ZkCoordinator> byBroker = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return zookeeper.name();
    }

    @Override
    public Coordinator create(BrokerConfig config, Clock clock) {
        ZkCoordinator c = zookeeper.create(config, clock);
        byBroker.put(config.brokerId(), c);
        return c;
    }

    /**
     * Expires broker {@code id}'s current session at the server: directly on the embedded
     * {@code server}, or (null) through a second client attached to the session at
     * {@code connect}, which closes it. Returns the session's id.
     *
     * @throws IllegalStateException if the broker has no session now, or it cannot be attached to
     */
    long expire(int id, EmbeddedZooKeeper server, String connect, Duration timeout) {
        ZkCoordinator coordinator = byBroker.get(id);
        long session = coordinator == null ? 0 : coordinator.sessionId();
        if (session == 0) {
            throw new IllegalStateException("broker " + id + " has no ZooKeeper session now");
        }
        if (server != null) {
            server.expireSession(session);
        } else {
            expireThroughSecondClient(connect, session, coordinator.sessionPassword(), timeout);
        }
        return session;
    }

    /** Asks ZooKeeper through the connected session of the first of {@code brokers} that answers in time. */
    <T> Optional<T> ask(Collection<Integer> brokers, Function<Coordinator, CompletableFuture<T>> query,
                        Duration timeout) {
        for (int id : brokers) {
            ZkCoordinator c = byBroker.get(id);
            if (c == null || !c.isConnected()) {
                continue;
            }
            try {
                return Optional.ofNullable(query.apply(c).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("asking ZooKeeper through broker {} failed: {}", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static void expireThroughSecondClient(String connect, long session, byte[] password, Duration timeout) {
        CompletableFuture<Void> attached = new CompletableFuture<>();
        ZooKeeper twin = null;
        try {
            twin = new ZooKeeper(connect, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    attached.complete(null);
                } else if (event.getState() == Watcher.Event.KeeperState.Expired) {
                    attached.completeExceptionally(new IllegalStateException("the session has expired already"));
                }
            }, session, password);
            attached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot attach to ZooKeeper session 0x" + Long.toHexString(session)
                    + " on " + connect + " to expire it: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while expiring a session", e);
        } finally {
            if (twin != null) {
                try {
                    twin.close(); // ends the session at the server
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
