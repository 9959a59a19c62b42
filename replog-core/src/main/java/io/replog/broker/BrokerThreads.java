package io.replog.broker;

import io.replog.time.Clock;
import io.replog.time.EventLoopScheduler;
import io.replog.time.ExecutorLane;
import io.replog.time.SharedEventLoop;

import java.util.Objects;

/**
 * Threads that several brokers in one JVM share: one event loop for their engines
 * ({@code replog-brokers-<name>}) and one for their slow file work, checkpoints, rolled segments'
 * fsyncs and unlinks ({@code replog-brokers-io-<name>}). Give the same instance to every broker of
 * an in-JVM cluster with {@link Broker.Builder#threads(BrokerThreads)}: three brokers then cost two
 * threads instead of nine, which is what a test suite starting clusters wants. A broker started
 * without it has threads of its own, which is what a production broker wants (its engine never
 * waits behind another broker's work).
 *
 * <p>Guarantees: each broker keeps its own serial event loop and its own ordered file work (each a
 * lane on the shared thread); closing or killing one broker closes only its lanes. Close this
 * after the brokers that use it: {@link #close()} refuses every lane's new work, lets queued tasks
 * run and waits (bounded) for both threads to end.
 */
public final class BrokerThreads implements AutoCloseable {
    private final SharedEventLoop engines;
    private final SharedEventLoop io;

    private BrokerThreads(String name) {
        this.engines = new SharedEventLoop("replog-brokers-" + name);
        try {
            this.io = new SharedEventLoop("replog-brokers-io-" + name);
        } catch (RuntimeException e) {
            engines.close();
            throw e;
        }
    }

    /**
     * Starts the two shared threads, named {@code replog-brokers-<name>} and
     * {@code replog-brokers-io-<name>}.
     */
    public static BrokerThreads create(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("broker threads need a name, for their threads' names");
        }
        return new BrokerThreads(name);
    }

    EventLoopScheduler engineLoop(int brokerId, Clock clock) {
        return engines.lane("replog-broker-" + brokerId, clock);
    }

    ExecutorLane checkpoints(int brokerId) {
        return io.executorLane("replog-checkpoints-" + brokerId);
    }

    ExecutorLane logIo(int brokerId) {
        return io.executorLane("replog-log-io-" + brokerId);
    }

    @Override
    public void close() {
        engines.close();
        io.close();
    }

    @Override
    public String toString() {
        return "BrokerThreads(" + engines.threadName() + ", " + io.threadName() + ")";
    }
}
