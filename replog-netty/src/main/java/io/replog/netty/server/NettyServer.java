package io.replog.netty.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.replog.netty.wire.ApiVersionsTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listener serving Kafka's wire protocol: accepts connections on a {@link Listener} (TCP, or
 * Netty's in-VM channel) and runs each through the {@link ServerPipeline}, handing requests to a
 * {@link RequestProcessor}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link Builder#start()} returns once the listener is bound, or throws; a TCP port 0 is
 *       read back as the bound port ({@link #localAddress()}, {@link #listener()}).</li>
 *   <li>I/O runs on the event loop group given to {@link Builder#eventLoopGroup}, shared with
 *       whatever else uses it, or else on a group of its own with threads named
 *       {@code replog-netty-io-N}. TCP uses native epoll when available, NIO otherwise.</li>
 *   <li>{@link #close()} stops accepting, closes every connection it accepted and, if it created
 *       its event loop group, shuts that down and waits for its threads (up to the close timeout);
 *       a group it was given is left running. Closing twice is harmless. Called on one of the
 *       group's own threads it starts all that and does not wait, as waiting there would deadlock.</li>
 * </ul>
 */
public final class NettyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);

    private final Listener listener;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final EventLoopGroup ownGroup;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyServer(Listener listener, Channel serverChannel, ChannelGroup connections, EventLoopGroup ownGroup,
                        Duration closeTimeout) {
        this.listener = listener;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.ownGroup = ownGroup;
        this.closeTimeout = closeTimeout;
    }

    /** A server for {@code listener} ({@code PLAINTEXT://host:port} or {@code local://name}) handing requests to {@code processor}. */
    public static Builder builder(String listener, RequestProcessor processor) {
        return new Builder(Listener.parse(listener), processor);
    }

    /** The bound address: the actual port for TCP, the {@code LocalAddress} for in-VM listeners. */
    public SocketAddress localAddress() {
        return serverChannel.localAddress();
    }

    /** The listener as bound, e.g. {@code PLAINTEXT://127.0.0.1:40123} for a requested port 0. */
    public String listener() {
        SocketAddress bound = localAddress();
        if (bound instanceof InetSocketAddress inet) {
            String host = inet.getHostString().contains(":") ? "[" + inet.getHostString() + "]" : inet.getHostString();
            return listener.name() + "://" + host + ":" + inet.getPort();
        }
        return "local://" + ((LocalAddress) bound).id();
    }

    /** Connections currently open. */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Waiting on one of the group's own threads would wait for that very thread.
        boolean mayWait = !isOneOf(serverChannel.eventLoop().parent());
        serverChannel.close();
        ChannelGroupFuture connectionsClosed = connections.close();
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (mayWait) {
            awaitClosed(connectionsClosed);
        }
        log.info("Closed listener {}", listener());
    }

    private void awaitClosed(ChannelGroupFuture connectionsClosed) {
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        serverChannel.closeFuture().awaitUninterruptibly(remainingMillis(deadline));
        connectionsClosed.awaitUninterruptibly(remainingMillis(deadline));
        if (ownGroup != null && !ownGroup.terminationFuture().awaitUninterruptibly(remainingMillis(deadline))) {
            log.warn("The I/O threads of listener {} did not stop within {}", listener(), closeTimeout);
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static boolean isOneOf(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "NettyServer(" + listener() + ")";
    }

    /** Options of a {@link NettyServer}; {@link #start()} binds it. */
    public static final class Builder {
        private final Listener listener;
        private final RequestProcessor processor;
        private EventLoopGroup sharedGroup;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        private ApiVersionsTable apis = ApiVersionsTable.KAFKA;
        private Duration closeTimeout = Duration.ofSeconds(10);

        private Builder(Listener listener, RequestProcessor processor) {
            this.listener = listener;
            this.processor = Objects.requireNonNull(processor, "processor");
        }

        /**
         * Runs on {@code group} (see {@link EventLoops}), which the server never shuts down;
         * otherwise it creates its own.
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.sharedGroup = Objects.requireNonNull(group, "group");
            return this;
        }

        /** Threads of the group the server creates when none is given; default: one per core. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("I/O threads must be >= 1, was " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /** What each connection may cost; default {@link ConnectionLimits#DEFAULTS}. */
        public Builder limits(ConnectionLimits connectionLimits) {
            this.limits = Objects.requireNonNull(connectionLimits, "connectionLimits");
            return this;
        }

        /** The APIs whose headers are understood; default {@link ApiVersionsTable#KAFKA}. */
        public Builder apis(ApiVersionsTable table) {
            this.apis = Objects.requireNonNull(table, "table");
            return this;
        }

        /** How long {@link NettyServer#close()} waits for its own I/O threads; default 10 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Binds the listener. On failure (a port or in-VM name already taken, an address that is
         * not this host's) releases whatever it created and throws an unchecked exception naming
         * the listener, with Netty's as its cause.
         */
        public NettyServer start() {
            EventLoopGroup ownGroup = sharedGroup == null
                    ? EventLoops.create(listener, ioThreads)
                    : null;
            EventLoopGroup group = sharedGroup != null ? sharedGroup : ownGroup;
            ChannelGroup connections = new DefaultChannelGroup("replog-connections-" + listener.address(),
                    ImmediateEventExecutor.INSTANCE);
            try {
                ServerPipeline pipeline = new ServerPipeline(processor, apis, limits, listener.isLocal(), connections);
                ServerBootstrap bootstrap = new ServerBootstrap()
                        .group(group)
                        .channel(IoTransport.serverChannel(listener, group))
                        .childHandler(pipeline);
                if (!listener.isLocal()) {
                    bootstrap.option(ChannelOption.SO_REUSEADDR, true)
                            .childOption(ChannelOption.TCP_NODELAY, true)
                            .childOption(ChannelOption.SO_KEEPALIVE, true);
                }
                ChannelFuture bound = bootstrap.bind(bindAddress(listener)).awaitUninterruptibly();
                if (!bound.isSuccess()) {
                    throw bindFailure(bound.cause());
                }
                Channel channel = bound.channel();
                NettyServer server = new NettyServer(listener, channel, connections, ownGroup, closeTimeout);
                log.info("Listening on {} ({})", server.listener(), channel.getClass().getSimpleName());
                return server;
            } catch (RuntimeException | Error e) {
                if (ownGroup != null) {
                    ownGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(closeTimeout.toMillis());
                }
                throw e;
            }
        }

        private RuntimeException bindFailure(Throwable cause) {
            String message = "Could not listen on " + listener + ": " + cause;
            // Netty reports a taken port as a checked BindException: unchecked here, the cause kept.
            return cause instanceof IOException io ? new UncheckedIOException(message, io) : new IllegalStateException(message, cause);
        }

        private static SocketAddress bindAddress(Listener listener) {
            if (listener.address() instanceof InetSocketAddress inet && inet.isUnresolved()) {
                return new InetSocketAddress(inet.getHostString(), inet.getPort());
            }
            return listener.address();
        }
    }
}
