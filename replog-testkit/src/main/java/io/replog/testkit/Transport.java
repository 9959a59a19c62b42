package io.replog.testkit;

/**
 * How the brokers of a {@link ReplogCluster} and its clients reach each other.
 */
public enum Transport {
    /** Kafka's wire protocol over loopback TCP ({@code 127.0.0.1:<port>}): what Kafka's own clients can reach too. */
    TCP,
    /**
     * Kafka's wire protocol over Netty's in-VM channels ({@code local://<name>}): no sockets, no
     * ports; only replog's clients in the same JVM can reach the brokers.
     */
    IN_VM
}
