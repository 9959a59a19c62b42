/**
 * Translation between replog's core messages ({@code io.replog.protocol}) and Kafka's message
 * bodies ({@code io.replog.netty.protocol.message}), one class per API, and
 * {@link io.replog.netty.kafka.KafkaRequestProcessor}, which serves Kafka's clients with a core
 * {@link io.replog.transport.RequestHandler}; the inter-broker APIs in
 * {@link io.replog.netty.kafka.InterBrokerTranslator}, and
 * {@link io.replog.netty.kafka.BrokerRequestProcessor}, which a broker's listener runs: the client
 * APIs plus the inter-broker ones.
 *
 * <p>Each translator works in both directions: server ({@code toCore} a request,
 * {@code toKafka} a response) and client ({@code toKafkaRequest}, {@code toCoreResponse}). Record
 * batches are never decoded: they cross as views of the same memory, and each translator says
 * who owns them. Values Kafka carries that core has no field for are filled with Kafka's neutral
 * value, named in the class Javadoc and in {@code docs/protocol.md}.
 */
package io.replog.netty.kafka;
