package io.replog.config;

/**
 * Declares the keys of how a broker reaches ZooKeeper, each exactly once: {@link BrokerConfig}
 * publishes these very objects as its constants and {@link BrokerConfig#ZOOKEEPER_CONFIG_DEF}.
 * {@code zookeeper.connect} is checked as {@code host:port[,host:port...][/chroot]} when the
 * configuration is built, so a typo fails then rather than at the broker's first connection.
 */
final class ZooKeeperKeys {

    static final ConfigKey<String> ZOOKEEPER_CONNECT = ConfigKey.required("zookeeper.connect",
            ConfigType.STRING, zookeeperConnectString(),
            "The ZooKeeper ensemble, and optionally a chroot under which all of this cluster's znodes live.");
    static final ConfigKey<Integer> ZOOKEEPER_SESSION_TIMEOUT_MS = ConfigKey.of(
            "zookeeper.session.timeout.ms", ConfigType.INT, 18_000, Validator.atLeast(1),
            "The session timeout the broker asks ZooKeeper for: how long its registration (and controllership) "
                    + "outlives its last contact with the ensemble.");
    static final ConfigKey<Integer> ZOOKEEPER_CONNECTION_TIMEOUT_MS = ConfigKey.optional(
            "zookeeper.connection.timeout.ms", ConfigType.INT, Validator.atLeast(1),
            "How long a starting broker waits for its first ZooKeeper connection before giving up. Unset: "
                    + "zookeeper.session.timeout.ms.");
    static final ConfigKey<Long> ISR_CHANGE_NOTIFICATION_LINGER_MS = ConfigKey.of(
            "isr.change.notification.linger.ms", ConfigType.LONG, 500L, Validator.atLeast(0),
            "How long a leader collects ISR changes before telling the controller of them all in one "
                    + "notification znode. replog's own key: Kafka hard-codes this batching.");

    static final ConfigDef CONFIG_DEF = ConfigDef.of(ZOOKEEPER_CONNECT, ZOOKEEPER_SESSION_TIMEOUT_MS,
            ZOOKEEPER_CONNECTION_TIMEOUT_MS, ISR_CHANGE_NOTIFICATION_LINGER_MS);

    private ZooKeeperKeys() {
    }

    private static Validator<String> zookeeperConnectString() {
        return new Validator<>() {
            @Override
            public String describe() {
                return "host:port[,host:port...][/chroot] with ports 1-65535";
            }

            @Override
            public boolean test(String value) {
                if (value == null || value.isBlank()) {
                    return false;
                }
                int slash = value.indexOf('/');
                String servers = slash < 0 ? value : value.substring(0, slash);
                for (String server : servers.split(",", -1)) {
                    int colon = server.lastIndexOf(':');
                    if (colon <= 0) {
                        return false;
                    }
                    try {
                        int port = Integer.parseInt(server.substring(colon + 1).trim());
                        if (port < 1 || port > 65_535) {
                            return false;
                        }
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
                return true;
            }
        };
    }
}
