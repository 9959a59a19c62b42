/**
 * Kafka's v2 ("magic 2") record batch format, byte for byte: {@link io.replog.record.RecordBatchBuilder}
 * writes a batch, {@link io.replog.record.RecordBatch} and {@link io.replog.record.Record} read one in
 * place without copying keys or values, {@link io.replog.record.RecordCursor} walks its records
 * without an object per record, {@link io.replog.record.RecordBatches} walks concatenated
 * batches, and {@link io.replog.record.BatchValidator} checks untrusted bytes before anything else
 * believes them.
 *
 * <p>Only uncompressed batches are supported; others are recognised and refused with
 * {@link io.replog.errors.UnsupportedCompressionException}. This package depends on nothing above it.
 */
package io.replog.record;
