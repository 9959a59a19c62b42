package io.replog.netty.fuzz;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WireFuzzTest}'s run at 2 000 000 frames; only in the {@code soak} profile. */
@Tag("soak")
class WireFuzzSoakTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void twoMillionFrames() throws Exception {
        assertThat(WireFuzzTest.fuzz(dir, Long.getLong("replog.fuzz.frames", 2_000_000), "fuzz_soak"))
                .as("every kind of frame was thrown").containsOnlyKeys(FrameFuzzer.Kind.values())
                .allSatisfy((kind, n) -> assertThat(n).as(kind.name()).isPositive());
    }
}
