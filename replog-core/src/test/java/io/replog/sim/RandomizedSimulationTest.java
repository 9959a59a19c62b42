package io.replog.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The randomized simulation: many seeds, each a different cluster, workload and fault schedule
 * (see {@link RandomizedRun}), all checked against the invariants of DESIGN §5. A failing seed
 * prints the one-line command that replays exactly that run.
 *
 * <p>{@code -Dreplog.sim.seeds=N} sets how many seeds (default 300; the soak profile runs
 * {@link RandomizedSimulationSoakTest} with thousands), {@code -Dreplog.sim.firstSeed=S} where
 * they start, and {@code -Dreplog.sim.seed=S} replays one.
 */
class RandomizedSimulationTest {

    static List<RandomizedRun.Outcome> runSeeds(Class<?> testClass, int defaultCount) {
        OptionalLong one = SimReplay.seedProperty();
        long first = Long.getLong("replog.sim.firstSeed", 0L);
        int count = one.isPresent() ? 1 : Integer.getInteger("replog.sim.seeds", defaultCount);
        List<RandomizedRun.Outcome> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long seed = one.isPresent() ? one.getAsLong() : first + i;
            RandomizedRun.Outcome outcome = new RandomizedRun(seed).run();
            if (!outcome.passed()) {
                failures.add(outcome);
                System.out.println("FAILED " + outcome.summary() + "\n  replay: " + SimReplay.command(testClass, seed)
                        + "\n  " + String.join("\n  ", outcome.violations()) + "\n" + outcome.trace());
            } else if (one.isPresent() || i % 50 == 0) {
                System.out.println("ok " + outcome.summary());
            }
        }
        System.out.printf("%d seeds from %d in %.1f s, %d failed%n", count, first,
                (System.nanoTime() - start) / 1e9, failures.size());
        return failures;
    }

    @Test
    void invariantsHoldAcrossRandomSeeds() {
        List<RandomizedRun.Outcome> failures = runSeeds(RandomizedSimulationTest.class, 300);
        assertThat(failures).as(() -> "failing seeds; replay each with: "
                + failures.stream().map(f -> SimReplay.command(RandomizedSimulationTest.class, f.seed()) + "\n  "
                + f.violations()).toList()).isEmpty();
    }
}
