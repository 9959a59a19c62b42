package io.replog.bench.kafka;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Times one test class as the JUnit Platform runs it: when its class container started (before its
 * {@code @BeforeAll} work, so before its cluster starts), how long each test took from its start to
 * its finish event (after its {@code @AfterEach} work and the closing of its clients), in the order
 * they finished, and every test or container that did not succeed. At each test's finish it takes
 * a {@link ProcessSample}, so the last one is the process as the last test left it, before the
 * class's {@code @AfterAll} work shuts the cluster down. The Launcher calls it from one thread.
 */
final class TimingListener implements TestExecutionListener {
    private final Map<String, Long> startedNs = new HashMap<>();
    private final List<Long> testNanos = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long classStartedNs = -1;
    private long firstTestFinishedNs = -1;
    private long lastTestFinishedNs = -1;
    private long classFinishedNs = -1;
    private ProcessSample lastTestSample;

    @Override
    public void executionStarted(TestIdentifier id) {
        long now = System.nanoTime();
        if (id.isTest()) {
            startedNs.put(id.getUniqueId(), now);
        } else if (isClass(id)) {
            classStartedNs = now;
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long now = System.nanoTime();
        if (id.isTest()) {
            testNanos.add(now - startedNs.remove(id.getUniqueId()));
            if (firstTestFinishedNs < 0) {
                firstTestFinishedNs = now;
            }
            lastTestFinishedNs = now;
            lastTestSample = ProcessSample.now();
        } else if (isClass(id)) {
            classFinishedNs = now;
        }
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failures.add(id.getDisplayName() + " " + result.getStatus() + ": "
                    + result.getThrowable().map(Throwable::toString).orElse("(no exception)"));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        failures.add(id.getDisplayName() + " SKIPPED: " + reason);
    }

    private static boolean isClass(TestIdentifier id) {
        Optional<?> source = id.getSource();
        return id.isContainer() && source.isPresent() && source.get() instanceof ClassSource;
    }

    /** Each test's duration, in the order the tests finished. */
    List<Long> testNanos() {
        return List.copyOf(testNanos);
    }

    /** What did not succeed, one line each; empty when everything passed. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** From the class container's start to the first test's finish: cluster start plus one test. */
    long firstTestNanos() {
        return firstTestFinishedNs - classStartedNs;
    }

    /** From the last test's finish to the class container's: the {@code @AfterAll} work (cluster shutdown). */
    long afterLastTestNanos() {
        return classFinishedNs - lastTestFinishedNs;
    }

    /** The process as the last test left it; null when no test finished. */
    ProcessSample lastTestSample() {
        return lastTestSample;
    }
}
