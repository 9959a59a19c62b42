package io.replog.internal.replica;

import io.replog.internal.fault.PlantedBugs;

import java.nio.file.Path;

/**
 * What a broker's {@link ReplicaManager} needs to know: who it is, where its logs live, the
 * topic defaults, and how its fetchers and upkeep behave. A real broker's come from
 * {@code BrokerSettings.from(BrokerConfig)}, without planted bugs.
 *
 * @param brokerId                           this broker
 * @param logDir                             the directory holding one directory per partition
 * @param defaults                           topic settings before per-topic overrides
 * @param fetcher                            follower fetch behaviour
 * @param highWatermarkCheckpointIntervalMs  how often high watermarks are written to disk
 * @param retentionCheckIntervalMs           how often retention and time-based flushes run
 * @param plantedBugs                        deliberate bugs for the simulation's checker tests; empty otherwise
 */
public record ReplicaSettings(int brokerId, Path logDir, TopicSettings defaults, FetcherSettings fetcher,
                              long highWatermarkCheckpointIntervalMs, long retentionCheckIntervalMs,
                              PlantedBugs plantedBugs) {

    /** Settings without planted bugs: every real broker. */
    public ReplicaSettings(int brokerId, Path logDir, TopicSettings defaults, FetcherSettings fetcher,
                           long highWatermarkCheckpointIntervalMs, long retentionCheckIntervalMs) {
        this(brokerId, logDir, defaults, fetcher, highWatermarkCheckpointIntervalMs, retentionCheckIntervalMs,
                PlantedBugs.NONE);
    }

    /**
     * How followers fetch; the keys are declared by {@link io.replog.config.BrokerConfig}.
     *
     * @param waitMaxMs how long a leader may hold a follower's fetch ({@code replica.fetch.wait.max.ms})
     * @param minBytes  the bytes the leader waits for ({@code replica.fetch.min.bytes})
     * @param maxBytes  the most bytes per partition ({@code replica.fetch.max.bytes})
     * @param backoffMs the pause after a failed fetch ({@code replica.fetch.backoff.ms})
     */
    public record FetcherSettings(int waitMaxMs, int minBytes, int maxBytes, long backoffMs) {
    }
}
