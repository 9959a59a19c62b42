package io.replog.sim;

/**
 * Everything that shapes one simulated run. Two runs with equal configs (and the same test
 * code) produce the same event trace, so a config, and above all its {@link #seed}, is what a
 * failing run is replayed from (see {@link SimReplay}).
 *
 * <p>Start from {@link #defaults()} and change what matters with the {@code with...} methods.
 *
 * @param seed                  seeds every random choice of the simulation
 * @param brokers               how many brokers the scenario runs (ids 0..brokers-1); the
 *                              infrastructure itself does not create brokers, tests and
 *                              harnesses read it
 * @param minDelayMs            the shortest one-way network delay
 * @param maxDelayMs            the longest one-way network delay (before {@code slow} faults)
 * @param lossProbability       the chance, 0..1, that any one message is lost
 * @param requestTimeoutMs      after this long without a response a send fails with
 *                              {@link io.replog.errors.RetriableException} (Kafka's {@code request.timeout.ms})
 * @param sessionTimeoutMs      how long after a crash the coordinator notices that the crashed
 *                              broker's session is gone (ZooKeeper's session timeout)
 * @param coordinatorMinDelayMs the shortest delay of a coordinator operation or notification
 * @param coordinatorMaxDelayMs the longest delay of a coordinator operation or notification
 * @param traceCapacity         how many of the latest events the trace keeps for printing
 * @param maxEventsPerRun       events one {@code runFor}/{@code runUntil}/{@code step} call may
 *                              run before it fails: the guard against runaway event loops
 * @param maxEventsPerInstant   events that may run without simulated time moving before the run
 *                              fails: the guard against tasks that reschedule themselves with
 *                              zero delay forever
 */
public record SimConfig(long seed, int brokers, long minDelayMs, long maxDelayMs, double lossProbability,
                        long requestTimeoutMs, long sessionTimeoutMs, long coordinatorMinDelayMs,
                        long coordinatorMaxDelayMs, int traceCapacity, long maxEventsPerRun,
                        long maxEventsPerInstant) {

    public SimConfig {
        if (brokers < 0) {
            throw new IllegalArgumentException("brokers must be >= 0, was " + brokers);
        }
        requireDelayRange("network delay", minDelayMs, maxDelayMs);
        requireDelayRange("coordinator delay", coordinatorMinDelayMs, coordinatorMaxDelayMs);
        if (!(lossProbability >= 0.0 && lossProbability <= 1.0)) {
            throw new IllegalArgumentException("lossProbability must be in [0, 1], was " + lossProbability);
        }
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs must be > 0, was " + requestTimeoutMs);
        }
        if (sessionTimeoutMs <= 0) {
            throw new IllegalArgumentException("sessionTimeoutMs must be > 0, was " + sessionTimeoutMs);
        }
        if (traceCapacity < 1) {
            throw new IllegalArgumentException("traceCapacity must be >= 1, was " + traceCapacity);
        }
        if (maxEventsPerRun < 1 || maxEventsPerInstant < 1) {
            throw new IllegalArgumentException("event budgets must be >= 1, were " + maxEventsPerRun
                    + " per run and " + maxEventsPerInstant + " per instant");
        }
    }

    private static void requireDelayRange(String what, long min, long max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException(what + " range must satisfy 0 <= min <= max, was ["
                    + min + ", " + max + "] ms");
        }
    }

    /**
     * Seed 0, three brokers, 1..10 ms network delay, no loss, 3000 ms request timeout, 6000 ms
     * session timeout, 1..5 ms coordinator delay, 1000 trace lines, 10 million events per run
     * call, 100 000 events per instant.
     */
    public static SimConfig defaults() {
        return new SimConfig(0L, 3, 1, 10, 0.0, 3_000, 6_000, 1, 5, 1_000, 10_000_000L, 100_000L);
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(newSeed, brokers, minDelayMs, maxDelayMs, lossProbability, requestTimeoutMs,
                sessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, traceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withBrokers(int newBrokers) {
        return new SimConfig(seed, newBrokers, minDelayMs, maxDelayMs, lossProbability, requestTimeoutMs,
                sessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, traceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withNetworkDelay(long newMinDelayMs, long newMaxDelayMs) {
        return new SimConfig(seed, brokers, newMinDelayMs, newMaxDelayMs, lossProbability, requestTimeoutMs,
                sessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, traceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withLossProbability(double newLossProbability) {
        return new SimConfig(seed, brokers, minDelayMs, maxDelayMs, newLossProbability, requestTimeoutMs,
                sessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, traceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withRequestTimeoutMs(long newRequestTimeoutMs) {
        return new SimConfig(seed, brokers, minDelayMs, maxDelayMs, lossProbability, newRequestTimeoutMs,
                sessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, traceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withSessionTimeoutMs(long newSessionTimeoutMs) {
        return new SimConfig(seed, brokers, minDelayMs, maxDelayMs, lossProbability, requestTimeoutMs,
                newSessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, traceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withCoordinatorDelay(long newMinDelayMs, long newMaxDelayMs) {
        return new SimConfig(seed, brokers, minDelayMs, maxDelayMs, lossProbability, requestTimeoutMs,
                sessionTimeoutMs, newMinDelayMs, newMaxDelayMs, traceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withTraceCapacity(int newTraceCapacity) {
        return new SimConfig(seed, brokers, minDelayMs, maxDelayMs, lossProbability, requestTimeoutMs,
                sessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, newTraceCapacity, maxEventsPerRun,
                maxEventsPerInstant);
    }

    public SimConfig withEventBudgets(long newMaxEventsPerRun, long newMaxEventsPerInstant) {
        return new SimConfig(seed, brokers, minDelayMs, maxDelayMs, lossProbability, requestTimeoutMs,
                sessionTimeoutMs, coordinatorMinDelayMs, coordinatorMaxDelayMs, traceCapacity, newMaxEventsPerRun,
                newMaxEventsPerInstant);
    }
}
