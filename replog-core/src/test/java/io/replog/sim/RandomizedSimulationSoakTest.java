package io.replog.sim;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Thousands of seeds, run by {@code mvn -Psoak verify} only; starts after the CI seeds. */
@Tag("soak")
class RandomizedSimulationSoakTest {

    @Test
    void invariantsHoldAcrossThousandsOfSeeds() {
        if (System.getProperty("replog.sim.firstSeed") == null) {
            System.setProperty("replog.sim.firstSeed", "1000000");
        }
        List<RandomizedRun.Outcome> failures = RandomizedSimulationTest.runSeeds(RandomizedSimulationSoakTest.class,
                3_000);
        assertThat(failures).extracting(RandomizedRun.Outcome::seed).isEmpty();
    }
}
