package io.replog.netty.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {

    @Test
    void doublesPerFailureUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(1000), () -> 0.5);
        assertThat(new long[] {backoff.delayMs(1), backoff.delayMs(2), backoff.delayMs(3), backoff.delayMs(4),
                backoff.delayMs(5), backoff.delayMs(6), backoff.delayMs(1_000_000)})
                .containsExactly(50, 100, 200, 400, 800, 1000, 1000);
    }

    @Test
    void jitterSpreadsEachStepByTwentyPercentEitherWay() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(1000), () -> 0.0);
        ReconnectBackoff high = new ReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(1000), () -> 0.999_999);
        assertThat(low.delayMs(1)).isEqualTo(40);
        assertThat(high.delayMs(1)).isEqualTo(59);
        assertThat(low.delayMs(10)).isEqualTo(800);
        assertThat(high.delayMs(10)).isEqualTo(1199);
    }
}
