package io.replog.sim;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.OptionalLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The randomized simulation: many seeds, each a different cluster, workload and fault schedule
 * (see {@link RandomizedRun}), all checked against the invariants of docs/guarantees.md. Each
 * seed is its own test, named {@code seed N}, so a report names the failing seed; its failure
 * carries the one-line command that replays exactly that run.
 *
 * <p>{@code -Dreplog.sim.seeds=N} sets how many seeds (default 300; the soak profile runs
 * {@link RandomizedSimulationSoakTest} with thousands), {@code -Dreplog.sim.firstSeed=S} where
 * they start, and {@code -Dreplog.sim.seed=S} replays one.
 */
class RandomizedSimulationTest {

    /**
     * The seeds to run: {@code defaultCount} seeds from {@code defaultFirst} unless the properties
     * above say otherwise, or only the pinned seed.
     */
    static LongStream seeds(int defaultCount, long defaultFirst) {
        OptionalLong one = SimReplay.seedProperty();
        return one.isPresent() ? LongStream.of(one.getAsLong())
                : LongStream.range(0, Integer.getInteger("replog.sim.seeds", defaultCount))
                        .map(i -> Long.getLong("replog.sim.firstSeed", defaultFirst) + i);
    }

    /** What a failed seed reports: its violations, the replay command and the trace's tail. */
    static String failureReport(Class<?> testClass, long seed, RandomizedRun.Outcome outcome) {
        return "FAILED " + outcome.summary() + "\n  replay: " + SimReplay.command(testClass, seed)
                + "\n  " + String.join("\n  ", outcome.violations()) + "\n" + outcome.trace();
    }

    @TestFactory
    Stream<DynamicTest> invariantsHoldAcrossRandomSeeds() {
        return seeds(300, 0L).mapToObj(seed -> dynamicTest("seed " + seed, () -> {
            RandomizedRun.Outcome outcome = new RandomizedRun(seed).run();
            assertThat(outcome.passed()).as(() -> failureReport(RandomizedSimulationTest.class, seed, outcome)).isTrue();
        }));
    }
}
