package io.replog.examples.perf;

import io.replog.record.RecordBatch;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * Runs {@link LogBenchmark} and prints one {@code metric value unit} line per figure: MB/s
 * (10^6 bytes of batch data) and records/s for append and read-and-iterate, per batch size.
 * Arguments: {@code [forks] [iterations] [secondsPerIteration]}, default 1 3 3.
 */
public final class LogBenchmarkMain {
    private LogBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Options options = new OptionsBuilder()
                .include(LogBenchmark.class.getName())
                .forks(forks)
                .warmupIterations(2).warmupTime(TimeValue.seconds(2))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .jvmArgs("-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult result : results) {
            int batchBytes = Integer.parseInt(result.getParams().getParam("batchBytes"));
            ByteBuffer batch = LogBenchmark.buildBatch(batchBytes);
            int size = batch.remaining();
            int records = RecordBatch.wrap(batch, 0).recordCount();
            String name = result.getPrimaryResult().getLabel();
            double opsPerSec = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            String label = "log_" + name + "_batch" + (batchBytes >= 1 << 20 ? (batchBytes >> 20) + "m" : (batchBytes >> 10) + "k");
            System.out.printf("%s_mb_per_s %.1f MB/s (+-%.1f)%n", label, opsPerSec * size / 1e6, error * size / 1e6);
            System.out.printf("%s_records_per_s %.0f records/s%n", label, opsPerSec * records);
        }
    }
}
