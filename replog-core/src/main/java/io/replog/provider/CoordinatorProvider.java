package io.replog.provider;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.Coordinator;
import io.replog.time.Clock;

/**
 * Makes the {@link Coordinator} of a running broker. An implementation module ({@code replog-zk})
 * registers one in {@code META-INF/services/io.replog.provider.CoordinatorProvider}, where
 * {@link Providers#coordinator(ClassLoader)} finds it with {@link java.util.ServiceLoader}; a
 * broker may also be given one directly.
 *
 * <p>What an implementation guarantees:
 * <ul>
 *   <li>It has a public no-argument constructor that opens nothing: {@code ServiceLoader} may
 *       create it only to read its {@link #name()}.</li>
 *   <li>{@link #name()} is constant, non-blank and unique among providers; errors and choosing
 *       by name use it.</li>
 *   <li>{@link #create} may be called any number of times, from any thread; each call returns a
 *       new coordinator that the caller owns and closes.</li>
 * </ul>
 */
public interface CoordinatorProvider {

    /** A short, stable name for this implementation, e.g. {@code zookeeper}. */
    String name();

    /**
     * Opens the coordinator of the broker {@code config} describes ({@code broker.id} and the keys
     * the implementation reads, all declared by {@link BrokerConfig}), stamping what it stores
     * with {@code clock}. Returns once the coordinator can take calls; it may block for that up to
     * the timeout its keys set (for ZooKeeper, {@code zookeeper.connection.timeout.ms}).
     *
     * @throws io.replog.errors.InvalidConfigException if a value the implementation reads is not
     *         usable; the message names the key, the value and what is allowed
     * @throws io.replog.errors.TimeoutException if the coordination service cannot be reached in
     *         time; the message names the key that set the time
     *         <p>On any failure, whatever the call opened is closed again.
     */
    Coordinator create(BrokerConfig config, Clock clock);
}
