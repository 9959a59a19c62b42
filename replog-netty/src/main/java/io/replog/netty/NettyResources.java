package io.replog.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.internal.ThreadExecutorMap;
import io.replog.netty.server.EventLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Netty threads that every broker and client of a JVM may share: one TCP event loop group
 * (native epoll when available, NIO otherwise), one in-VM ({@code local://}) group and one
 * host-name lookup thread. Hand one object to
 * {@link io.replog.netty.provider.NettyTransportProvider#NettyTransportProvider(NettyResources)}
 * and each broker started with that provider adds connections, not threads.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The threads are named {@code replog-netty-io-N} (both groups) and
 *       {@code replog-netty-lookup-...}, and are daemons. The groups start their threads lazily, on
 *       the first channel registered with them.</li>
 *   <li>Listeners, pools and transports made on these resources never shut them down; only
 *       {@link #close()} does, and it waits (up to the close timeout) for every thread to end,
 *       except when called on one of these threads, where waiting would wait for itself.</li>
 *   <li>Whatever runs on the resources must be closed before them; a channel still open when they
 *       close is closed by Netty as its event loop stops. Closing twice is harmless.</li>
 * </ul>
 * Thread-safe.
 */
public final class NettyResources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NettyResources.class);
    private static final int DEFAULT_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final EventLoopGroup tcp;
    private final EventLoopGroup inVm;
    private final EventExecutor lookups;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyResources(int tcpThreads, int inVmThreads, Duration closeTimeout) {
        this.tcp = EventLoops.tcp(tcpThreads);
        this.inVm = EventLoops.inVm(inVmThreads);
        this.lookups = new DefaultEventExecutor(new DefaultThreadFactory("replog-netty-lookup", true));
        this.closeTimeout = closeTimeout;
    }

    /** Resources with one TCP and one in-VM thread per core, and a 10 s close timeout. */
    public static NettyResources create() {
        return create(DEFAULT_THREADS, DEFAULT_THREADS);
    }

    /** Resources with {@code tcpThreads} TCP and {@code inVmThreads} in-VM I/O threads (each >= 1). */
    public static NettyResources create(int tcpThreads, int inVmThreads) {
        return create(tcpThreads, inVmThreads, Duration.ofSeconds(10));
    }

    /** As {@link #create(int, int)}, with how long {@link #close()} waits for the threads to end. */
    public static NettyResources create(int tcpThreads, int inVmThreads, Duration closeTimeout) {
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        return new NettyResources(tcpThreads, inVmThreads, closeTimeout);
    }

    /** The TCP group, for listeners and connections. */
    public EventLoopGroup tcpGroup() {
        return tcp;
    }

    /** The in-VM ({@code local://}) group, for listeners and connections. */
    public EventLoopGroup inVmGroup() {
        return inVm;
    }

    /** The thread that looks host names up, off the event loops. */
    public EventExecutor lookupExecutor() {
        return lookups;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Shuts the threads down and waits for them; see the class comment. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<EventExecutorGroup> all = List.of(tcp, inVm, lookups);
        all.forEach(g -> g.shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS));
        // On one of these threads, waiting would wait for the very thread waiting.
        if (ThreadExecutorMap.currentExecutor() != null) {
            return;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        for (EventExecutorGroup group : all) {
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (!group.terminationFuture().awaitUninterruptibly(left)) {
                log.warn("Netty threads of {} did not stop within {}", group, closeTimeout);
            }
        }
    }

    @Override
    public String toString() {
        return "NettyResources(" + (closed.get() ? "closed" : "open") + ")";
    }
}
