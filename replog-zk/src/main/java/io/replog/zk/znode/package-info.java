/**
 * The bodies of replog's znodes, in Kafka's JSON layouts, read and written through jackson-jr.
 * Each class owns one znode kind: its {@code encode} writes the body, its {@code decode} reads it
 * back and fails with a {@link io.replog.zk.znode.MalformedZnodeException} naming the path and
 * the field when the body is not what it should be.
 */
package io.replog.zk.znode;
