package io.replog.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimReplayTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(SimReplay.SEED_PROPERTY);
    }

    @Test
    void formatsTheReplayCommand() {
        assertThat(SimReplay.command(SimReplayTest.class, 123))
                .isEqualTo("mvn -pl replog-core test -Dtest=SimReplayTest -Dreplog.sim.seed=123");
        assertThat(SimReplay.command(SimReplayTest.class, "leaderCrash", -5))
                .isEqualTo("mvn -pl replog-core test -Dtest=SimReplayTest#leaderCrash -Dreplog.sim.seed=-5");
    }

    @Test
    void readsThePinnedSeed() {
        assertThat(SimReplay.seedProperty()).isEmpty();
        assertThat(SimReplay.seed(7)).isEqualTo(7);
        assertThat(SimReplay.seeds(1, 2, 3)).containsExactly(1, 2, 3);

        System.setProperty(SimReplay.SEED_PROPERTY, "123");
        assertThat(SimReplay.seed(7)).isEqualTo(123);
        assertThat(SimReplay.seeds(1, 2, 3)).containsExactly(123);

        System.setProperty(SimReplay.SEED_PROPERTY, "0x10");
        assertThat(SimReplay.seed(7)).isEqualTo(16);
    }

    @Test
    void aMalformedSeedNamesThePropertyAndTheValue() {
        System.setProperty(SimReplay.SEED_PROPERTY, "abc");
        assertThatThrownBy(() -> SimReplay.seed(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property replog.sim.seed must be a long (decimal, or hex with 0x), was 'abc'");
    }
}
