package io.replog.client;

import io.replog.errors.InvalidConfigException;

import java.util.Locale;

/**
 * Where a consumer starts reading a partition that has no position yet, or whose position is out
 * of the log's range (Kafka's {@code auto.offset.reset}):
 * <ul>
 *   <li>{@link #EARLIEST}: the log start offset, the oldest record still kept.</li>
 *   <li>{@link #LATEST}: the log end offset, so only records written from now on are read.
 *       Kafka's default, and replog's.</li>
 *   <li>{@link #NONE}: no reset; the poll fails with
 *       {@link io.replog.errors.OffsetOutOfRangeException} and the application seeks itself.</li>
 * </ul>
 * Kafka's {@code by_duration:<ISO-8601 duration>} is refused with a message saying so: it needs
 * offset-for-timestamp lookups, which replog's consumer does not make yet.
 */
public enum OffsetResetStrategy {
    EARLIEST,
    LATEST,
    NONE;

    /** What {@link #parse} accepts, for error messages. */
    static final String ALLOWED = "one of [earliest, latest, none]";

    /** The value as Kafka's {@code auto.offset.reset} spells it. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The strategy named by {@code value}, in any case.
     *
     * @throws InvalidConfigException naming {@code auto.offset.reset}, the value and what is allowed
     */
    public static OffsetResetStrategy parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "earliest" -> EARLIEST;
            case "latest" -> LATEST;
            case "none" -> NONE;
            default -> {
                String why = v.startsWith("by_duration:")
                        ? "; Kafka's by_duration:<duration> is not supported by replog yet"
                        : "";
                throw new InvalidConfigException("Invalid value '" + value
                        + "' for configuration 'auto.offset.reset': must be " + ALLOWED + why);
            }
        };
    }

    @Override
    public String toString() {
        return configValue();
    }
}
