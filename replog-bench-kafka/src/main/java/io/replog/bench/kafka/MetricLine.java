package io.replog.bench.kafka;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One result line, {@code metric value unit}, as the project's benchmarks print them: a lower-case
 * name of letters, digits and underscores, a number, a unit. Every other line a benchmark prints
 * starts with {@code #}.
 */
record MetricLine(String name, double value, String unit) {
    private static final Pattern FORMAT = Pattern.compile("^([a-z0-9_]+) (-?[0-9]+(?:\\.[0-9]+)?) (\\S+)$");

    MetricLine {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("a metric name is lower-case letters, digits and '_': " + name);
        }
    }

    /** The line's metric, or empty when it is not a metric line. */
    static Optional<MetricLine> parse(String line) {
        Matcher m = FORMAT.matcher(line.trim());
        return m.matches() ? Optional.of(new MetricLine(m.group(1), Double.parseDouble(m.group(2)), m.group(3)))
                : Optional.empty();
    }

    /** The same metric under {@code prefix_name}. */
    MetricLine prefixed(String prefix) {
        return new MetricLine(prefix + "_" + name, value, unit);
    }

    /** Whole numbers without decimals, others with one. */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    @Override
    public String toString() {
        return name + " " + format(value) + " " + unit;
    }
}
