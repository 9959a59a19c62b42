package io.replog.zk;

import io.replog.config.BrokerConfig;
import io.replog.provider.CoordinatorProvider;
import io.replog.time.Clock;

import java.util.Objects;

/**
 * The {@link CoordinatorProvider} of {@code replog-zk}, named {@value #NAME}, registered in
 * {@code META-INF/services/io.replog.provider.CoordinatorProvider}: with {@code replog-zk} on
 * the class path, a broker finds it through {@link io.replog.provider.Providers}.
 *
 * <p>{@link #create} is {@link ZkCoordinatorFactory#create(BrokerConfig)}: it reads
 * {@code zookeeper.connect}, {@code zookeeper.session.timeout.ms},
 * {@code zookeeper.connection.timeout.ms}, {@code isr.change.notification.linger.ms} and
 * {@code broker.id}, and returns a {@link ZkCoordinator} whose session is connected, after
 * waiting for it up to {@code zookeeper.connection.timeout.ms}. It fails with an
 * {@link io.replog.errors.InvalidConfigException} naming {@code zookeeper.connect} if the
 * connect string holds what ZooKeeper cannot use (a chroot ending in {@code /}, say), or with a
 * {@link io.replog.errors.TimeoutException} naming {@code zookeeper.connection.timeout.ms} if no
 * server answered in time, having closed the session.
 */
public final class ZkCoordinatorProvider implements CoordinatorProvider {
    /** This provider's {@link #name()}. */
    public static final String NAME = "zookeeper";

    /** As {@link java.util.ServiceLoader} creates it; opens nothing. */
    public ZkCoordinatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ZkCoordinator create(BrokerConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        return new ZkCoordinatorFactory(Objects.requireNonNull(clock, "clock")).create(config);
    }

    @Override
    public String toString() {
        return "ZkCoordinatorProvider[" + NAME + "]";
    }
}
