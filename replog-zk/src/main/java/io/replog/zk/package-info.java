/**
 * replog's coordinator on Apache ZooKeeper, with Kafka's znode layout, and an embedded
 * ZooKeeper server.
 *
 * <ul>
 *   <li>{@link io.replog.zk.ZkCoordinator}: the {@link io.replog.coordinator.Coordinator} of one
 *       broker, holding its ZooKeeper session (build one with
 *       {@link io.replog.zk.ZkCoordinatorFactory} from a {@link io.replog.config.BrokerConfig} or
 *       Kafka's property names, or from a
 *       {@link io.replog.zk.ZkCoordinatorConfig}; a broker finds it through
 *       {@link io.replog.zk.ZkCoordinatorProvider}, registered for {@link java.util.ServiceLoader});</li>
 *   <li>{@link io.replog.zk.ZkPaths}: every path, under an optional chroot;</li>
 *   <li>{@link io.replog.zk.EmbeddedZooKeeper}: a real ZooKeeper server in the JVM, for the
 *       single-JVM default and for tests;</li>
 *   <li>{@code io.replog.zk.znode}: the JSON bodies.</li>
 * </ul>
 * The operator's view (layout, bodies, failures) is {@code docs/operations.md}.
 */
package io.replog.zk;
