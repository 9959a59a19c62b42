package io.replog.bench.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values of each metric over the runs, in the order first seen, and their medians: a table of
 * {@code metric median unit raw...} lines (commented), then one {@code metric_median value unit}
 * line per metric.
 */
final class Figures {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    void add(MetricLine line) {
        values.computeIfAbsent(line.name(), k -> new ArrayList<>()).add(line.value());
        units.put(line.name(), line.unit());
    }

    void print(int runs) {
        System.out.printf(Locale.ROOT, "# %-44s %10s %-8s %s%n", "metric", "median", "unit", "raw (run 1..N)");
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            StringBuilder raw = new StringBuilder();
            e.getValue().forEach(v -> raw.append(MetricLine.format(v)).append(' '));
            String missing = e.getValue().size() == runs ? "" : " (only " + e.getValue().size() + " runs)";
            System.out.printf(Locale.ROOT, "# %-44s %10s %-8s %s%s%n", e.getKey(),
                    MetricLine.format(median(e.getValue())), units.get(e.getKey()), raw.toString().trim(), missing);
        }
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            System.out.println(new MetricLine(e.getKey() + "_median", median(e.getValue()), units.get(e.getKey())));
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
