package io.replog.netty.fuzz;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the wire fuzzer is pointed at: a broker's client listener, plus a way to write records
 * before fuzzing and read them back after. {@link InProcessTarget} serves one partition log per
 * partition behind a bare listener; replog-testkit's {@code LiveBrokerWireFuzzTest} points the same
 * {@link FuzzScenario} at running brokers (both write and read through {@link WireClient}). The
 * canary's Fetch requests go to the listener fuzzed, for the partitions it leads.
 */
public interface FuzzTarget extends AutoCloseable {

    /** The client listener to connect to (the bootstrap address). */
    InetSocketAddress bootstrap();

    /** The topic the records go to, and how many partitions it has. */
    String topic();

    int partitions();

    /**
     * Whether the listener fuzzed leads {@code partition}: the canary fetches only those from it
     * (the fuzzer's own requests go to every partition, and one led elsewhere is answered with an
     * error). All of them unless the target says otherwise.
     */
    default boolean bootstrapLeads(int partition) {
        return true;
    }

    /** How many brokers the listener's Metadata answers list. */
    default int brokers() {
        return 1;
    }

    /**
     * Produces {@code values} to {@code partition} through the wire, as one batch, with acks=1 (a
     * single replica) or acks=all (a replicated topic), and returns the offset the broker
     * acknowledged for the first one; throws if not acknowledged.
     */
    long produceAndAck(int partition, List<byte[]> values);

    /** Every record value of {@code partition} from offset 0 to the log end, fetched through the wire. */
    List<byte[]> readBack(int partition);

    @Override
    void close();
}
