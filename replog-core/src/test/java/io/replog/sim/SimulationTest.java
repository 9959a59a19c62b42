package io.replog.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationTest {

    @Test
    void eventsRunInTimeOrderThenSubmissionOrder() {
        Simulation sim = Simulation.withSeed(1);
        SimScheduler node = sim.scheduler(1);
        List<String> ran = new ArrayList<>();
        node.schedule(20, () -> ran.add("b@20"));
        node.schedule(10, () -> ran.add("a@10"));
        node.schedule(20, () -> ran.add("c@20"));
        node.execute(() -> ran.add("now"));
        sim.runFor(100);
        assertThat(ran).containsExactly("now", "a@10", "b@20", "c@20");
    }

    @Test
    void timeJumpsToEachEventAndRunForEndsAtItsDeadline() {
        Simulation sim = Simulation.withSeed(1);
        List<Long> seenAt = new ArrayList<>();
        sim.scheduler(1).schedule(250, () -> seenAt.add(sim.nowMs()));
        sim.scheduler(2).schedule(700, () -> seenAt.add(sim.nowMs()));
        long startMillis = sim.clock().millis();
        sim.runFor(500);
        assertThat(seenAt).containsExactly(250L);
        assertThat(sim.nowMs()).isEqualTo(500);
        assertThat(sim.clock().millis()).isEqualTo(startMillis + 500);
        sim.runFor(500);
        assertThat(seenAt).containsExactly(250L, 700L);
        assertThat(sim.nowMs()).isEqualTo(1_000);
    }

    @Test
    void runUntilStopsAtTheEventThatMakesTheConditionTrue() {
        Simulation sim = Simulation.withSeed(1);
        boolean[] done = {false};
        sim.scheduler(1).schedule(300, () -> done[0] = true);
        sim.scheduler(1).schedule(400, () -> { });
        assertThat(sim.runUntil(() -> done[0], 10_000)).isTrue();
        assertThat(sim.nowMs()).isEqualTo(300);
        assertThat(sim.pendingEvents()).isEqualTo(1);
    }

    @Test
    void runUntilGivesUpAtTheDeadline() {
        Simulation sim = Simulation.withSeed(1);
        sim.scheduler(1).schedule(5_000, () -> { });
        assertThat(sim.runUntil(() -> false, 1_000)).isFalse();
        assertThat(sim.nowMs()).isEqualTo(1_000);
        assertThat(sim.pendingEvents()).isEqualTo(1);
    }

    @Test
    void awaitOrFailNamesWhatItWaitedForTheSimulatedTimeAndWhatItLastSaw() {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(7));
        sim.runFor(40_230);
        int[] seen = {41};
        assertThatThrownBy(() -> sim.awaitOrFail("leader of orders-0 moves to 2", () -> false, 1_000,
                () -> "leader " + seen[0]))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 1000 ms of simulated time (t=41230ms, seed 7) waiting for: "
                        + "leader of orders-0 moves to 2; last seen: leader 41");
        assertThat(sim.nowMs()).isEqualTo(41_230);
    }

    @Test
    void stepRunsOneEventAtATime() {
        Simulation sim = Simulation.withSeed(1);
        List<String> ran = new ArrayList<>();
        sim.scheduler(1).schedule(5, () -> ran.add("first"));
        sim.scheduler(1).schedule(9, () -> ran.add("second"));
        assertThat(sim.step()).isTrue();
        assertThat(ran).containsExactly("first");
        assertThat(sim.nowMs()).isEqualTo(5);
        assertThat(sim.step()).isTrue();
        assertThat(sim.step()).isFalse();
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void cancelledTimerNeverRuns() {
        Simulation sim = Simulation.withSeed(1);
        boolean[] ran = {false};
        var timer = sim.scheduler(1).schedule(10, () -> ran[0] = true);
        timer.cancel();
        timer.cancel();
        sim.runFor(100);
        assertThat(ran[0]).isFalse();
        assertThat(sim.pendingEvents()).isZero();
    }

    @Test
    void zeroDelayLoopFailsWithAClearError() {
        Simulation sim = new Simulation(SimConfig.defaults().withEventBudgets(1_000_000, 1_000));
        SimScheduler node = sim.scheduler(1);
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> node.execute("spin", loop[0]);
        node.execute("spin", loop[0]);
        assertThatThrownBy(() -> sim.runFor(10))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("ran 1000 events at t=0ms without time moving")
                .hasMessageContaining("node=1 spin");
    }

    @Test
    void eventBudgetPerRunCallBoundsABusyRun() {
        Simulation sim = new Simulation(SimConfig.defaults().withEventBudgets(50, 1_000));
        SimScheduler node = sim.scheduler(1);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> node.schedule(1, "tick", tick[0]);
        node.execute(tick[0]);
        assertThatThrownBy(() -> sim.runFor(1_000))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("ran 50 events in one run call");
        // the budget is per call: the next call may run again
        sim.runFor(10);
    }

    @Test
    void aFailingEventNamesTimeNodeAndEvent() {
        Simulation sim = Simulation.withSeed(7);
        sim.scheduler(3).schedule(42, "explode", () -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> sim.runFor(100))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("seed 7 at t=42ms")
                .hasMessageContaining("node=3 explode")
                .hasRootCauseMessage("boom");
    }

    @Test
    void callsFromAnotherThreadAreRefused() throws Exception {
        Simulation sim = Simulation.withSeed(1);
        SimScheduler node = sim.scheduler(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> node.execute(() -> { }));
        assertThatThrownBy(other::get).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(SimulationException.class)
                .hasMessageContaining("must not use real threads");
    }

    @Test
    void eventsCannotDriveTheLoop() {
        Simulation sim = Simulation.withSeed(1);
        sim.scheduler(1).execute(() -> sim.runFor(10));
        assertThatThrownBy(() -> sim.runFor(10)).isInstanceOf(SimulationException.class)
                .hasMessageContaining("called from inside a simulation event");
    }

    @Test
    void scriptedActionsRunOnTheControlNodeAtTheirTime() {
        Simulation sim = Simulation.withSeed(1);
        List<Long> at = new ArrayList<>();
        sim.at(1_500, "mark", () -> at.add(sim.nowMs()));
        sim.after(200, "early", () -> at.add(sim.nowMs()));
        sim.runFor(2_000);
        assertThat(at).containsExactly(200L, 1_500L);
        assertThat(sim.trace().lines()).contains("t=1500ms node=sim mark");
        assertThatThrownBy(() -> sim.at(10, "past", () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already at t=2000ms");
        assertThatThrownBy(() -> sim.control().crash()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomStreamsDependOnlyOnSeedAndPurpose() {
        Simulation a = Simulation.withSeed(99);
        Simulation b = Simulation.withSeed(99);
        assertThat(a.randomFor("network").nextLong()).isEqualTo(b.randomFor("network").nextLong());
        assertThat(a.random().nextLong()).isEqualTo(b.random().nextLong());
        assertThat(a.randomFor("network").nextLong()).isNotEqualTo(a.randomFor("coordinator").nextLong());
        assertThat(Simulation.withSeed(100).randomFor("network").nextLong())
                .isNotEqualTo(a.randomFor("network").nextLong());
    }

    @Test
    void clientNamesMustNotLookLikeBrokersOrReservedNodes() {
        Simulation sim = Simulation.withSeed(1);
        assertThat(sim.clientScheduler("producer").name()).isEqualTo("producer");
        assertThatThrownBy(() -> sim.clientScheduler("2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.clientScheduler("zk")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.scheduler(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
