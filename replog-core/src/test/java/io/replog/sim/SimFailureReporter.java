package io.replog.sim;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * A JUnit 5 extension that makes a failing simulation test debuggable: when the test fails,
 * the failure gets, as a suppressed exception, the replay command for each tracked
 * simulation's seed and the last {@value SimTrace#DEFAULT_TAIL} events of its trace.
 *
 * <pre>{@code
 * @RegisterExtension
 * final SimFailureReporter reporter = new SimFailureReporter();
 *
 * (test method)
 * void survivesLeaderCrash() {
 *     Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(42))));
 *     ...
 * }
 * }</pre>
 */
public final class SimFailureReporter implements TestExecutionExceptionHandler, AfterEachCallback {
    private final int tail;
    private final List<Simulation> tracked = new ArrayList<>();

    /** Reports the last {@value SimTrace#DEFAULT_TAIL} events. */
    public SimFailureReporter() {
        this(SimTrace.DEFAULT_TAIL);
    }

    /** Reports the last {@code tail} events. */
    public SimFailureReporter(int tail) {
        this.tail = tail;
    }

    /** Reports on {@code sim} if the current test fails; returns it. */
    public Simulation track(Simulation sim) {
        tracked.add(sim);
        return sim;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        String method = context.getTestMethod().map(m -> m.getName()).orElse(null);
        Class<?> testClass = context.getRequiredTestClass();
        for (Simulation sim : tracked) {
            failure.addSuppressed(new Report(report(sim, testClass, method)));
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        tracked.clear();
    }

    /** The text added to a failure: seed, time, replay command, trace tail. */
    String report(Simulation sim, Class<?> testClass, String method) {
        String replay = method == null ? SimReplay.command(testClass, sim.seed())
                : SimReplay.command(testClass, method, sim.seed());
        return "simulation seed " + sim.seed() + " failed at t=" + sim.nowMs() + "ms\n"
                + "replay: " + replay + "\n" + sim.trace().dump(tail);
    }

    /** Carries the report; its stack trace would say nothing, so it has none. */
    static final class Report extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Report(String message) {
            super(message, null, false, false);
        }
    }
}
