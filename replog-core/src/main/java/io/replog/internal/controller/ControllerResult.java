package io.replog.internal.controller;

import java.util.Objects;

/**
 * What an event decided once its partition states are stored: the requests the brokers must get
 * and the answer owed to whoever asked (as Kafka's {@code ControllerResult} pairs records with a
 * response). A value: building one sends nothing; the controller sends it.
 *
 * @param requests what to tell the brokers
 * @param answer   the answer to the caller ({@code null} for a notification nobody waits on)
 * @param <T>      the answer's type
 */
record ControllerResult<T>(BrokerRequests requests, T answer) {
    ControllerResult {
        Objects.requireNonNull(requests, "requests");
    }

    /** Requests only: the event was a notification. */
    static ControllerResult<Void> of(BrokerRequests requests) {
        return new ControllerResult<>(requests, null);
    }
}
