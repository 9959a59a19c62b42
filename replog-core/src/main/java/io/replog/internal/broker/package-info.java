/**
 * Internal engine, no compatibility promise: one broker assembled as a plain object
 * ({@code BrokerNode}) from its replicas, its metadata cache, topic creation and, while elected,
 * the controller. The threaded broker an application starts wraps it with an event loop and a
 * transport.
 */
package io.replog.internal.broker;
