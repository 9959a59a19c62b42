package io.replog.bench.kafka;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This JVM's resident memory ({@code VmRSS} of {@code /proc/self/status}, -1 where there is none)
 * and live thread count at one moment.
 */
record ProcessSample(long rssKiB, int threads) {

    static ProcessSample now() {
        return new ProcessSample(readRssKiB(), ManagementFactory.getThreadMXBean().getThreadCount());
    }

    double rssMiB() {
        return rssKiB < 0 ? -1 : rssKiB / 1024.0;
    }

    private static long readRssKiB() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return -1; // not Linux: the figure is reported as -1, not guessed
        }
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                // "VmRSS:    123456 kB"
                String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(fields[0]);
            }
        }
        return -1;
    }
}
