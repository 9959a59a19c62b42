package io.replog.bench.kafka;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark of the test kit issue: a test class of twenty tests sharing one three-broker
 * cluster ({@link ReplogTwentyTests}) next to the same on Kafka's test kit ({@link KafkaTwentyTests}),
 * and replog once more with the test kit's reset between tests ({@link ReplogResetTwentyTests}).
 * Each run of a class is a fresh child JVM ({@link ChildJvm}, {@link ClassRunMain}) with the same
 * flags for every side ({@code -Xmx4g} unless an {@code -Xmx} is given), and the sides take turns:
 * replog, Kafka, replog with reset, replog, Kafka, ... {@code --runs N} times each (default 3).
 *
 * <p>Prints each child's lines indented, then for each run and side the child's figures as
 * {@code <side>_testclass20_... value unit}, plus {@code <side>_testclass20_jvm_wall_ms}, the child
 * JVM's whole life as this process saw it (JVM start and exit included); then a table of medians
 * and raw values, and {@code ..._median} lines. Exits with 1, at once, when a child fails (a test
 * failed, or it did not end within 10 minutes); with 2 on a bad argument.
 */
public final class TwentyTestsBenchmarkMain {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);

    private TwentyTestsBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        flags.addAll(arguments.jvmArgs());
        if (flags.stream().noneMatch(f -> f.startsWith("-Xmx"))) {
            flags.add(0, "-Xmx4g");
        }
        System.out.println("# java " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.name") + "), " + Runtime.getRuntime().availableProcessors()
                + " cores; child JVM flags: " + String.join(" ", flags));
        System.out.println("# " + RoundTrip.TESTS + " tests per class, each: a topic of " + RoundTrip.PARTITIONS
                + " partitions, RF " + RoundTrip.REPLICATION_FACTOR + ", min.insync.replicas "
                + RoundTrip.MIN_INSYNC_REPLICAS + "; " + RoundTrip.RECORDS + " records acks=all; read back; delete");

        ChildJvm jvm = new ChildJvm(flags, CHILD_TIMEOUT);
        Figures figures = new Figures();
        for (int run = 1; run <= arguments.runs(); run++) {
            for (Side side : Side.values()) {
                System.out.println("# ===== run " + run + "/" + arguments.runs() + ": " + side.label() + " =====");
                ChildJvm.Result result = jvm.run(side);
                if (result.exitCode() != 0 || result.metrics().isEmpty()) {
                    System.out.println("# FAILED: run " + run + " of " + side.testClass().getName()
                            + " ended with exit code " + result.exitCode() + " and " + result.metrics().size()
                            + " figures; see its lines above");
                    System.out.flush();
                    System.exit(1);
                }
                List<MetricLine> lines = new ArrayList<>(result.metrics());
                lines.add(new MetricLine("testclass20_jvm_wall_ms", result.wallNanos() / 1_000_000, "ms"));
                for (MetricLine line : lines) {
                    MetricLine sided = line.prefixed(side.label());
                    System.out.println(sided);
                    figures.add(sided);
                }
                System.out.printf(Locale.ROOT, "# load average after this run: %s%n", LoadAverage.read());
            }
        }
        System.out.println();
        System.out.println("# ===== medians over " + arguments.runs() + " runs per side =====");
        figures.print(arguments.runs());
    }
}
