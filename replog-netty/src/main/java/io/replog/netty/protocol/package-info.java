/**
 * Kafka's wire protocol message bodies: the primitive encodings ({@link io.replog.netty.protocol.Wire})
 * and, in {@code io.replog.netty.protocol.message}, one codec class per request or response body,
 * generated from the schema files in {@code replog-netty/src/main/schemas}.
 *
 * <p>Headers and framing are not here: this package reads and writes the bytes of a body only.
 */
package io.replog.netty.protocol;
