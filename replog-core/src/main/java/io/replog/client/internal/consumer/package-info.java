/**
 * The networked consumer: {@link io.replog.client.internal.consumer.NetworkConsumer} and the pure
 * bookkeeping it runs on, {@link io.replog.client.internal.consumer.SubscriptionState} (positions,
 * resets, leader epochs, validations) and {@link io.replog.client.internal.consumer.FetchBuffer} /
 * {@link io.replog.client.internal.consumer.FetchedRecords} (fetched batches read out a poll at a
 * time).
 *
 * <p>Internal: no compatibility promise; applications use {@link io.replog.client.Consumer}.
 */
package io.replog.client.internal.consumer;
