package io.replog.sim;

import io.replog.time.Clock;
import io.replog.time.Scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulated node's event loop: a {@link Scheduler} whose tasks and timers are events of
 * the shared {@link Simulation} queue, tagged with this node.
 *
 * <p>Guarantees: tasks run one at a time, in (due time, submission) order, on the
 * simulation's thread; {@link #execute} runs after everything already due now. After
 * {@link #crash()} nothing that was submitted before the crash ever runs, and nothing more is
 * accepted until {@link #restart()}, which begins a new <em>generation</em>: a restarted node
 * is a new process that shares only the node name (and whatever "disk" the test keeps).
 */
public final class SimScheduler implements Scheduler {
    private static final Timer NO_TIMER = () -> { };

    private final Simulation sim;
    private final String name;
    private final boolean crashable;
    private long generation;
    private boolean alive = true;
    private List<Runnable> crashListeners = new ArrayList<>();

    SimScheduler(Simulation sim, String name, boolean crashable) {
        this.sim = sim;
        this.name = name;
        this.crashable = crashable;
    }

    /** The node's name: a broker's id, a client's name, or a reserved name. */
    public String name() {
        return name;
    }

    /** Whether the node is running (not crashed). */
    public boolean isAlive() {
        return alive;
    }

    /** Starts at 0; every {@link #crash()} adds one, so work of an older incarnation can be told apart. */
    public long generation() {
        return generation;
    }

    @Override
    public Clock clock() {
        return sim.clock();
    }

    @Override
    public void execute(Runnable task) {
        execute("task", task);
    }

    /** {@link #execute(Runnable)} with a description for the trace. */
    public void execute(String description, Runnable task) {
        scheduleAt(sim.nowMs(), description, task);
    }

    /** Schedules {@code task} after {@code delayMs} (a negative delay counts as zero, as in the JDK's schedulers). */
    @Override
    public Timer schedule(long delayMs, Runnable task) {
        return schedule(delayMs, "timer(" + delayMs + "ms)", task);
    }

    /** {@link #schedule(long, Runnable)} with a description for the trace. */
    public Timer schedule(long delayMs, String description, Runnable task) {
        return scheduleAt(sim.nowMs() + Math.max(0, delayMs), description, task);
    }

    /** Schedules {@code task} at simulated time {@code timeMs} (now, if that is past). */
    public Timer scheduleAt(long timeMs, String description, Runnable task) {
        return scheduleAt(timeMs, generation, description, task);
    }

    /**
     * Schedules {@code task} for the incarnation {@code forGeneration} only: if the node has
     * crashed since that generation, the task is dropped. Used for messages addressed to a
     * particular incarnation (a response to a request sent before a crash).
     */
    Timer scheduleAt(long timeMs, long forGeneration, String description, Runnable task) {
        if (!alive || forGeneration != generation) {
            return NO_TIMER; // a crashed node, or an older incarnation of it, does nothing
        }
        SimEvent event = sim.enqueue(timeMs, this, generation, description, task);
        return () -> sim.cancel(event);
    }

    /** Whether {@code event} may still run: queued by the current incarnation, which is alive. */
    boolean accepts(SimEvent event) {
        return alive && event.generation == generation;
    }

    /**
     * Runs {@code listener} when this incarnation crashes (once; a restarted node starts with
     * none). Components use it for what a crash sets off elsewhere, such as the coordinator
     * session timing out.
     */
    public void onCrash(Runnable listener) {
        if (alive) {
            crashListeners.add(listener);
        }
    }

    /**
     * Crashes the node: every pending task and timer of it is dropped, it accepts nothing more,
     * responses addressed to it are lost, and its crash listeners run. Crashing a crashed node
     * does nothing.
     */
    public void crash() {
        if (!crashable) {
            throw new IllegalStateException("node '" + name + "' is part of the simulation and cannot crash");
        }
        if (!alive) {
            return;
        }
        alive = false;
        generation++;
        int dropped = sim.cancelPendingOf(this);
        sim.note(name, "CRASH (dropped " + dropped + " pending tasks)");
        List<Runnable> listeners = crashListeners;
        crashListeners = new ArrayList<>();
        listeners.forEach(Runnable::run);
    }

    /** Starts the node again as a new incarnation; a live node is crashed first (kill -9, then start). */
    public void restart() {
        if (alive) {
            crash();
        }
        alive = true;
        sim.note(name, "RESTART generation " + generation);
    }

    @Override
    public String toString() {
        return "SimScheduler[" + name + (alive ? "" : ", crashed") + ", generation " + generation + "]";
    }
}
