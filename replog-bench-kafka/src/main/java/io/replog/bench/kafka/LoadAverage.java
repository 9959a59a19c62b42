package io.replog.bench.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average (1, 5, 15 minutes) from {@code /proc/loadavg}, for the record of a run. */
final class LoadAverage {
    private LoadAverage() {
    }

    /** "1.02 0.87 0.55", or "unknown" where {@code /proc/loadavg} cannot be read. */
    static String read() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
