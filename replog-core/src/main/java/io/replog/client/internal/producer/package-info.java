/**
 * The networked producer behind {@link io.replog.client.Producer#create}:
 * {@link io.replog.client.internal.producer.NetworkProducer} (serializes, waits for metadata and
 * memory, partitions and appends on the caller's thread), the record accumulator and its batches
 * (per-partition Kafka v2 batches, linger, memory, one batch in flight per partition, retry and
 * expiry rules), the partitioner (Kafka's murmur2 for keys, sticky for null keys), the sender
 * (one produce request per leader, on the client's thread) and its decisions as values.
 *
 * <p>Internal: no compatibility promise; applications use the interfaces of {@code io.replog.client}.
 */
package io.replog.client.internal.producer;
