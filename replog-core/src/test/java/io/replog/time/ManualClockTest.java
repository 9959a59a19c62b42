package io.replog.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualClockTest {

    @Test
    void wallAndMonotonicTimeMoveTogether() {
        ManualClock clock = new ManualClock(1_000L);
        assertThat(clock.millis()).isEqualTo(1_000L);
        assertThat(clock.nanos()).isZero();
        clock.advance(Duration.ofMillis(1500));
        clock.advanceMillis(500);
        clock.advanceNanos(999_999);
        assertThat(clock.millis()).isEqualTo(3_000L);
        assertThat(clock.nanos()).isEqualTo(2_000_999_999L);
    }

    @Test
    void timeNeverGoesBackwards() {
        ManualClock clock = new ManualClock();
        assertThatThrownBy(() -> clock.advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backwards");
    }

    @Test
    void systemClockIsMonotonic() {
        Clock clock = Clock.system();
        long a = clock.nanos();
        long b = clock.nanos();
        assertThat(b).isGreaterThanOrEqualTo(a);
        assertThat(clock.millis()).isPositive();
    }
}
