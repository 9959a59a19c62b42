package io.replog.netty.fuzz;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the wire fuzzer is pointed at: a broker's client listener, plus a way to write records
 * before fuzzing and read them back after. {@link InProcessTarget} is the only implementation
 * until the running Broker exists; a target over a real broker implements these three methods
 * (with {@link WireClient}, since both go through the wire) and nothing else changes.
 */
interface FuzzTarget extends AutoCloseable {

    /** The client listener to connect to (the bootstrap address). */
    InetSocketAddress bootstrap();

    /** The topic the records go to, and how many partitions it has. */
    String topic();

    int partitions();

    /**
     * Produces {@code values} to {@code partition} with acks=1 through the wire, as one batch, and
     * returns the offset the broker acknowledged for the first one; throws if not acknowledged.
     */
    long produceAndAck(int partition, List<byte[]> values);

    /** Every record value of {@code partition} from offset 0 to the log end, fetched through the wire. */
    List<byte[]> readBack(int partition);

    @Override
    void close();
}
