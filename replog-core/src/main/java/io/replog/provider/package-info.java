/**
 * How a running broker finds its implementations: {@link io.replog.provider.CoordinatorProvider}
 * makes the {@link io.replog.coordinator.Coordinator}, {@link io.replog.provider.TransportProvider}
 * the {@link io.replog.transport.Transport} and the listeners' servers, and
 * {@link io.replog.provider.Providers} finds the one of each on the class path with
 * {@link java.util.ServiceLoader}.
 *
 * <p>This package sits above both SPIs and above {@code io.replog.config}: a provider is built
 * from a {@link io.replog.config.BrokerConfig}, and {@code io.replog.config} already depends on
 * {@code io.replog.coordinator} (listeners parse into its {@code Endpoint}), so a provider next
 * to {@code Coordinator} would close a cycle. Below the engine and the entry points, it names no
 * {@code io.replog.internal} type.
 */
package io.replog.provider;
