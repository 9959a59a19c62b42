/**
 * replog's client API: {@link io.replog.client.Producer}, {@link io.replog.client.Consumer} and
 * {@link io.replog.client.Admin}, their records and descriptions, their serializers, and their
 * configurations ({@link io.replog.client.ProducerConfig}, {@link io.replog.client.ConsumerConfig},
 * {@link io.replog.client.AdminConfig}) under Kafka's property names and defaults.
 *
 * <p>What is here today needs no network: the interfaces and value types, the configurations,
 * the key partitioner (bit-exact with Kafka's Java client, so a key lands on the same partition
 * under replog and Kafka) and the producer's record accumulator. The networked implementations,
 * and with them the {@code create} factories of the three interfaces, arrive with the transport.
 *
 * <p>An entry-point package: it may assemble the engine in {@code io.replog.internal}, but no
 * public signature here names an internal type.
 */
package io.replog.client;
