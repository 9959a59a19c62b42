package io.replog.sim;

import io.replog.time.Scheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimSchedulerTest {

    @Test
    void isAScheduler() {
        Simulation sim = Simulation.withSeed(1);
        Scheduler scheduler = sim.scheduler(0);
        assertThat(scheduler.clock()).isSameAs(sim.clock());
    }

    @Test
    void crashDropsPendingTasksAndTimersAndRefusesNewOnes() {
        Simulation sim = Simulation.withSeed(1);
        SimScheduler node = sim.scheduler(2);
        SimScheduler other = sim.scheduler(3);
        List<String> ran = new ArrayList<>();
        node.execute(() -> ran.add("task"));
        node.schedule(100, () -> ran.add("timer"));
        other.schedule(100, () -> ran.add("other"));

        node.crash();
        node.execute(() -> ran.add("after crash"));
        node.schedule(10, () -> ran.add("timer after crash"));
        sim.runFor(1_000);

        assertThat(ran).containsExactly("other");
        assertThat(node.isAlive()).isFalse();
        assertThat(sim.trace().lines()).contains("t=0ms node=2 CRASH (dropped 2 pending tasks)");
    }

    @Test
    void restartGivesAFreshGenerationThatRunsNewWorkOnly() {
        Simulation sim = Simulation.withSeed(1);
        SimScheduler node = sim.scheduler(2);
        List<String> ran = new ArrayList<>();
        node.schedule(100, () -> ran.add("old incarnation"));
        long before = node.generation();
        node.restart(); // restart of a live node: kill -9, then start
        node.schedule(50, () -> ran.add("new incarnation"));
        sim.runFor(1_000);
        assertThat(ran).containsExactly("new incarnation");
        assertThat(node.generation()).isGreaterThan(before);
        assertThat(node.isAlive()).isTrue();
    }

    @Test
    void workAddressedToAnOlderIncarnationIsDropped() {
        Simulation sim = Simulation.withSeed(1);
        SimScheduler node = sim.scheduler(2);
        long oldGeneration = node.generation();
        sim.crash(2);
        sim.restart(2);
        List<String> ran = new ArrayList<>();
        node.scheduleAt(10, oldGeneration, "late reply", () -> ran.add("late"));
        sim.runFor(100);
        assertThat(ran).isEmpty();
    }

    @Test
    void crashListenersRunOnceForTheIncarnationThatCrashed() {
        Simulation sim = Simulation.withSeed(1);
        SimScheduler node = sim.scheduler(2);
        List<String> crashes = new ArrayList<>();
        node.onCrash(() -> crashes.add("first incarnation"));
        node.crash();
        node.crash();
        node.restart();
        node.crash();
        assertThat(crashes).containsExactly("first incarnation");
    }
}
