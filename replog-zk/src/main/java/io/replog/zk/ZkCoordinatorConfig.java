package io.replog.zk;

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
 */
public record ZkCoordinatorConfig(ZkConnectString connect, int sessionTimeoutMs, String name, Clock clock) {
    /** Kafka's default {@code zookeeper.session.timeout.ms}. */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 18_000;

    public ZkCoordinatorConfig {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        if (sessionTimeoutMs < 1) {
            throw new InvalidConfigException("zookeeper.session.timeout.ms must be >= 1, was " + sessionTimeoutMs);
        }
    }

    /** A configuration with the default session timeout. */
    public static ZkCoordinatorConfig of(String connectString) {
        return new ZkCoordinatorConfig(ZkConnectString.parse(connectString), DEFAULT_SESSION_TIMEOUT_MS, "replog",
                Clock.system());
    }

    public ZkCoordinatorConfig withSessionTimeoutMs(int timeoutMs) {
        return new ZkCoordinatorConfig(connect, timeoutMs, name, clock);
    }

    public ZkCoordinatorConfig withName(String newName) {
        return new ZkCoordinatorConfig(connect, sessionTimeoutMs, newName, clock);
    }

    public ZkCoordinatorConfig withClock(Clock newClock) {
        return new ZkCoordinatorConfig(connect, sessionTimeoutMs, name, newClock);
    }
}
