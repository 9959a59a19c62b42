package io.replog.bench.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two test kits compared, each with its class of twenty tests. */
enum Side {
    REPLOG(ReplogTwentyTests.class),
    KAFKA(KafkaTwentyTests.class);

    private final Class<?> testClass;

    Side(Class<?> testClass) {
        this.testClass = testClass;
    }

    Class<?> testClass() {
        return testClass;
    }

    /** The side's name on the command line and in metric names: {@code replog}, {@code kafka}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The side labelled {@code label}; an unknown label is refused naming the ones there are. */
    static Side of(String label) {
        for (Side side : values()) {
            if (side.label().equals(label)) {
                return side;
            }
        }
        throw new IllegalArgumentException("--side must be one of " + Arrays.stream(values()).map(Side::label)
                .collect(Collectors.joining(", ")) + ", got '" + label + "'");
    }
}
