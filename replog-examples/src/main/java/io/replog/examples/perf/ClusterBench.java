package io.replog.examples.perf;

import io.replog.client.Acks;
import io.replog.client.Consumer;
import io.replog.client.ConsumerRecord;
import io.replog.client.NewTopic;
import io.replog.client.Producer;
import io.replog.client.ProducerConfig;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.testkit.Directories;
import io.replog.topic.TopicPartition;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * One run of the cluster benchmark in this JVM: start-up, warm-up, produce throughput, latencies,
 * memory and threads, shutdown, then a second (warm) cluster's start-up and shutdown. Prints
 * {@code metric value unit} lines and {@code # ...} information lines; see {@link ClusterBenchmarkMain}
 * for what each metric means.
 */
final class ClusterBench {
    static final int RECORD_BYTES = 100;

    private final BenchCluster cluster;
    private final long maxRecords;
    private final long maxNanos;
    private final byte[] filler = new byte[RECORD_BYTES];

    private ClusterBench(BenchCluster cluster, long maxRecords, long maxNanos) {
        this.cluster = cluster;
        this.maxRecords = maxRecords;
        this.maxNanos = maxNanos;
        new Random(42).nextBytes(filler);
    }

    /**
     * Runs everything; {@code mainStartNs} is {@code System.nanoTime()} taken on the first line of
     * {@code main}. With {@code startupOnly}, only the cold and warm start-ups and the warm shutdown.
     */
    static void runOnce(long mainStartNs, boolean startupOnly, long maxRecords, long maxSeconds) throws Exception {
        long jvmStartToMainMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()
                - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - mainStartNs);
        HeapSampler heap = startupOnly ? null : HeapSampler.start(10);
        Path root = Files.createTempDirectory("replog-cluster-bench-");
        long runStartNs = System.nanoTime();
        try {
            BenchCluster cluster = new BenchCluster(root.resolve("cold"));
            try {
                // ---- start-up ----
                ClusterBench b = new ClusterBench(cluster, maxRecords, TimeUnit.SECONDS.toNanos(maxSeconds));
                StartUp startUp = b.startUp(mainStartNs);
                info("replog, java %s, GC: %s, heap max %d MiB, cpus %d", System.getProperty("java.runtime.version"),
                        gcNames(), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
                info("JVM flags: %s", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
                info("data dir %s (deleted at exit)", root);
                info("startup breakdown (ms since main): %s; JVM start->main %d", startUp, jvmStartToMainMs);
                metric("startup_ms", startUp.firstSendMs(), "ms", 0);

                if (!startupOnly) {
                    b.warmup();

                    // ---- produce throughput ----
                    b.throughput("produce_acks_all_p1", 1, b.settings(Acks.ALL));
                    b.throughput("produce_acks_all_p10", 10, b.settings(Acks.ALL));
                    b.throughput("produce_acks_1_p1", 1, b.settings(Acks.LEADER));
                    b.throughput("produce_acks_0_p1", 1, b.settings(Acks.NONE));
                    b.throughput("produce_acks_all_p1_linger5_batch64k", 1,
                            b.settings(Acks.ALL).lingerMs(5).batchSize(65_536));

                    // ---- latency ----
                    b.syncLatency();
                    b.consumerLatency();

                    // live heap with 3 brokers after the produce/latency work (explicit full GC, not timed)
                    System.gc();
                    metric("heap_live_after_gc_mb",
                            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0, "MiB", 0);

                    // ---- memory and threads, 3 brokers alive (replog has no failover phase here) ----
                    heap.stop();
                    metric("heap_peak_used_mb", heap.maxUsedBytes() / 1048576.0, "MiB", 0);
                    metric("heap_pools_peak_sum_mb", heapPoolsPeakSumBytes() / 1048576.0, "MiB", 0);
                    metric("rss_end_mb", procStatusKb("VmRSS") / 1024.0, "MiB", 0);
                    metric("rss_peak_mb", procStatusKb("VmHWM") / 1024.0, "MiB", 0);
                    long[] gc = gcCountAndTimeMs();
                    metric("gc_count", gc[0], "count", 0);
                    metric("gc_time_ms", gc[1], "ms", 0);
                    metric("thread_count", ManagementFactory.getThreadMXBean().getThreadCount(), "threads", 0);
                    Map<String, Integer> byKind = threadsByKind();
                    metric("thread_count_replog", byKind.entrySet().stream().filter(e -> e.getKey().startsWith("replog-"))
                            .mapToInt(Map.Entry::getValue).sum(), "threads", 0);
                    info("threads by name (digits folded to N): %s", byKind);
                }
            } finally {
                long t0 = System.nanoTime();
                cluster.close();
                info("cluster shutdown took %.0f ms (%s)", ms(System.nanoTime() - t0), cluster.closeBreakdown());
                info("run wall time %.1f s (from cluster start to end of shutdown)",
                        (System.nanoTime() - runStartNs) / 1e9);
            }
            warmStartups(root.resolve("warm"));
            info("replog threads left after both clusters closed: %s", threadsByKind().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("replog-")).toList());
        } finally {
            if (heap != null) {
                heap.stop();
            }
            Directories.deleteRecursively(root);
        }
    }

    /** How many clusters {@link #warmStartups} starts one after the other. */
    private static final int WARM_STARTS = 5;

    /**
     * Clusters started in this JVM after the first one closed, one after the other: what a test
     * suite that starts a cluster per test class sees once classes are loaded and the JIT is warm.
     * Same steps as the cold start-up figure, each timed from creating the cluster's objects (the
     * Netty resources included). {@code startup_warm_ms} is the median of {@value #WARM_STARTS},
     * {@code startup_warm_max_ms} the slowest; {@code shutdown_warm_ms} the median close.
     */
    private static void warmStartups(Path root) throws Exception {
        List<Double> starts = new ArrayList<>();
        List<Double> shutdowns = new ArrayList<>();
        for (int i = 0; i < WARM_STARTS; i++) {
            double[] startAndClose = warmStartup(root.resolve("warm-" + i));
            starts.add(startAndClose[0]);
            shutdowns.add(startAndClose[1]);
        }
        info("warm start-ups (ms): %s; shutdowns (ms): %s", starts, shutdowns);
        metric("startup_warm_ms", median(starts), "ms", 0);
        metric("startup_warm_max_ms", starts.stream().mapToDouble(Double::doubleValue).max().orElse(0), "ms", 0);
        metric("shutdown_warm_ms", median(shutdowns), "ms", 0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One warm cluster's start-up and close, in milliseconds. */
    private static double[] warmStartup(Path root) throws Exception {
        long t0 = System.nanoTime();
        double startMs;
        BenchCluster cluster = new BenchCluster(root);
        try {
            StartUp startUp = new ClusterBench(cluster, 0, 0).startUp(t0);
            info("warm startup breakdown (ms since its start): %s", startUp);
            startMs = startUp.firstSendMs();
        } catch (Throwable failed) {
            cluster.close();
            throw failed;
        }
        long t1 = System.nanoTime();
        cluster.close();
        info("warm cluster shutdown breakdown: %s", cluster.closeBreakdown());
        return new double[] {startMs, ms(System.nanoTime() - t1)};
    }

    /** When each start-up step of a cluster was done, in ms since a start the caller chose. */
    private record StartUp(double zkReadyMs, double brokersStartedMs, double registeredMs, double topicReadyMs,
                           double firstSendMs) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "zk ready %.0f, 3 brokers started %.0f, registered %.0f, "
                    + "topic leaders %.0f, first acks=all send %.0f", zkReadyMs, brokersStartedMs, registeredMs,
                    topicReadyMs, firstSendMs);
        }
    }

    /**
     * Starts this benchmark's cluster step by step: ZooKeeper, the brokers, their registration, a
     * topic {@code startup} with leaders, a first acks=all send acknowledged; times since {@code sinceNs}.
     */
    private StartUp startUp(long sinceNs) throws Exception {
        cluster.startZooKeeper();
        double zkReady = ms(System.nanoTime() - sinceNs);
        cluster.startBrokers();
        double brokersStarted = ms(System.nanoTime() - sinceNs);
        cluster.awaitBrokersRegistered();
        double registered = ms(System.nanoTime() - sinceNs);
        cluster.createTopic(NewTopic.of("startup", 3, 3), 1);
        double topicReady = ms(System.nanoTime() - sinceNs);
        try (Producer<byte[], byte[]> p = cluster.producer(settings(Acks.ALL))) {
            p.send(ProducerRecord.of("startup", null, filler)).get(30, TimeUnit.SECONDS);
        }
        return new StartUp(zkReady, brokersStarted, registered, topicReady, ms(System.nanoTime() - sinceNs));
    }

    /** Kafka's client defaults where replog's differ: {@code linger.ms=0} (replog's default is 5). */
    private ProducerConfig.Builder settings(Acks acks) {
        return ProducerConfig.builder().acks(acks).lingerMs(0);
    }

    /**
     * Creates a topic (RF 3, min.insync.replicas=2, full ISR) and writes one acks=all record (seq -1)
     * to each partition, so that every follower is known to be fetching before anything is timed.
     */
    private void createReadyTopic(String topic, int partitions) throws Exception {
        cluster.createTopic(NewTopic.of(topic, partitions, 3), 3);
        try (Producer<byte[], byte[]> primer = cluster.producer(settings(Acks.ALL))) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                fs.add(primer.send(ProducerRecord.of(topic, p, null, value(-1, 0))));
            }
            for (CompletableFuture<RecordMetadata> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private byte[] value(long seq, long sendNs) {
        byte[] v = filler.clone();
        ByteBuffer.wrap(v).putLong(0, seq).putLong(8, sendNs);
        return v;
    }

    /** JIT/connection warm-up, not measured: 5 s (at most 500k records) of acks=all async + 2000 sync sends. */
    private void warmup() throws Exception {
        long t0 = System.nanoTime();
        cluster.createTopic(NewTopic.of("warmup", 1, 3), 3);
        try (Producer<byte[], byte[]> p = cluster.producer(settings(Acks.ALL))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (int i = 0; i < 500_000 && System.nanoTime() < deadline; i++) {
                p.send(ProducerRecord.of("warmup", null, filler));
            }
            p.flush();
            for (int i = 0; i < 2000; i++) {
                p.send(ProducerRecord.of("warmup", null, filler)).get();
            }
        }
        info("warm-up (not measured) took %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    /** One producer, 100-byte values, null key, up to maxRecords or maxNanos; timed from first send to flush(). */
    private void throughput(String name, int partitions, ProducerConfig.Builder settings) throws Exception {
        createReadyTopic(name, partitions);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        BiConsumer<RecordMetadata, Throwable> cb = (md, ex) -> {
            if (ex == null) {
                ok.increment();
            } else {
                failed.increment();
                firstError.compareAndSet(null, ex);
            }
        };
        long sent = 0;
        long t0;
        long t1;
        String acks;
        try (Producer<byte[], byte[]> p = cluster.producer(settings)) {
            // metadata fetched before the clock starts: one record to the topic, waited for, not counted
            p.send(ProducerRecord.of(name, 0, null, value(-1, 0))).get(60, TimeUnit.SECONDS);
            acks = settings.build().acks().configValue();
            t0 = System.nanoTime();
            long deadline = t0 + maxNanos;
            while (sent < maxRecords) {
                p.send(ProducerRecord.of(name, null, filler)).whenComplete(cb);
                sent++;
                if ((sent & 1023) == 0 && System.nanoTime() >= deadline) {
                    break;
                }
            }
            p.flush();
            t1 = System.nanoTime();
        }
        double secs = (t1 - t0) / 1e9;
        long acked = ok.sum();
        metric(name + "_records_per_s", acked / secs, "records/s", 0);
        metric(name + "_mb_per_s", acked * (double) RECORD_BYTES / 1e6 / secs, "MB/s", 2);
        info("%s: %d sent, %d acknowledged, %d failed in %.2f s (acks=%s, partitions=%d)%s", name, sent, acked,
                failed.sum(), secs, acks, partitions,
                firstError.get() == null ? "" : " first error: " + firstError.get());
        // Let followers catch up before the next case (matters for acks=0/1): wait for the high watermark
        // to cover the primer records, the metadata record and everything acknowledged.
        long waitT0 = System.nanoTime();
        long hw = 0;
        long want = acked + partitions + 1;
        try (Consumer<byte[], byte[]> c = cluster.consumer()) {
            while (System.nanoTime() - waitT0 < TimeUnit.SECONDS.toNanos(30)) {
                hw = BenchCluster.highWatermarkSum(c, name, partitions);
                if (hw >= want) {
                    break;
                }
                BenchCluster.pause(20);
            }
        }
        if (hw < want) {
            info("%s: high watermark %d still below %d after 30 s", name, hw, want);
        }
    }

    /** acks=all, RF=3, 1 partition: send().get() one at a time. */
    private void syncLatency() throws Exception {
        String topic = "latency_sync";
        createReadyTopic(topic, 1);
        int warm = 500;
        int n = 10_000;
        long[] lat = new long[n];
        try (Producer<byte[], byte[]> p = cluster.producer(settings(Acks.ALL))) {
            for (int i = 0; i < warm; i++) {
                p.send(ProducerRecord.of(topic, null, filler)).get();
            }
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                p.send(ProducerRecord.of(topic, null, filler)).get();
                lat[i] = System.nanoTime() - t;
            }
        }
        reportLatency("sync_send_acks_all", lat);
        info("sync_send_acks_all: %d measured sends after %d unmeasured ones", n, warm);
    }

    /** Time from send() to the record being returned by poll() in another thread; 10,000 records paced at 1,000/s. */
    private void consumerLatency() throws Exception {
        String topic = "latency_e2e";
        createReadyTopic(topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        final int warm = 1000;
        final int n = 10_000;
        final int total = warm + n;
        final long[] lat = new long[n];
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> consumerError = new AtomicReference<>();
        Thread ct = new Thread(() -> {
            try (Consumer<byte[], byte[]> c = cluster.consumer()) {
                c.assign(List.of(tp));
                c.seekToEnd(List.of(tp));
                c.position(tp);
                ready.countDown();
                int got = 0;
                while (got < total && !stop.get()) {
                    Iterable<ConsumerRecord<byte[], byte[]>> rs = c.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> r : rs) {
                        ByteBuffer bb = ByteBuffer.wrap(r.value());
                        long seq = bb.getLong(0);
                        if (seq < 0) {
                            continue; // the record sent to learn the metadata, before the paced ones
                        }
                        if (seq >= warm && seq < total) {
                            lat[(int) (seq - warm)] = now - bb.getLong(8);
                        }
                        got++;
                    }
                    received.set(got);
                }
            } catch (Throwable t) {
                consumerError.set(t);
                ready.countDown();
            } finally {
                done.countDown();
            }
        }, "bench-e2e-consumer");
        ct.start();
        ready.await();
        LongAdder failed = new LongAdder();
        long start;
        long end;
        try (Producer<byte[], byte[]> p = cluster.producer(settings(Acks.ALL))) {
            p.send(ProducerRecord.of(topic, 0, null, value(-1, 0))).get(60, TimeUnit.SECONDS); // metadata
            start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            for (int i = 0; i < total; i++) {
                long target = start + i * 1_000_000L;
                long now;
                while ((now = System.nanoTime()) < target) {
                    LockSupport.parkNanos(target - now); // pacing at 1,000 records/s
                }
                p.send(ProducerRecord.of(topic, null, value(i, System.nanoTime()))).whenComplete((md, ex) -> {
                    if (ex != null) {
                        failed.increment();
                    }
                });
            }
            end = System.nanoTime();
            p.flush();
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            stop.set(true);
        }
        ct.join();
        if (consumerError.get() != null) {
            throw new IllegalStateException("consumer failed", consumerError.get());
        }
        if (received.get() < total) {
            info("consumer_visible: only %d of %d records received", received.get(), total);
        }
        reportLatency("consumer_visible_acks_all", lat);
        info("consumer_visible_acks_all: %d measured records (after %d unmeasured), paced at %.0f records/s, "
                + "%d send failures", n, warm, total / ((end - start) / 1e9), failed.sum());
    }

    private static void reportLatency(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        metric(name + "_p50_us", percentile(s, 0.50) / 1e3, "us", 1);
        metric(name + "_p99_us", percentile(s, 0.99) / 1e3, "us", 1);
        metric(name + "_p999_us", percentile(s, 0.999) / 1e3, "us", 1);
        long[] edgesUs = {500, 1000, 2000, 5000, 10000, 20000};
        int[] counts = new int[edgesUs.length + 1];
        for (long v : s) {
            int k = 0;
            while (k < edgesUs.length && v / 1000 >= edgesUs[k]) {
                k++;
            }
            counts[k]++;
        }
        info("%s: min %.1f us, mean %.1f us, max %.1f us; histogram (count per bucket) <0.5ms:%d 0.5-1ms:%d "
                        + "1-2ms:%d 2-5ms:%d 5-10ms:%d 10-20ms:%d >=20ms:%d", name, s[0] / 1e3,
                Arrays.stream(s).average().orElse(0) / 1e3, s[s.length - 1] / 1e3,
                counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
    }

    // ---------------------------------------------------------------------------------------------
    // Output and JVM readings, with the same definitions as the Kafka harness.

    static void metric(String name, double value, String unit, int decimals) {
        System.out.println(name + " " + String.format(Locale.ROOT, "%." + decimals + "f", value) + " " + unit);
        System.out.flush();
    }

    static void info(String fmt, Object... args) {
        System.out.println("# " + String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Nearest-rank percentile of an ascending-sorted array. */
    static long percentile(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    /** A {@code VmXXX:  1234 kB} field of {@code /proc/self/status}, in kB, or -1. */
    static long procStatusKb(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static long[] gcCountAndTimeMs() {
        long count = 0;
        long time = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, time};
    }

    static String gcNames() {
        return String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    static long heapPoolsPeakSumBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Live threads counted by name, digits folded to N (replog-netty-io-3 -> replog-netty-io-N). */
    static Map<String, Integer> threadsByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                kinds.merge(t.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
            }
        }
        return kinds;
    }

    /** Samples the used heap every few milliseconds on a thread of its own, keeping the maximum. */
    static final class HeapSampler implements Runnable {
        private final long periodMs;
        private volatile boolean running = true;
        private volatile long maxUsed;
        private final Thread thread;

        private HeapSampler(long periodMs) {
            this.periodMs = periodMs;
            this.thread = new Thread(this, "bench-heap-sampler");
            this.thread.setDaemon(true);
        }

        static HeapSampler start(long periodMs) {
            HeapSampler s = new HeapSampler(periodMs);
            s.thread.start();
            return s;
        }

        @Override
        public void run() {
            while (running) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                if (used > maxUsed) {
                    maxUsed = used;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(periodMs)); // sampling period
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxUsedBytes() {
            return maxUsed;
        }
    }
}
