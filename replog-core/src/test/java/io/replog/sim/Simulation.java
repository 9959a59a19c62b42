package io.replog.sim;

import io.replog.time.ManualClock;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A deterministic, single-threaded discrete-event loop: one seeded {@link Random}, one
 * {@link ManualClock}, and one queue of events ordered by (time, insertion sequence). Time
 * does not flow; it jumps to the next event. For a given {@link SimConfig} and test code the
 * sequence of events, and so the {@linkplain #trace() trace}, is identical on every run.
 *
 * <p>Each simulated process (a broker, a client, the coordinator) is a <em>node</em> with its
 * own {@link SimScheduler}; crashing a node drops everything it had pending. The simulated
 * network ({@link #network()}) and ZooKeeper ({@link #zooKeeper()}) run their own events on
 * the nodes involved.
 *
 * <pre>{@code
 * Simulation sim = new Simulation(SimConfig.defaults().withSeed(42));
 * SimScheduler broker1 = sim.scheduler(1);
 * sim.network().register(1, handler);
 * InMemoryCoordinator zk1 = sim.coordinatorFor(1);
 * sim.after(5_000, "crash broker 1", () -> sim.crash(1));
 * sim.awaitOrFail("a new controller is elected", () -> newControllerSeen, 30_000);
 * }</pre>
 *
 * <p>Not thread-safe by design: every call must come from the thread that created the
 * simulation, and a call from any other thread fails (that catches code that escapes to a
 * real executor, such as a {@code CompletableFuture.*Async} method without an executor).
 */
public final class Simulation {
    /** The node that runs events scripted by the test itself ({@link #at}, {@link #after}); it never crashes. */
    public static final String CONTROL_NODE = "sim";
    /** The node the simulated ZooKeeper server runs on; it never crashes. */
    public static final String COORDINATOR_NODE = "zk";

    private final SimConfig config;
    private final ManualClock clock = new ManualClock();
    private final Random random;
    private final EventQueue queue = new EventQueue();
    private final SimTrace trace;
    private final Map<String, SimScheduler> nodes = new TreeMap<>();
    private final Thread owner = Thread.currentThread();
    private final SimScheduler control;
    private SimNetwork network;
    private SimZooKeeper zooKeeper;
    private boolean running;
    private final List<Runnable> afterEachEvent = new java.util.ArrayList<>();

    public Simulation(SimConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
        this.trace = new SimTrace(config.traceCapacity());
        this.control = node(CONTROL_NODE, false);
    }

    /** A simulation with {@link SimConfig#defaults()} and the given seed. */
    public static Simulation withSeed(long seed) {
        return new Simulation(SimConfig.defaults().withSeed(seed));
    }

    public SimConfig config() {
        return config;
    }

    public long seed() {
        return config.seed();
    }

    /** The one clock of the run; every scheduler's {@code clock()} is this one. */
    public ManualClock clock() {
        return clock;
    }

    /** Simulated milliseconds since the run started. */
    public long nowMs() {
        return clock.nanos() / 1_000_000L;
    }

    /**
     * The run's main random source, for test scripts (which broker to crash, when). Components
     * use their own streams ({@link #randomFor}) so that one component's draws do not shift
     * another's.
     */
    public Random random() {
        checkThread();
        return random;
    }

    /** A random stream for one named purpose, derived from the seed alone: the same name gives the same stream. */
    public Random randomFor(String purpose) {
        long mixed = config.seed() * 0x9E3779B97F4A7C15L + purpose.hashCode();
        mixed ^= mixed >>> 31;
        return new Random(mixed);
    }

    public SimTrace trace() {
        return trace;
    }

    // ---------------------------------------------------------------- nodes

    /** Broker {@code brokerId}'s scheduler (node name: the id), created on first use. */
    public SimScheduler scheduler(int brokerId) {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, was " + brokerId);
        }
        return node(String.valueOf(brokerId), true);
    }

    /**
     * A client's scheduler, created on first use. Client names must not be numbers (those are
     * brokers) nor the reserved {@value #CONTROL_NODE} and {@value #COORDINATOR_NODE}.
     */
    public SimScheduler clientScheduler(String name) {
        if (name == null || name.isBlank() || name.chars().allMatch(Character::isDigit)
                || name.equals(CONTROL_NODE) || name.equals(COORDINATOR_NODE) || name.contains(" ")) {
            throw new IllegalArgumentException("client name must be a non-numeric word other than '"
                    + CONTROL_NODE + "' and '" + COORDINATOR_NODE + "', was '" + name + "'");
        }
        return node(name, true);
    }

    /** The broker ids the config asks for: 0 .. {@code config().brokers() - 1}. */
    public List<Integer> brokerIds() {
        return IntStream.range(0, config.brokers()).boxed().toList();
    }

    /** The node called {@code name}, if it was ever created. */
    public Optional<SimScheduler> existingNode(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** The scheduler of the node that runs test-scripted events; it cannot crash. */
    public SimScheduler control() {
        return control;
    }

    SimScheduler node(String name, boolean crashable) {
        checkThread();
        return nodes.computeIfAbsent(name, n -> new SimScheduler(this, n, crashable));
    }

    /** Crashes broker {@code brokerId}: see {@link SimScheduler#crash()}. */
    public void crash(int brokerId) {
        scheduler(brokerId).crash();
    }

    /** Restarts broker {@code brokerId}'s node with a fresh generation: see {@link SimScheduler#restart()}. */
    public void restart(int brokerId) {
        scheduler(brokerId).restart();
    }

    // ---------------------------------------------------------------- components

    /** The simulated network, created on first use. */
    public SimNetwork network() {
        checkThread();
        if (network == null) {
            network = new SimNetwork(this);
        }
        return network;
    }

    /** The simulated ZooKeeper, created on first use. */
    public SimZooKeeper zooKeeper() {
        checkThread();
        if (zooKeeper == null) {
            zooKeeper = new SimZooKeeper(this, node(COORDINATOR_NODE, false));
        }
        return zooKeeper;
    }

    /** A new coordinator session for broker {@code brokerId}: {@code zooKeeper().connect(brokerId)}. */
    public InMemoryCoordinator coordinatorFor(int brokerId) {
        return zooKeeper().connect(brokerId);
    }

    // ---------------------------------------------------------------- scripting

    /** Runs {@code action} on the control node at simulated time {@code timeMs} (not in the past). */
    public void at(long timeMs, String what, Runnable action) {
        if (timeMs < nowMs()) {
            throw new IllegalArgumentException("cannot schedule '" + what + "' at t=" + timeMs
                    + "ms: the simulation is already at t=" + nowMs() + "ms");
        }
        control.scheduleAt(timeMs, what, action);
    }

    /** Runs {@code action} on the control node {@code delayMs} from now. */
    public void after(long delayMs, String what, Runnable action) {
        control.schedule(delayMs, what, action);
    }

    // ---------------------------------------------------------------- running

    /** Runs every event due in the next {@code durationMs}; the clock then reads exactly now + duration. */
    public void runFor(long durationMs) {
        if (durationMs < 0) {
            throw new IllegalArgumentException("duration must be >= 0, was " + durationMs + " ms");
        }
        long deadline = nowMs() + durationMs;
        run(deadline, () -> false);
        advanceTo(deadline);
    }

    /**
     * Runs events until {@code condition} holds (checked before the first event and after each)
     * or {@code maxMs} of simulated time have passed. Returns whether the condition holds; when
     * it does, the clock stays at the event that made it so, otherwise it reads now + maxMs.
     */
    public boolean runUntil(BooleanSupplier condition, long maxMs) {
        if (maxMs < 0) {
            throw new IllegalArgumentException("maxMs must be >= 0, was " + maxMs);
        }
        long deadline = nowMs() + maxMs;
        if (run(deadline, condition)) {
            return true;
        }
        advanceTo(deadline);
        return condition.getAsBoolean();
    }

    /**
     * {@link #runUntil}, failing when the condition does not hold in time: the
     * {@link AssertionError} names {@code description}, the simulated time waited and reached,
     * and the seed, so a failing scenario says what it waited for without a debugger.
     */
    public void awaitOrFail(String description, BooleanSupplier condition, long maxMs) {
        awaitOrFail(description, condition, maxMs, null);
    }

    /**
     * {@link #awaitOrFail(String, BooleanSupplier, long)}, adding to the failure what
     * {@code lastSeen} reports at the deadline (say, the partition's state), so the message
     * shows how far the run got as well as what it wanted.
     */
    public void awaitOrFail(String description, BooleanSupplier condition, long maxMs, Supplier<?> lastSeen) {
        if (runUntil(condition, maxMs)) {
            return;
        }
        StringBuilder message = new StringBuilder("timed out after ").append(maxMs)
                .append(" ms of simulated time (t=").append(nowMs()).append("ms, seed ").append(config.seed())
                .append(") waiting for: ").append(description);
        if (lastSeen != null) {
            message.append("; last seen: ").append(lastSeen.get());
        }
        throw new AssertionError(message.toString());
    }

    /**
     * Runs until {@code future} completes (at most {@code maxMs}) and returns its value. A
     * failed future rethrows its cause unwrapped (a {@link RuntimeException} or {@link Error});
     * one still pending at the deadline fails with a {@link SimulationException}.
     */
    public <T> T await(CompletableFuture<T> future, long maxMs) {
        if (!runUntil(future::isDone, maxMs)) {
            throw failure("future not completed within " + maxMs + " ms of simulated time");
        }
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SimulationException("future failed with a checked exception", cause);
        }
    }

    /** Runs the next pending event, moving time to it; returns false if there was none. */
    public boolean step() {
        checkNotReentrant();
        SimEvent next = queue.peek();
        if (next == null) {
            return false;
        }
        running = true;
        try {
            runOne(queue.poll());
        } finally {
            running = false;
        }
        return true;
    }

    /** The number of live pending events (stale ones of crashed nodes excluded once crashed). */
    public int pendingEvents() {
        return queue.size();
    }

    /** Runs events up to {@code deadline}; returns true as soon as {@code condition} holds. */
    private boolean run(long deadlineMs, BooleanSupplier condition) {
        checkNotReentrant();
        running = true;
        try {
            long events = 0;
            long eventsThisInstant = 0;
            long instant = nowMs();
            while (true) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                SimEvent next = queue.peek();
                if (next == null || next.timeMs > deadlineMs) {
                    return false;
                }
                queue.poll();
                if (++events > config.maxEventsPerRun()) {
                    throw failure("ran " + config.maxEventsPerRun() + " events in one run call without reaching t="
                            + deadlineMs + "ms; raise SimConfig.maxEventsPerRun if the scenario really is this busy");
                }
                if (next.timeMs == instant) {
                    if (++eventsThisInstant > config.maxEventsPerInstant()) {
                        throw failure("ran " + config.maxEventsPerInstant() + " events at t=" + instant
                                + "ms without time moving: some task keeps rescheduling itself with zero delay");
                    }
                } else {
                    instant = next.timeMs;
                    eventsThisInstant = 1;
                }
                runOne(next);
            }
        } finally {
            running = false;
        }
    }

    private void runOne(SimEvent event) {
        advanceTo(event.timeMs);
        if (!event.node.accepts(event)) {
            return; // the node crashed after the event was queued: it never happens
        }
        trace.record(event.timeMs, event.node.name(), event.description);
        try {
            event.task().run();
            for (Runnable check : afterEachEvent) {
                check.run();
            }
        } catch (RuntimeException | Error e) {
            throw failure("event failed: " + event + " (" + e + ")", e);
        }
    }

    /**
     * Runs {@code check} after every event from now on, untraced: for invariants cheap enough to
     * hold at every instant, caught at the event that breaks them.
     */
    public void afterEachEvent(Runnable check) {
        checkThread();
        afterEachEvent.add(check);
    }

    private void advanceTo(long timeMs) {
        long now = nowMs();
        if (timeMs > now) {
            clock.advanceMillis(timeMs - now);
        }
    }

    // ---------------------------------------------------------------- for the components

    SimEvent enqueue(long timeMs, SimScheduler node, long generation, String description, Runnable task) {
        checkThread();
        return queue.add(Math.max(timeMs, nowMs()), node, generation, description, task);
    }

    void cancel(SimEvent event) {
        queue.cancel(event);
    }

    int cancelPendingOf(SimScheduler node) {
        return queue.cancelIf(event -> event.node == node);
    }

    /** Records a trace line for something that is not an event of its own (a drop, a fault). */
    void note(String node, String what) {
        trace.record(nowMs(), node, what);
    }

    void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new SimulationException("the simulation was called from thread '" + Thread.currentThread().getName()
                    + "' but belongs to thread '" + owner.getName()
                    + "': simulated code must not use real threads or executors (e.g. CompletableFuture.*Async without an executor)");
        }
    }

    private void checkNotReentrant() {
        checkThread();
        if (running) {
            throw new SimulationException("runFor/runUntil/step called from inside a simulation event at t="
                    + nowMs() + "ms: events must not drive the loop");
        }
    }

    private SimulationException failure(String what) {
        return failure(what, null);
    }

    private SimulationException failure(String what, Throwable cause) {
        String message = "simulation seed " + config.seed() + " at t=" + nowMs() + "ms: " + what + "\n" + trace.dump(20);
        return cause == null ? new SimulationException(message) : new SimulationException(message, cause);
    }

    @Override
    public String toString() {
        return "Simulation[seed=" + config.seed() + ", t=" + nowMs() + "ms, " + queue.size() + " pending]";
    }
}
