package io.replog.netty.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;

/**
 * Event loop groups with replog's thread names ({@code replog-netty-io-N}, daemon), for sharing
 * one set of I/O threads among all the brokers and clients of a JVM
 * ({@link NettyServer.Builder#eventLoopGroup}). A TCP group runs native epoll when available and
 * NIO otherwise; in-VM ({@code local://}) channels need a group of their own kind. The caller owns
 * a group made here and shuts it down; servers given it leave it running.
 */
public final class EventLoops {
    private EventLoops() {
    }

    /** A group of {@code threads} I/O threads for TCP listeners and connections. */
    public static EventLoopGroup tcp(int threads) {
        return create(Listener.parse("PLAINTEXT://:0"), threads);
    }

    /** A group of {@code threads} threads for in-VM ({@code local://}) listeners and connections. */
    public static EventLoopGroup inVm(int threads) {
        return create(Listener.parse("local://any"), threads);
    }

    /**
     * The channel type of client connections to {@code listener} on {@code group}, a group made
     * here (or one of the same I/O kind): {@code LocalChannel} for in-VM listeners, epoll or NIO
     * sockets for TCP as the group runs. A group that cannot run such channels is refused with an
     * {@link IllegalArgumentException}.
     */
    public static Class<? extends Channel> clientChannel(Listener listener, EventLoopGroup group) {
        return IoTransport.clientChannel(listener, group);
    }

    static EventLoopGroup create(Listener listener, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("an event loop group needs >= 1 thread, was " + threads);
        }
        return new MultiThreadIoEventLoopGroup(threads, new IoThreads(), IoTransport.handlerFactory(listener));
    }
}
