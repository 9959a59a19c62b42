package io.replog.netty.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Netty I/O implementation serves a listener: native epoll for TCP when
 * {@code netty-transport-native-epoll} is on the class path and {@link Epoll#isAvailable()}, NIO
 * otherwise, and Netty's in-VM channels for {@code local://}. Epoll's classes are only touched
 * after checking they can be loaded, since the native transport is an optional dependency.
 */
final class IoTransport {
    private static final Logger log = LoggerFactory.getLogger(IoTransport.class);
    private static final boolean EPOLL = epollAvailable();

    private IoTransport() {
    }

    /** Whether TCP listeners of groups this class creates use native epoll. */
    static boolean usesEpoll() {
        return EPOLL;
    }

    /** The I/O handlers of a group created for {@code listener}. */
    static IoHandlerFactory handlerFactory(Listener listener) {
        if (listener.isLocal()) {
            return LocalIoHandler.newFactory();
        }
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The server channel type for {@code listener} on {@code group}; refuses a group that cannot run it. */
    static Class<? extends ServerChannel> serverChannel(Listener listener, EventLoopGroup group) {
        if (listener.isLocal()) {
            if (group instanceof IoEventLoopGroup io && !io.isIoType(LocalIoHandler.class)) {
                throw incompatible(listener, group, "in-VM channels need a group of LocalIoHandler");
            }
            return LocalServerChannel.class;
        }
        if (group instanceof IoEventLoopGroup io) {
            if (EPOLL && io.isIoType(EpollIoHandler.class)) {
                return EpollServerSocketChannel.class;
            }
            if (io.isIoType(NioIoHandler.class)) {
                return NioServerSocketChannel.class;
            }
        }
        throw incompatible(listener, group, "TCP needs a group of NioIoHandler or EpollIoHandler");
    }

    /** The channel type of connections to {@code listener} made on {@code group}; refuses a group that cannot run it. */
    static Class<? extends Channel> clientChannel(Listener listener, EventLoopGroup group) {
        Class<? extends ServerChannel> server = serverChannel(listener, group);
        if (server == LocalServerChannel.class) {
            return LocalChannel.class;
        }
        return server == EpollServerSocketChannel.class ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    private static IllegalArgumentException incompatible(Listener listener, EventLoopGroup group, String why) {
        return new IllegalArgumentException("listener " + listener + " cannot run on event loop group " + group + ": " + why);
    }

    private static boolean epollAvailable() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll", false, IoTransport.class.getClassLoader());
            boolean available = Epoll.isAvailable();
            if (!available) {
                log.debug("Native epoll unavailable, TCP runs on NIO", Epoll.unavailabilityCause());
            }
            return available;
        } catch (ClassNotFoundException | LinkageError e) {
            log.debug("netty-transport-native-epoll not on the class path, TCP runs on NIO");
            return false;
        }
    }
}
