package io.replog.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PowerLossTest} at length: more seeds, longer workloads, more random page choices. */
@Tag("soak")
class PowerLossSoakTest {

    @Test
    void everyCrashStateOfLongRandomWorkloadsRecoversWhatWasPromised(@TempDir Path dir) {
        long states = 0;
        for (long seed = 100; seed < 120; seed++) {
            PowerLossWorkload w = new PowerLossWorkload(seed, dir.resolve("seed-" + seed), 3, 8);
            assertThat(w.run(150)).as("violations with seed " + seed).isEmpty();
            states += w.crashStatesChecked();
        }
        System.out.println("PowerLossSoakTest: " + states + " crash states checked, 0 violations");
    }
}
