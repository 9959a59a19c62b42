package io.replog.examples.perf;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A three-broker replog cluster in one JVM, measured with the same metric names and definitions as
 * the Apache Kafka 3.9 (ZooKeeper mode, one JVM) reference harness it is compared with in
 * {@code docs/performance.md}: an embedded ZooKeeper, brokers 0/1/2 on racks r1/r2/r1 with
 * {@code min.insync.replicas=2}, all on one shared {@code NettyResources}, reached by replog's
 * networked Producer, Consumer and Admin over loopback TCP. Records have a 100-byte value and a
 * null key; "MB" is 10^6 bytes of value payload; producers use Kafka's client defaults where
 * replog's differ ({@code linger.ms=0}).
 *
 * <p>Metrics, one {@code metric value unit} line each (other lines start with {@code #}):
 * <ul>
 *   <li>{@code startup_ms}: from the first line of {@code main} until ZooKeeper is up, the 3
 *       brokers are started and registered (the admin client sees 3 brokers and a controller), a
 *       new topic {@code startup} (3 partitions, RF 3) has a leader for every partition, and a first
 *       acks=all {@code send().get()} from a new producer is acknowledged; {@code # startup breakdown}
 *       gives the intermediate times. {@code startup_warm_ms}/{@code shutdown_warm_ms}: the same
 *       steps for a second cluster in the same JVM after the first one closed, and its close.</li>
 *   <li>{@code produce_<case>_records_per_s} / {@code _mb_per_s}: one new producer and topic per
 *       case, the topic primed with one acks=all record per partition; up to {@code --max-records}
 *       (default 1,000,000) records or {@code --max-seconds} (default 20), timed from the first
 *       {@code send} to the return of {@code flush()}, counting acknowledged records. Cases
 *       {@code acks_all_p1}, {@code acks_all_p10}, {@code acks_1_p1}, {@code acks_0_p1},
 *       {@code acks_all_p1_linger5_batch64k}. Between cases the high watermark is awaited.</li>
 *   <li>{@code sync_send_acks_all_p50/p99/p999_us}: 500 unmeasured then 10,000 measured
 *       {@code send().get()}, 1 partition, acks=all (nearest-rank percentiles).
 *       {@code consumer_visible_acks_all_*}: send to {@code poll()} return in another thread, acks=all
 *       producer paced at 1,000 records/s, 1,000 unmeasured then 10,000 measured.</li>
 *   <li>{@code heap_live_after_gc_mb} (after {@code System.gc()}), {@code heap_peak_used_mb},
 *       {@code heap_pools_peak_sum_mb}, {@code rss_end_mb}/{@code rss_peak_mb} (VmRSS/VmHWM),
 *       {@code gc_count}, {@code gc_time_ms}, {@code thread_count} and {@code thread_count_replog}
 *       (threads named {@code replog-...}), taken with the 3 brokers alive after the load.</li>
 * </ul>
 * There is no failover phase: {@code Broker.close()} is a controlled shutdown, not a crash.
 *
 * <p>Arguments: {@code --single} (one run in this JVM) or {@code --runs N} (default 3: N runs, each in
 * a fresh child JVM with this JVM's flags, {@code -Xmx4g} unless an {@code -Xmx} is given, then a
 * table of medians); {@code --startup-only} (only the start-up and warm figures);
 * {@code --max-records N}; {@code --max-seconds S}; {@code --jvm-arg ARG} (repeatable: added to the
 * child JVMs' flags, e.g. {@code -XX:SharedArchiveFile=/tmp/replog.jsa}); {@code --cds} (first a
 * training run, a start-up only, dumps the classes it loaded to an application class-data archive,
 * then every measured run maps it: the JDK's AppCDS, which a test suite gets the same way).
 */
public final class ClusterBenchmarkMain {
    private static final Pattern METRIC = Pattern.compile("^([a-z0-9_]+) (-?[0-9]+(?:\\.[0-9]+)?) (\\S+)$");

    private ClusterBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        final long mainStartNs = System.nanoTime();
        int runs = 3;
        boolean single = false;
        boolean startupOnly = false;
        long maxRecords = 1_000_000L;
        long maxSeconds = 20;
        List<String> extraJvmArgs = new ArrayList<>();
        List<String> childArgs = new ArrayList<>();
        boolean cds = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--single" -> single = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--startup-only" -> {
                    startupOnly = true;
                    childArgs.add(args[i]);
                }
                case "--max-records" -> {
                    maxRecords = Long.parseLong(args[++i]);
                    childArgs.addAll(List.of(args[i - 1], args[i]));
                }
                case "--max-seconds" -> {
                    maxSeconds = Long.parseLong(args[++i]);
                    childArgs.addAll(List.of(args[i - 1], args[i]));
                }
                case "--jvm-arg" -> extraJvmArgs.add(args[++i]);
                case "--cds" -> cds = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (use --single, "
                        + "--runs N, --startup-only, --max-records N, --max-seconds S, --jvm-arg ARG, --cds)");
            }
        }
        if (single) {
            if (!startupOnly) {
                ClusterBench.info("produce cases: up to %d records or %d s each, whichever comes first",
                        maxRecords, maxSeconds);
            }
            ClusterBench.runOnce(mainStartNs, startupOnly, maxRecords, maxSeconds);
        } else {
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1, was " + runs);
            }
            String classPath = System.getProperty("java.class.path");
            if (cds) {
                classPath = CdsArchive.jarOnly(classPath);
                extraJvmArgs.add("-XX:SharedArchiveFile=" + CdsArchive.create(classPath,
                        ClusterBenchmarkMain.class.getName(), List.of("--single", "--startup-only")));
            }
            orchestrate(runs, extraJvmArgs, childArgs, classPath);
        }
    }

    /** Runs the benchmark N times, each in a fresh child JVM, and prints the medians. */
    private static void orchestrate(int runs, List<String> extraJvmArgs, List<String> childArgs, String cp)
            throws Exception {
        List<String> jvmFlags = new ArrayList<>(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        jvmFlags.addAll(extraJvmArgs);
        if (jvmFlags.stream().noneMatch(f -> f.startsWith("-Xmx"))) {
            jvmFlags.add(0, "-Xmx4g");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.println("# java: " + java + " (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ")");
        System.out.println("# child JVM flags: " + String.join(" ", jvmFlags));

        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        List<Double> wall = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-cp", cp, ClusterBenchmarkMain.class.getName(), "--single"));
            cmd.addAll(childArgs);
            System.out.println("# ===== run " + run + "/" + runs + " =====");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println(line);
                    Matcher m = METRIC.matcher(line.trim());
                    if (m.matches()) {
                        values.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)));
                        units.put(m.group(1), m.group(3));
                    }
                }
            }
            int rc = p.waitFor();
            double secs = (System.nanoTime() - t0) / 1e9;
            wall.add(secs);
            System.out.printf(Locale.ROOT, "# run %d finished: exit code %d, wall time %.1f s%n", run, rc, secs);
            if (rc != 0) {
                System.out.println("# WARNING: run " + run + " exited with code " + rc);
            }
        }
        values.put("invocation_wall_s", wall);
        units.put("invocation_wall_s", "s");

        System.out.println();
        System.out.println("# ===== medians over " + runs + " runs; JVM flags: " + String.join(" ", jvmFlags)
                + " =====");
        System.out.printf(Locale.ROOT, "%-52s %14s %-10s %s%n", "# metric", "median", "unit", "raw values (run 1..N)");
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            List<Double> v = e.getValue();
            StringBuilder raw = new StringBuilder();
            for (double d : v) {
                raw.append(fmt(d)).append(' ');
            }
            String note = v.size() == runs ? "" : "  (only " + v.size() + " of " + runs + " runs reported it)";
            System.out.printf(Locale.ROOT, "%-52s %14s %-10s %s%s%n", e.getKey(), fmt(median(v)),
                    units.get(e.getKey()), raw.toString().trim(), note);
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.0f", d)
                : String.format(Locale.ROOT, "%.2f", d);
    }
}
