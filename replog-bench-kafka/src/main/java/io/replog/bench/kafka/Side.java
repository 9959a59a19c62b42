package io.replog.bench.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The classes of twenty tests compared, in the order each run goes through them: replog with a
 * delete in each test, Kafka's test kit the same way, and replog with the test kit's
 * {@code resetTopicsBeforeEach} instead.
 */
enum Side {
    REPLOG(ReplogTwentyTests.class),
    KAFKA(KafkaTwentyTests.class),
    REPLOG_RESET(ReplogResetTwentyTests.class);

    private final Class<?> testClass;

    Side(Class<?> testClass) {
        this.testClass = testClass;
    }

    Class<?> testClass() {
        return testClass;
    }

    /** The side's name on the command line and in metric names: {@code replog}, {@code kafka}, {@code replog_reset}. */
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
