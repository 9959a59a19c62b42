package io.replog.netty.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that neither read nor wrote anything for the idle limit (Kafka's
 * {@code connections.max.idle.ms}), logged at INFO: a client that vanished without a FIN, or one
 * that stopped halfway through a frame, must not hold a connection and its buffered bytes forever.
 */
final class IdleConnectionCloser extends IdleStateHandler {
    private static final Logger log = LoggerFactory.getLogger(IdleConnectionCloser.class);

    private final Duration maxIdle;

    IdleConnectionCloser(Duration maxIdle) {
        super(0, 0, maxIdle.toNanos(), TimeUnit.NANOSECONDS);
        this.maxIdle = maxIdle;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        log.info("Closing connection {} -> {}: idle for {} (connections.max.idle.ms)",
                ctx.channel().remoteAddress(), ctx.channel().localAddress(), maxIdle);
        ctx.close();
    }
}
