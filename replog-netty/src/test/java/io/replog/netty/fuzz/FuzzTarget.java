package io.replog.netty.fuzz;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the wire fuzzer is pointed at: a broker's client listener, plus a way to write records
 * before fuzzing and read them back after. {@link InProcessTarget} serves one partition log per
 * partition behind a bare listener; replog-testkit's {@code LiveBrokerWireFuzzTest} points the same
 * {@link FuzzScenario} at running brokers (both write and read through {@link WireClient}). The
 * listener fuzzed must lead every partition of the topic: the canary's and the read back's Fetch
 * requests go to it.
 */
public interface FuzzTarget extends AutoCloseable {

    /** The client listener to connect to (the bootstrap address). */
    InetSocketAddress bootstrap();

    /** The topic the records go to, and how many partitions it has. */
    String topic();

    int partitions();

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
