package io.replog.netty.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletionException;

/**
 * The last handler of every server connection: whatever exception reaches it is logged with the
 * connection's addresses and closes the connection, so none escapes to Netty's "unhandled
 * exception" warning and no connection is left half-working. What the peer sent wrong (a bad
 * frame or header, or a request its processor refused with a {@link CorruptedFrameException}) is a
 * WARN with the reason; a dropped connection is a DEBUG; anything else is a bug here or in the
 * processor, an ERROR with its stack trace. What follows on a connection already
 * closed (its queued writes failing, frames decoded in the same read) is only a DEBUG, so each
 * closed connection gets one line saying why. Stateless, hence sharable.
 */
@ChannelHandler.Sharable
final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionErrorHandler.class);

    static final ConnectionErrorHandler INSTANCE = new ConnectionErrorHandler();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String connection = ctx.channel().remoteAddress() + " -> " + ctx.channel().localAddress();
        Throwable reason = unwrap(cause);
        if (!ctx.channel().isOpen() && !(reason instanceof RequestProcessingException)) {
            // The aftermath of a close already logged: frames decoded in the same read, writes that
            // were queued. One line per connection says why it closed; a processor failure is a bug
            // and is logged even then.
            log.debug("On closed connection {}: {}", connection, reason.toString());
            return;
        }
        if (reason instanceof CorruptedFrameException) {
            log.warn("Closing connection {}: {}", connection, reason.getMessage());
        } else if (reason instanceof RequestProcessingException && peersFault(reason.getCause())) {
            log.warn("Closing connection {}: {}: {}", connection, reason.getMessage(), peersFaultMessage(reason));
        } else if (reason instanceof IOException) {
            log.debug("Closing connection {}: {}", connection, reason.toString());
        } else {
            log.error("Closing connection {} after an unexpected error: {}", connection, reason.getMessage(), reason);
        }
        ctx.close();
    }

    /** A processor refusing what the peer sent (a malformed body, an unserved version) fails with this. */
    private static boolean peersFault(Throwable cause) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        return c instanceof CorruptedFrameException;
    }

    private static String peersFaultMessage(Throwable reason) {
        Throwable c = reason.getCause();
        return (c instanceof CompletionException && c.getCause() != null ? c.getCause() : c).getMessage();
    }

    private static Throwable unwrap(Throwable cause) {
        // Netty wraps what a decoder throws unless it is a DecoderException already.
        if (cause instanceof DecoderException && !(cause instanceof CorruptedFrameException) && cause.getCause() != null) {
            return cause.getCause();
        }
        return cause;
    }
}
