/**
 * replog's client API: {@link io.replog.client.Producer}, {@link io.replog.client.Consumer} and
 * {@link io.replog.client.Admin}, their records and descriptions, their serializers, and their
 * configurations ({@link io.replog.client.ProducerConfig}, {@link io.replog.client.ConsumerConfig},
 * {@link io.replog.client.AdminConfig}) under Kafka's property names and defaults.
 *
 * <p>The interfaces and value types and the configurations need no network;
 * {@link io.replog.client.Producer#create} makes the networked producer (its implementation, with
 * the key partitioner bit-exact with Kafka's Java client and the record accumulator, is in
 * {@code io.replog.client.internal.producer}). The consumer's and admin client's {@code create}
 * factories arrive with their implementations.
 *
 * <p>An entry-point package: it may assemble the engine in {@code io.replog.internal}, but no
 * public signature here names an internal type.
 */
package io.replog.client;
