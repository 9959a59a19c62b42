/**
 * The public configuration of a broker: {@link io.replog.broker.BrokerConfig}, every broker
 * key declared once with its type, default, allowed values and meaning, and
 * {@link io.replog.broker.TopicConfig}, the keys a topic may override. Both are validated
 * when built; nothing here exposes the engine ({@code io.replog.internal}).
 */
package io.replog.broker;
