package io.replog.bench.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ClassRunMain} for one side in a fresh JVM: this JVM's {@code java}, the given flags,
 * this JVM's class path. Its metric lines are kept, its other stdout lines echoed here indented; its stderr (the
 * logs) goes to this JVM's stderr. A child that has not ended within the timeout is killed.
 */
final class ChildJvm {
    private final List<String> jvmFlags;
    private final Duration timeout;

    ChildJvm(List<String> jvmFlags, Duration timeout) {
        this.jvmFlags = List.copyOf(jvmFlags);
        this.timeout = timeout;
    }

    /** What one child did: its exit code (-1 when it was killed), its wall time, its metric lines. */
    record Result(int exitCode, long wallNanos, List<MetricLine> metrics) {
    }

    Result run(Side side) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClassRunMain.class.getName(),
                "--side", side.label()));
        List<MetricLine> metrics = Collections.synchronizedList(new ArrayList<>());

        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // A thread of its own reads the output, so that this one can wait with a timeout.
        Thread reader = new Thread(() -> echo(child, metrics), "twenty-tests-child-output-" + side.label());
        reader.start();
        boolean ended = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long wallNanos = System.nanoTime() - start;
        if (!ended) {
            System.out.println("# ERROR: the " + side.label() + " child did not end within " + timeout + "; killed");
            child.destroyForcibly().waitFor();
        }
        reader.join();
        return new Result(ended ? child.exitValue() : -1, wallNanos, List.copyOf(metrics));
    }

    private static void echo(Process child, List<MetricLine> metrics) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                // Metric lines are printed again by the caller, under the side's name.
                var metric = MetricLine.parse(line);
                if (metric.isPresent()) {
                    metrics.add(metric.get());
                } else {
                    System.out.println(line.startsWith("#") ? line : "#   " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a child JVM's output", e);
        }
    }
}
