/**
 * replog-netty as replog-core's {@link io.replog.provider.TransportProvider} (named {@code netty},
 * registered for {@link java.util.ServiceLoader}): {@link io.replog.netty.provider.NettyTransportProvider}
 * binds a broker's listeners with {@link io.replog.netty.server.NettyServer}s serving
 * {@link io.replog.netty.kafka.BrokerRequestProcessor}, and gives the broker a core
 * {@link io.replog.transport.Transport} over a {@link io.replog.netty.client.ConnectionPool}
 * ({@link io.replog.netty.provider.NettyTransport}).
 */
package io.replog.netty.provider;
