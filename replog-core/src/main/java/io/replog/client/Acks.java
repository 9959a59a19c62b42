package io.replog.client;

import io.replog.errors.InvalidConfigException;

import java.util.Locale;

/**
 * How many replicas must have a record before the leader answers a produce request (Kafka's
 * {@code acks}). What each level guarantees once a send's future completes successfully:
 * <ul>
 *   <li>{@link #NONE} ({@code 0}): nothing; the producer does not wait for any answer, and the
 *       offset in the returned metadata is {@code -1}.</li>
 *   <li>{@link #LEADER} ({@code 1}): the leader appended the record; it is lost if the leader
 *       fails before a follower copies it.</li>
 *   <li>{@link #ALL} ({@code all}, or {@code -1}): every replica of the in-sync replica set, which
 *       has at least {@code min.insync.replicas} members, has the record; it survives as long as one
 *       of them does. Kafka's default, and replog's.</li>
 * </ul>
 */
public enum Acks {
    NONE((short) 0, "0"),
    LEADER((short) 1, "1"),
    ALL((short) -1, "all");

    /** What {@link #parse} accepts, for error messages. */
    static final String ALLOWED = "one of [0, 1, all, -1]";

    private final short wireValue;
    private final String configValue;

    Acks(short wireValue, String configValue) {
        this.wireValue = wireValue;
        this.configValue = configValue;
    }

    /** The value a produce request carries: 0, 1 or -1. */
    public short wireValue() {
        return wireValue;
    }

    /** The value as Kafka's {@code acks} property spells it: {@code 0}, {@code 1} or {@code all}. */
    public String configValue() {
        return configValue;
    }

    /**
     * The level named by {@code value}: {@code 0}, {@code 1}, {@code all} (any case) or {@code -1},
     * as Kafka accepts them.
     *
     * @throws InvalidConfigException naming {@code acks}, the value and what is allowed
     */
    public static Acks parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "0" -> NONE;
            case "1" -> LEADER;
            case "all", "-1" -> ALL;
            default -> throw new InvalidConfigException("Invalid value '" + value
                    + "' for configuration 'acks': must be " + ALLOWED);
        };
    }

    @Override
    public String toString() {
        return configValue;
    }
}
