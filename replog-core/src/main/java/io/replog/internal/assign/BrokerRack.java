package io.replog.internal.assign;

/**
 * A broker as replica assignment sees it: its id and its rack.
 *
 * @param id   the broker id, at least 0
 * @param rack the rack name, or {@code null} when the broker declared none; a blank name
 *             counts as none, so that an empty {@code broker.rack=} line means "no rack"
 */
public record BrokerRack(int id, String rack) {
    public BrokerRack {
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, was " + id);
        }
        if (rack != null && rack.isBlank()) {
            rack = null;
        }
    }

    /** A broker without rack information. */
    public static BrokerRack noRack(int id) {
        return new BrokerRack(id, null);
    }

    /** Whether the broker declared a rack. */
    public boolean hasRack() {
        return rack != null;
    }
}
