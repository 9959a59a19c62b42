package io.replog.bench.kafka;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * One run of one side's class of twenty tests, in a JVM of its own (the benchmark's child):
 * {@code ClassRunMain --side replog|kafka|replog_reset}. It runs the class through the JUnit Platform Launcher,
 * as a build tool does, and prints one {@code metric value unit} line each:
 * <ul>
 *   <li>{@code testclass20_total_ms}: from the first line of {@code main} until the Launcher
 *       returns (discovery, the cluster's start, twenty tests, its shutdown): what running the
 *       class costs beyond starting the JVM;</li>
 *   <li>{@code testclass20_first_test_ms}: from the class's start event (before {@code @BeforeAll})
 *       to the first test's finish: the cluster's start plus one test;</li>
 *   <li>{@code testclass20_per_test_median_ms}: the median of tests 2 to 20, each timed from its
 *       start to its finish event;</li>
 *   <li>{@code testclass20_after_last_test_ms}: from the last test's finish to the class's (the
 *       cluster's shutdown in {@code @AfterAll});</li>
 *   <li>{@code testclass20_rss_mb} (MiB, {@code VmRSS}) and {@code testclass20_threads} (live JVM
 *       threads) as the last test left the process, before the cluster's shutdown.</li>
 * </ul>
 * It exits with 0 only when all twenty tests and their class succeeded; otherwise it prints what
 * failed and exits with 1, printing no figures.
 */
public final class ClassRunMain {
    /** Kafka's broker logs through Log4j 2 as well; this keeps it at WARN, on stderr. */
    private static final String LOG4J2_CONFIG = "bench-log4j2.properties";

    private ClassRunMain() {
    }

    public static void main(String[] args) {
        final long mainStartNs = System.nanoTime();
        // Before any logger exists: the Kafka test kit's jar carries a log4j2.yaml logging INFO to stdout.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG4J2_CONFIG);
        }
        Side side = parseSide(args);

        LauncherDiscoveryRequest discovery = request().selectors(selectClass(side.testClass())).build();
        Launcher launcher = LauncherFactory.create();
        TimingListener timing = new TimingListener();
        launcher.execute(discovery, timing);
        long totalNs = System.nanoTime() - mainStartNs;

        List<String> problems = new ArrayList<>(timing.failures());
        if (timing.testNanos().size() != RoundTrip.TESTS) {
            problems.add(timing.testNanos().size() + " tests finished, not " + RoundTrip.TESTS);
        }
        if (!problems.isEmpty()) {
            System.out.println("# FAILED: " + side.testClass().getName());
            problems.forEach(p -> System.out.println("#   " + p));
            System.out.flush();
            System.exit(1);
        }
        for (MetricLine line : figures(timing, totalNs)) {
            System.out.println(line);
        }
        System.out.flush();
        // The class is over and its cluster closed; a thread a library leaves behind must not hold the JVM.
        System.exit(0);
    }

    private static Side parseSide(String[] args) {
        if (args.length != 2 || !args[0].equals("--side")) {
            throw new IllegalArgumentException("usage: ClassRunMain --side replog|kafka|replog_reset (got " + List.of(args) + ")");
        }
        return Side.of(args[1]);
    }

    private static List<MetricLine> figures(TimingListener timing, long totalNs) {
        List<Long> later = new ArrayList<>(timing.testNanos().subList(1, RoundTrip.TESTS));
        later.sort(null);
        double perTestMedianNs = later.size() % 2 == 1 ? later.get(later.size() / 2)
                : (later.get(later.size() / 2 - 1) + later.get(later.size() / 2)) / 2.0;
        ProcessSample sample = timing.lastTestSample();
        return List.of(
                new MetricLine("testclass20_total_ms", ms(totalNs), "ms"),
                new MetricLine("testclass20_first_test_ms", ms(timing.firstTestNanos()), "ms"),
                new MetricLine("testclass20_per_test_median_ms", perTestMedianNs / 1e6, "ms"),
                new MetricLine("testclass20_after_last_test_ms", ms(timing.afterLastTestNanos()), "ms"),
                new MetricLine("testclass20_rss_mb", Math.round(sample.rssMiB()), "MiB"),
                new MetricLine("testclass20_threads", sample.threads(), "threads"));
    }

    private static double ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos) / 1000.0;
    }
}
