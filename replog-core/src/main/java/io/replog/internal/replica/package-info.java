/**
 * Internal engine, no compatibility promise: one broker's replicas. {@code Partition} keeps the
 * ISR, the high watermark and leader epochs of one partition; {@code ReplicaManager} serves
 * produce and fetch, applies the controller's LeaderAndIsr and StopReplica, and runs the
 * follower fetchers. Everything here is confined to the broker's event loop.
 *
 * <p>Applications use the public packages ({@code io.replog.broker}, the SPIs, {@code io.replog.log},
 * {@code io.replog.record}); the architecture tests keep this package out of their signatures.
 */
package io.replog.internal.replica;
