/**
 * Internal engine, no compatibility promise: rack-aware replica assignment for new topics.
 */
package io.replog.internal.assign;
