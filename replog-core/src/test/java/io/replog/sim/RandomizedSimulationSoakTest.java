package io.replog.sim;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Thousands of seeds, run by {@code mvn -Psoak verify} only; starts after the CI seeds. */
@Tag("soak")
class RandomizedSimulationSoakTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS) // thousands of seeds outlast the 5-minute default
    void invariantsHoldAcrossThousandsOfSeeds() {
        if (System.getProperty("replog.sim.firstSeed") == null) {
            System.setProperty("replog.sim.firstSeed", "1000000");
        }
        List<RandomizedRun.Outcome> failures = RandomizedSimulationTest.runSeeds(RandomizedSimulationSoakTest.class,
                3_000);
        assertThat(failures).extracting(RandomizedRun.Outcome::seed).isEmpty();
    }
}
