/**
 * The client end of Kafka-protocol connections: {@link io.replog.netty.client.BrokerConnection}
 * (framing, headers, pipelining, in-order matching, timeouts, reconnect backoff) and
 * {@link io.replog.netty.client.ConnectionPool} (connections by broker id and bootstrap address).
 * Bodies are opaque here: message codecs live elsewhere. Built on {@code io.replog.netty.wire}
 * and the event loops of {@code io.replog.netty.server}, which never depends on it.
 */
package io.replog.netty.client;
