package io.replog.zk;

import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.RetriableException;
import io.replog.zk.znode.BrokerZnode;
import io.replog.zk.znode.MalformedZnodeException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Broker registration: the ephemeral {@code /brokers/ids/<id>}, bound to the current session.
 * Registering an id that another live session holds fails with a {@link RetriableException}
 * naming the id, the holder's endpoints and session; registering again in the session that
 * already holds it (a retry after a lost reply, or new endpoints) replaces the body. A
 * registration that meets a connection loss waits for the reconnect and tries again in the same
 * session, so its answer (and the broker epoch) is always that session's registration.
 */
final class BrokerRegistry {
    private static final Logger log = LoggerFactory.getLogger(BrokerRegistry.class);
    private static final int MAX_ATTEMPTS = 3;

    private final ZkConnection connection;
    private final ZkPaths paths;
    private final ZkReads reads;
    private final String logPrefix;

    BrokerRegistry(ZkConnection connection, ZkPaths paths, ZkReads reads, String logPrefix) {
        this.connection = connection;
        this.paths = paths;
        this.reads = reads;
        this.logPrefix = logPrefix;
    }

    /** Completes with the broker epoch: the creation zxid of the ephemeral znode (Kafka's choice). */
    CompletableFuture<Long> register(BrokerRegistration registration) {
        return attempt(connection.session(), registration, 1);
    }

    private CompletableFuture<Long> attempt(ZkSession s, BrokerRegistration registration, int attempt) {
        String path = paths.broker(registration.brokerId());
        byte[] body = BrokerZnode.encode(registration);
        return s.create(path, body, CreateMode.EPHEMERAL).thenCompose(w -> {
            if (w.code() == Code.OK) {
                long epoch = w.stat().getCzxid();
                log.info("{}registered broker {} at {} with broker epoch {} ({}, rack {}, endpoints {})", logPrefix,
                        registration.brokerId(), path, epoch, s, registration.rack(), registration.endpoints());
                return CompletableFuture.completedFuture(epoch);
            }
            if (w.code() == Code.CONNECTIONLOSS || w.code() == Code.OPERATIONTIMEOUT) {
                // Applied or not, the session decides: after the reconnect the create either
                // succeeds or finds this session's own registration.
                return connection.whenConnected(s).thenCompose(x -> attempt(s, registration, attempt));
            }
            if (w.code() == Code.NONODE && attempt < MAX_ATTEMPTS) {
                connection.ensurePaths(s); // someone removed /brokers/ids
                return attempt(s, registration, attempt + 1);
            }
            if (w.code() != Code.NODEEXISTS) {
                throw ZkErrors.failure(w.code(), "register broker " + registration.brokerId(), path);
            }
            return s.getData(path, null).thenCompose(d -> {
                if (d.code() == Code.NONODE && attempt < MAX_ATTEMPTS) {
                    return attempt(s, registration, attempt + 1); // the holder just went away
                }
                if (d.code() != Code.OK) {
                    throw ZkErrors.failure(d.code(), "read the registration of broker " + registration.brokerId(), path);
                }
                if (d.stat().getEphemeralOwner() == s.id()) {
                    long epoch = d.stat().getCzxid(); // a data update keeps the creation zxid
                    return s.setData(path, body, d.stat().getVersion()).thenApply(u -> {
                        if (u.code() != Code.OK) {
                            throw ZkErrors.failure(u.code(), "update the registration of broker "
                                    + registration.brokerId(), path);
                        }
                        log.info("{}updated the registration of broker {} in {}", logPrefix, registration.brokerId(), s);
                        return epoch;
                    });
                }
                throw new RetriableException(describeHolder(registration.brokerId(), path, d));
            });
        });
    }

    private String describeHolder(int brokerId, String path, ZkSession.Data d) {
        String holder;
        try {
            BrokerRegistration other = BrokerZnode.decode(path, brokerId, d.data());
            holder = "endpoints " + other.endpoints() + (other.rack() == null ? "" : ", rack " + other.rack())
                    + ", registered at " + Instant.ofEpochMilli(other.registeredAtMs());
        } catch (MalformedZnodeException e) {
            holder = "an unreadable registration: " + e.getMessage();
        }
        return "broker id " + brokerId + " is already registered at " + path + " by live ZooKeeper session 0x"
                + Long.toHexString(d.stat().getEphemeralOwner()) + " (" + holder + "): another broker with this id "
                + "is running, or this broker's previous session has not expired yet (it is freed when that session ends)";
    }

    CompletableFuture<Map<Integer, BrokerRegistration>> liveBrokers() {
        return reads.brokers(connection.session(), null);
    }
}
