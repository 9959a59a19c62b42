/**
 * Internal engine, no compatibility promise: requests that wait for a partition to move (an
 * acks=all produce for the high watermark, a fetch for data, an admin call for metadata), kept
 * by what they wait for and answered exactly once: on completion, on timeout, or on close.
 */
package io.replog.internal.purgatory;
