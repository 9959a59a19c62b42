package io.replog.zk;

import io.replog.config.BrokerConfig;
import io.replog.errors.InvalidConfigException;
import io.replog.time.Clock;

import java.util.Objects;

/**
 * How a {@link ZkCoordinator} reaches ZooKeeper.
 *
 * @param connect          the ensemble and optional chroot, {@code host:port[,host:port...][/chroot]}
 * @param sessionTimeoutMs the session timeout to ask for: how long ZooKeeper keeps the session
 *                         (and so this broker's registration and controllership) after it stops
 *                         hearing from it. The server bounds it to 2..20 ticks by default.
 * @param name             names this coordinator in logs and in its thread's name, e.g. {@code broker-1}
 * @param clock            the clock for the timestamps written into znodes
 * @param isrNotificationLingerMs how long a leader collects ISR changes before it notifies the
 *                         controller of them in one notification znode (Kafka batches over a few seconds)
 */
public record ZkCoordinatorConfig(ZkConnectString connect, int sessionTimeoutMs, String name, Clock clock,
                                  long isrNotificationLingerMs) {
    /** The declared default of {@code zookeeper.session.timeout.ms} (Kafka's). */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = BrokerConfig.ZOOKEEPER_SESSION_TIMEOUT_MS.defaultValue();
    /**
     * The declared default of {@code isr.change.notification.linger.ms}: short enough that the
     * controller's metadata follows an ISR change within a second, long enough that churn on
     * thousands of partitions makes a few notifications per broker per second.
     */
    public static final long DEFAULT_ISR_NOTIFICATION_LINGER_MS =
            BrokerConfig.ISR_CHANGE_NOTIFICATION_LINGER_MS.defaultValue();

    /** A configuration with the default ISR change notification linger. */
    public ZkCoordinatorConfig(ZkConnectString connect, int sessionTimeoutMs, String name, Clock clock) {
        this(connect, sessionTimeoutMs, name, clock, DEFAULT_ISR_NOTIFICATION_LINGER_MS);
    }

    /** Values are checked by their declared keys: an {@link InvalidConfigException} names key, value and rule. */
    public ZkCoordinatorConfig {
        BrokerConfig.ISR_CHANGE_NOTIFICATION_LINGER_MS.parse(isrNotificationLingerMs);
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        BrokerConfig.ZOOKEEPER_SESSION_TIMEOUT_MS.parse(sessionTimeoutMs);
    }

    /** A configuration with the default session timeout. */
    public static ZkCoordinatorConfig of(String connectString) {
        return new ZkCoordinatorConfig(ZkConnectString.parse(connectString), DEFAULT_SESSION_TIMEOUT_MS, "replog",
                Clock.system());
    }

    public ZkCoordinatorConfig withSessionTimeoutMs(int timeoutMs) {
        return new ZkCoordinatorConfig(connect, timeoutMs, name, clock, isrNotificationLingerMs);
    }

    public ZkCoordinatorConfig withName(String newName) {
        return new ZkCoordinatorConfig(connect, sessionTimeoutMs, newName, clock, isrNotificationLingerMs);
    }

    public ZkCoordinatorConfig withClock(Clock newClock) {
        return new ZkCoordinatorConfig(connect, sessionTimeoutMs, name, newClock, isrNotificationLingerMs);
    }

    public ZkCoordinatorConfig withIsrNotificationLingerMs(long lingerMs) {
        return new ZkCoordinatorConfig(connect, sessionTimeoutMs, name, clock, lingerMs);
    }
}
