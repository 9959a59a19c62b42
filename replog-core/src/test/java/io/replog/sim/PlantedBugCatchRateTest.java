package io.replog.sim;

import io.replog.internal.fault.PlantedBug;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The randomized runs find every planted bug by themselves, with no scenario built for it: each
 * bug runs on {@code -Dreplog.sim.bugSeeds} seeds (default 40) of {@link RandomizedRun}, and at
 * least one must report a violation. The share of seeds that catch it is printed;
 * docs/guarantees.md lists the shares of a longer run.
 */
class PlantedBugCatchRateTest {

    @ParameterizedTest
    @EnumSource(PlantedBug.class)
    void theRandomizedRunsCatchThePlantedBug(PlantedBug bug) {
        int seeds = Integer.getInteger("replog.sim.bugSeeds", 40);
        long first = Long.getLong("replog.sim.bugFirstSeed", 0L);
        List<Long> caught = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        for (long seed = first; seed < first + seeds; seed++) {
            RandomizedRun.Outcome outcome = new RandomizedRun(seed, Set.of(bug), 30_000).run();
            if (!outcome.passed()) {
                caught.add(seed);
                if (examples.size() < 3) {
                    examples.add("seed " + seed + ": " + outcome.violations().get(0));
                }
            }
        }
        System.out.printf("planted bug %s: caught by %d of %d seeds (%.0f%%) from %d%n  %s%n", bug, caught.size(), seeds,
                100.0 * caught.size() / seeds, first, String.join("\n  ", examples));
        assertThat(caught).as("seeds of %d that caught %s", seeds, bug).isNotEmpty();
    }
}
