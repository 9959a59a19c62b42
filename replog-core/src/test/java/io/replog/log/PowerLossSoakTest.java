package io.replog.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PowerLossTest} at length: more seeds, longer workloads, more random page choices, one seed per test. */
@Tag("soak")
class PowerLossSoakTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111})
    void everyCrashStateOfALongRandomWorkloadRecoversWhatWasPromised(long seed, @TempDir Path dir) {
        PowerLossWorkload w = new PowerLossWorkload(seed, dir, 2, 12);
        assertThat(w.run(100)).as("violations with seed " + seed).isEmpty();
        System.out.println("PowerLossSoakTest seed " + seed + ": " + w.crashStatesChecked()
                + " crash states checked, 0 violations");
    }
}
