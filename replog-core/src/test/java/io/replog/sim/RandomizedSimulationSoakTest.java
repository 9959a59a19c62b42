package io.replog.sim;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Thousands of seeds, one test each, run by {@code mvn -Psoak verify} only; they start at seed
 * 1,000,000, after the CI seeds, unless {@code -Dreplog.sim.firstSeed} says otherwise. Each
 * seed is a short test of its own, so no class-wide timeout is needed.
 */
@Tag("soak")
class RandomizedSimulationSoakTest {

    @TestFactory
    Stream<DynamicTest> invariantsHoldAcrossThousandsOfSeeds() {
        return RandomizedSimulationTest.seeds(3_000, 1_000_000L).mapToObj(seed -> dynamicTest("seed " + seed, () -> {
            RandomizedRun.Outcome outcome = new RandomizedRun(seed).run();
            assertThat(outcome.passed())
                    .as(() -> RandomizedSimulationTest.failureReport(RandomizedSimulationSoakTest.class, seed, outcome))
                    .isTrue();
        }));
    }
}
