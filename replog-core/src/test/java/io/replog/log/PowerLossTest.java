package io.replog.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The power-loss harness over every log operation: at every file-system step of random
 * workloads, every crash state the model allows is opened and checked. The count is printed.
 */
class PowerLossTest {

    @Test
    void everyCrashStateOfRandomWorkloadsRecoversWhatWasPromised(@TempDir Path dir) {
        int states = 0;
        for (long seed = 1; seed <= 3; seed++) {
            PowerLossWorkload w = new PowerLossWorkload(seed, dir.resolve("seed-" + seed), 1, 30);
            List<PowerLossWorkload.Violation> violations = w.run(40);
            assertThat(violations).as("violations with seed " + seed).isEmpty();
            states += w.crashStatesChecked();
        }
        System.out.println("PowerLossTest: " + states + " crash states checked, 0 violations");
        assertThat(states).isGreaterThan(1000);
    }
}
