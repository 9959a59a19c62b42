package io.replog.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimTraceTest {

    @Test
    void keepsTheLatestLinesAndFingerprintsAll() {
        SimTrace trace = new SimTrace(3);
        List<String> seen = new ArrayList<>();
        trace.sink(seen::add);
        for (int i = 0; i < 5; i++) {
            trace.record(i * 10, "2", "event " + i);
        }
        assertThat(trace.lines()).containsExactly("t=20ms node=2 event 2", "t=30ms node=2 event 3", "t=40ms node=2 event 4");
        assertThat(trace.tail(2)).containsExactly("t=30ms node=2 event 3", "t=40ms node=2 event 4");
        assertThat(trace.count()).isEqualTo(5);
        assertThat(seen).hasSize(5).startsWith("t=0ms node=2 event 0");
        assertThat(trace.dump(2)).startsWith("--- last 2 of 5 simulation events ---\nt=30ms node=2 event 3\n");

        SimTrace same = new SimTrace(100);
        SimTrace different = new SimTrace(100);
        for (int i = 0; i < 5; i++) {
            same.record(i * 10, "2", "event " + i);
            different.record(i * 10, "2", "event " + (i == 0 ? 9 : i));
        }
        assertThat(same.fingerprint()).isEqualTo(trace.fingerprint());
        assertThat(different.fingerprint()).isNotEqualTo(trace.fingerprint());
    }

    @Test
    void everyEventOfTheSimulationIsTracedWithTimeAndNode() {
        Simulation sim = Simulation.withSeed(1);
        sim.scheduler(2).schedule(1234, "fetch tick", () -> { });
        sim.scheduler(3).execute("hello", () -> { });
        sim.runFor(2_000);
        assertThat(sim.trace().lines()).containsExactly("t=0ms node=3 hello", "t=1234ms node=2 fetch tick");
    }

    @Test
    void theFailureReporterAddsReplayCommandAndTraceTail() throws Exception {
        Simulation sim = Simulation.withSeed(77);
        for (int i = 0; i < 300; i++) {
            sim.scheduler(1).schedule(i, "tick " + i, () -> { });
        }
        sim.runFor(1_000);
        SimFailureReporter reporter = new SimFailureReporter();
        reporter.track(sim);
        AssertionError failure = new AssertionError("invariant broken");
        Method method = SimTraceTest.class.getDeclaredMethod("theFailureReporterAddsReplayCommandAndTraceTail");

        assertThatThrownBy(() -> reporter.handleTestExecutionException(context(method), failure)).isSameAs(failure);
        assertThat(failure.getSuppressed()).singleElement().satisfies(report -> assertThat(report.getMessage())
                .startsWith("simulation seed 77 failed at t=1000ms\nreplay: mvn -pl replog-core test "
                        + "-Dtest=SimTraceTest#theFailureReporterAddsReplayCommandAndTraceTail -Dreplog.sim.seed=77\n"
                        + "--- last 200 of 300 simulation events ---\nt=100ms node=1 tick 100\n")
                .endsWith("t=299ms node=1 tick 299\n--- end of simulation trace ---"));
    }

    /** Just enough of an {@link ExtensionContext} for the reporter: the test class and method. */
    private static ExtensionContext context(Method method) {
        return (ExtensionContext) Proxy.newProxyInstance(SimTraceTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getTestMethod" -> Optional.of(method);
                    case "getRequiredTestClass" -> method.getDeclaringClass();
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }
}
