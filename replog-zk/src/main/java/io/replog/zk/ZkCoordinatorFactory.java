package io.replog.zk;

import io.replog.config.BrokerConfig;
import io.replog.config.ConfigValues;
import io.replog.errors.InvalidConfigException;
import io.replog.errors.TimeoutException;
import io.replog.time.Clock;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@link ZkCoordinator}s from a broker's configuration, through the keys
 * {@link BrokerConfig} declares (Kafka's names): {@code zookeeper.connect} (required),
 * {@code zookeeper.session.timeout.ms}, {@code zookeeper.connection.timeout.ms},
 * {@code isr.change.notification.linger.ms}, and {@code broker.id}, which names the coordinator
 * in logs and its thread ({@code broker-<id>}). Bad values fail with the declared keys' own
 * {@link InvalidConfigException}, naming the key, the value and what is allowed.
 */
public final class ZkCoordinatorFactory {
    public static final String ZOOKEEPER_CONNECT = BrokerConfig.ZOOKEEPER_CONNECT.name();
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = BrokerConfig.ZOOKEEPER_SESSION_TIMEOUT_MS.name();
    public static final String ZOOKEEPER_CONNECTION_TIMEOUT_MS = BrokerConfig.ZOOKEEPER_CONNECTION_TIMEOUT_MS.name();
    public static final String BROKER_ID = BrokerConfig.BROKER_ID.name();

    private static final String ZOOKEEPER_PREFIX = "zookeeper.";

    private final Clock clock;

    /** A factory whose coordinators stamp znodes with the system clock. */
    public ZkCoordinatorFactory() {
        this(Clock.system());
    }

    public ZkCoordinatorFactory(Clock clock) {
        this.clock = clock;
    }

    /** The coordinator configuration of a validated broker configuration. */
    public ZkCoordinatorConfig config(BrokerConfig broker) {
        return new ZkCoordinatorConfig(ZkConnectString.parse(broker.zookeeperConnect()),
                broker.zookeeperSessionTimeoutMs(), "broker-" + broker.brokerId(), clock,
                broker.isrChangeNotificationLingerMs());
    }

    /**
     * The coordinator configuration in a broker's properties. Only the ZooKeeper keys (and
     * {@code broker.id}) are read, each through its declared key; the broker's other keys are
     * {@link BrokerConfig}'s to check. An unknown {@code zookeeper.*} key is refused, so a typo in
     * one never passes silently.
     */
    public ZkCoordinatorConfig config(Map<String, ?> props) {
        return config(zooKeeperValues(props), brokerName(props));
    }

    /**
     * Opens a coordinator session as {@code broker} describes and waits up to
     * {@code zookeeper.connection.timeout.ms} (by default the session timeout) for its first
     * connection.
     *
     * @throws TimeoutException if ZooKeeper could not be reached in time; the session is closed
     */
    public ZkCoordinator create(BrokerConfig broker) {
        return connect(config(broker), broker.zookeeperConnectionTimeoutMs());
    }

    /** As {@link #create(BrokerConfig)}, from a broker's properties read as {@link #config(Map)} reads them. */
    public ZkCoordinator create(Map<String, ?> props) {
        ConfigValues zk = zooKeeperValues(props);
        Integer connectionTimeout = zk.get(BrokerConfig.ZOOKEEPER_CONNECTION_TIMEOUT_MS);
        return connect(config(zk, brokerName(props)), connectionTimeout != null ? connectionTimeout
                : zk.get(BrokerConfig.ZOOKEEPER_SESSION_TIMEOUT_MS));
    }

    private ZkCoordinatorConfig config(ConfigValues zk, String name) {
        return new ZkCoordinatorConfig(ZkConnectString.parse(zk.get(BrokerConfig.ZOOKEEPER_CONNECT)),
                zk.get(BrokerConfig.ZOOKEEPER_SESSION_TIMEOUT_MS), name, clock,
                zk.get(BrokerConfig.ISR_CHANGE_NOTIFICATION_LINGER_MS));
    }

    private static ConfigValues zooKeeperValues(Map<String, ?> props) {
        Map<String, Object> zk = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(ZOOKEEPER_PREFIX) || BrokerConfig.ZOOKEEPER_CONFIG_DEF.defines(key)) {
                zk.put(key, value);
            }
        });
        return BrokerConfig.ZOOKEEPER_CONFIG_DEF.parse(zk);
    }

    private static String brokerName(Map<String, ?> props) {
        Object id = props.get(BROKER_ID);
        return id == null ? "replog" : "broker-" + BrokerConfig.BROKER_ID.parse(id);
    }

    private static ZkCoordinator connect(ZkCoordinatorConfig config, int connectionTimeoutMs) {
        ZkCoordinator coordinator = new ZkCoordinator(config);
        try {
            coordinator.whenConnected().get(connectionTimeoutMs, TimeUnit.MILLISECONDS);
            return coordinator;
        } catch (java.util.concurrent.TimeoutException e) {
            coordinator.close();
            throw new TimeoutException("Could not connect to ZooKeeper " + config.connect() + " within "
                    + ZOOKEEPER_CONNECTION_TIMEOUT_MS + " (" + connectionTimeoutMs + " ms)");
        } catch (java.util.concurrent.ExecutionException e) {
            coordinator.close();
            throw new TimeoutException("Could not connect to ZooKeeper " + config.connect() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            coordinator.close();
            Thread.currentThread().interrupt();
            throw new TimeoutException("Interrupted while connecting to ZooKeeper " + config.connect(), e);
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
    }
}
