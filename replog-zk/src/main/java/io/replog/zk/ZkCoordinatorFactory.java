package io.replog.zk;

import io.replog.errors.InvalidConfigException;
import io.replog.time.Clock;

import java.util.Map;

/**
 * Builds {@link ZkCoordinator}s from a broker's properties, with Kafka's names:
 * <ul>
 *   <li>{@code zookeeper.connect} (required): {@code host:port[,host:port...][/chroot]};</li>
 *   <li>{@code zookeeper.session.timeout.ms} (default {@value ZkCoordinatorConfig#DEFAULT_SESSION_TIMEOUT_MS});</li>
 *   <li>{@code broker.id}: names the coordinator in logs and its thread ({@code broker-<id>}).</li>
 * </ul>
 */
public final class ZkCoordinatorFactory {
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String BROKER_ID = "broker.id";

    private final Clock clock;

    /** A factory whose coordinators stamp znodes with the system clock. */
    public ZkCoordinatorFactory() {
        this(Clock.system());
    }

    public ZkCoordinatorFactory(Clock clock) {
        this.clock = clock;
    }

    /** The configuration {@code props} describe; fails with {@link InvalidConfigException} naming the key. */
    public ZkCoordinatorConfig config(Map<String, ?> props) {
        Object connect = props.get(ZOOKEEPER_CONNECT);
        if (connect == null || connect.toString().isBlank()) {
            throw new InvalidConfigException(ZOOKEEPER_CONNECT + " is required: host:port[,host:port...][/chroot]");
        }
        int timeout = ZkCoordinatorConfig.DEFAULT_SESSION_TIMEOUT_MS;
        Object t = props.get(ZOOKEEPER_SESSION_TIMEOUT_MS);
        if (t != null) {
            try {
                timeout = Integer.parseInt(t.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(ZOOKEEPER_SESSION_TIMEOUT_MS + " must be a number of milliseconds, was '"
                        + t + "'");
            }
        }
        Object id = props.get(BROKER_ID);
        String name = id == null ? "replog" : "broker-" + id;
        return new ZkCoordinatorConfig(ZkConnectString.parse(connect.toString()), timeout, name, clock);
    }

    /** Opens a coordinator session as {@code props} describe. */
    public ZkCoordinator create(Map<String, ?> props) {
        return new ZkCoordinator(config(props));
    }
}
