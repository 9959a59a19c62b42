package io.replog.sim;

/**
 * Message counts of a {@link SimNetwork} since it was created. Requests and responses are
 * counted apart; every message that is sent is either delivered, dropped for one of the
 * counted reasons, or lost because its receiver crashed while it was in flight.
 */
public final class NetworkStats {
    long requestsSent;
    long requestsDelivered;
    long responsesSent;
    long responsesDelivered;
    long lost;
    long cut;
    long unreachable;
    long timeouts;

    /** Requests put on the wire. */
    public long requestsSent() {
        return requestsSent;
    }

    /** Requests handed to a destination's handler. */
    public long requestsDelivered() {
        return requestsDelivered;
    }

    /** Responses put on the wire. */
    public long responsesSent() {
        return responsesSent;
    }

    /** Responses that completed the sender's future. */
    public long responsesDelivered() {
        return responsesDelivered;
    }

    /** Messages lost at random ({@code lossProbability}). */
    public long lost() {
        return lost;
    }

    /** Messages dropped by an isolation or a cut link. */
    public long cut() {
        return cut;
    }

    /** Requests to a node that is unknown, crashed, or has no handler. */
    public long unreachable() {
        return unreachable;
    }

    /** Sends that failed because no response came within the request timeout. */
    public long timeouts() {
        return timeouts;
    }

    /** Messages that were dropped for any counted reason. */
    public long dropped() {
        return lost + cut + unreachable;
    }

    @Override
    public String toString() {
        return "NetworkStats[requests " + requestsSent + " sent / " + requestsDelivered + " delivered, responses "
                + responsesSent + " sent / " + responsesDelivered + " delivered, lost " + lost + ", cut " + cut
                + ", unreachable " + unreachable + ", timeouts " + timeouts + "]";
    }
}
