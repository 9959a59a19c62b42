package io.replog.examples.perf;

import io.replog.record.RecordBatch;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs {@link LogBenchmark} and prints one {@code metric value unit} line per figure: MB/s (10^6
 * bytes of batch data, with the slowest and fastest measured iteration), records/s, MB per CPU-second
 * of the benchmark thread (its cost without waits for a CPU or for fsync, for a noisy machine), and
 * heap allocated per operation (JMH's GC profiler), per benchmark, batch size and log directory.
 *
 * <p>Arguments, all optional: {@code [forks] [iterations] [secondsPerIteration] [logParents]
 * [benchmarkRegex]}; defaults {@code 1 3 3 /tmp,/dev/shm .*} (a parent that does not exist is
 * skipped). Each trial warms up for 2 iterations of 2 seconds.
 */
public final class LogBenchmarkMain {
    private LogBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> parents = new ArrayList<>();
        for (String parent : (args.length > 3 ? args[3] : "/tmp,/dev/shm").split(",")) {
            if (Files.isDirectory(Path.of(parent))) {
                parents.add(parent);
            } else {
                System.err.println("Skipping log parent " + parent + ": not a directory");
            }
        }
        String include = args.length > 4 ? args[4] : ".*";
        Options options = new OptionsBuilder()
                .include(LogBenchmark.class.getName() + "\\.(" + include + ")$")
                .param("logParent", parents.toArray(new String[0]))
                .forks(forks)
                .warmupIterations(2).warmupTime(TimeValue.seconds(2))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .addProfiler(GCProfiler.class)
                .jvmArgs("-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        for (RunResult result : results) {
            int batchBytes = Integer.parseInt(result.getParams().getParam("batchBytes"));
            String parent = result.getParams().getParam("logParent");
            ByteBuffer batch = LogBenchmark.buildBatch(batchBytes);
            int size = batch.remaining();
            int records = RecordBatch.wrap(batch, 0).recordCount();
            Result<?> primary = result.getPrimaryResult();
            Statistics stats = primary.getStatistics();
            String label = "log_" + primary.getLabel() + "_batch"
                    + (batchBytes >= 1 << 20 ? (batchBytes >> 20) + "m" : (batchBytes >> 10) + "k")
                    + "_" + Path.of(parent).getFileName();
            System.out.printf("%s_mb_per_s %.1f MB/s (iterations %.1f to %.1f)%n", label, stats.getMean() * size / 1e6,
                    stats.getMin() * size / 1e6, stats.getMax() * size / 1e6);
            if (!primary.getLabel().startsWith("ceiling")) {
                System.out.printf("%s_records_per_s %.0f records/s%n", label, stats.getMean() * records);
            }
            Result<?> cpuNanos = result.getSecondaryResults().get("cpuNanos");
            Result<?> ops = result.getSecondaryResults().get("ops");
            if (cpuNanos != null && ops != null && cpuNanos.getScore() > 0) {
                double opsPerCpuSecond = ops.getScore() / (cpuNanos.getScore() / 1e9);
                System.out.printf("%s_mb_per_cpu_s %.1f MB per CPU-second of the benchmark thread%n", label,
                        opsPerCpuSecond * size / 1e6);
            }
            Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                System.out.printf("%s_alloc_bytes_per_op %.0f B/op (%.2f B/record)%n", label, alloc.getScore(),
                        alloc.getScore() / records);
            }
        }
    }
}
