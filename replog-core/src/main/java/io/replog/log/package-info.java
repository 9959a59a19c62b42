/**
 * The on-disk log of one partition: {@link io.replog.log.PartitionLog} and what it is made of.
 *
 * <p>Layout of a partition directory {@code <log dir>/<topic>-<partition>}:
 * <pre>
 * 00000000000000000000.log          record batches, Kafka v2 format, stored as appended
 * 00000000000000000000.index        sparse offset index: (relative base offset, file position), 8 bytes each
 * 00000000000000004711.log/.index   the next segment, named by its base offset
 * leader-epoch-checkpoint           leader epoch -&gt; start offset
 * high-watermark-checkpoint         the last checkpointed high watermark
 * recovery-point-offset-checkpoint  offset below which everything is fsynced
 * log-start-offset-checkpoint       written when the log restarts at a new offset; recovery deletes segments below it
 * .lock                             held while a PartitionLog has the directory open
 * </pre>
 * Checkpoints are small text files (version line, entry count, one entry per line) replaced
 * atomically through a fsynced temporary file, followed by a directory fsync.
 *
 * <p>Every file-system call goes through {@link io.replog.log.LogFileSystem}: the platform's by
 * default, a durability-tracking or failing one in tests. An I/O error takes the log offline.
 *
 * <p>Dependencies run one way: this package uses {@code io.replog.record} for the batch format
 * and nothing above it.
 */
package io.replog.log;
