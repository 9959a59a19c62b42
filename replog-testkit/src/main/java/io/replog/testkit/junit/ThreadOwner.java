package io.replog.testkit.junit;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * Tells which threads a scope of the extension (a test class, or one test) started, so that its
 * thread-leak check blames no other test running at the same time.
 *
 * <p>How: a thread inherits its context class loader from the thread that creates it. While a
 * scope runs (a test from its {@code beforeEach} to its {@code afterEach}; a class while its
 * shared clusters start), the extension makes an instance of this class the running thread's
 * context class loader. Every thread started then by that thread, or by a thread it started, and
 * so on (brokers' event loops, Netty's I/O threads, clients' threads, a thread the test itself
 * started), carries it. The loader loads nothing itself: it delegates every request to the loader
 * it replaced. A test scope's owner names its class's owner as enclosing, so a class's check
 * covers the threads its tests started too.
 *
 * <p>What it cannot see: a thread whose code sets its own context class loader, and a thread
 * started on the scope's behalf by a thread of a JVM-wide pool started earlier. Neither applies
 * to replog's threads.
 */
final class ThreadOwner extends ClassLoader {
    /** Prefix of every thread replog starts, and so of the threads the check looks at. */
    static final String THREAD_PREFIX = "replog-";

    private final String scope;
    private final ThreadOwner enclosing;

    ThreadOwner(String scope, ThreadOwner enclosing, ClassLoader delegate) {
        super("replog-test-owner", delegate != null ? delegate : ClassLoader.getSystemClassLoader());
        this.scope = scope;
        this.enclosing = enclosing;
    }

    /** Whether {@code t} was started within this scope (or a scope it encloses). */
    boolean owns(Thread t) {
        ClassLoader cl = t.getContextClassLoader();
        if (!(cl instanceof ThreadOwner o)) {
            return false;
        }
        for (ThreadOwner x = o; x != null; x = x.enclosing) {
            if (x == this) {
                return true;
            }
        }
        return false;
    }

    /** The live {@code replog-} threads this scope started, but those in {@code excluded} and the calling thread. */
    List<Thread> liveThreads(Set<Thread> excluded) {
        Thread self = Thread.currentThread();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t != self && t.isAlive() && t.getName().startsWith(THREAD_PREFIX) && owns(t)
                        && !excluded.contains(t))
                .sorted(Comparator.comparing(Thread::getName)).toList();
    }

    /**
     * Waits up to {@code grace} for the scope's {@code replog-} threads (but {@code excluded}) to
     * end, as those of closed clusters and clients may still be stopping; returns those still alive
     * then, or none.
     */
    List<Thread> threadsLeftAfter(Duration grace, Set<Thread> excluded) {
        try {
            await("the replog threads started by " + scope + " end").atMost(grace).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                    .until(() -> liveThreads(excluded).isEmpty());
            return List.of();
        } catch (ConditionTimeoutException e) {
            return liveThreads(excluded);
        }
    }

    @Override
    public String toString() {
        return "ThreadOwner[" + scope + "]";
    }
}
