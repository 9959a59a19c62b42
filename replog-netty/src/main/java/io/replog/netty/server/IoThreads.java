package io.replog.netty.server;

import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the I/O threads replog creates {@code replog-netty-io-N}, N unique in the JVM, so they can
 * be told apart from the application's own Netty threads in a thread dump. Daemon threads: an
 * unclosed server never keeps the JVM alive. Netty's fast thread-locals work on them.
 */
final class IoThreads implements ThreadFactory {
    static final String PREFIX = "replog-netty-io-";
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new FastThreadLocalThread(r, PREFIX + NEXT.getAndIncrement());
        t.setDaemon(true);
        return t;
    }
}
