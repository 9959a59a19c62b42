/**
 * How the producer, consumer and admin client reach a cluster: {@link io.replog.client.internal.ClientNetwork}
 * (a client's transport, its one named thread and its {@link io.replog.client.internal.ClusterMetadata})
 * and the immutable {@link io.replog.client.internal.Cluster} view the metadata refreshes.
 *
 * <p>Internal: no compatibility promise; applications use the interfaces of {@code io.replog.client}.
 */
package io.replog.client.internal;
