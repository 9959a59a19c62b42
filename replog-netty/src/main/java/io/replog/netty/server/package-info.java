/**
 * The server side of the Netty transport: {@link io.replog.netty.server.NettyServer} binds a TCP
 * or in-VM listener and runs every connection through the
 * {@link io.replog.netty.server.ServerPipeline} (framing, headers, dispatch to a
 * {@link io.replog.netty.server.RequestProcessor}, responses in request order, backpressure,
 * closing on errors). What a request means is the processor's business; everything about the
 * connection is this package's.
 */
package io.replog.netty.server;
