package io.replog.internal.replica;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.LogStorageException;
import io.replog.config.LogConfig;
import io.replog.log.PartitionLog;
import io.replog.log.PowerLossFileSystem;
import io.replog.protocol.Errors;
import io.replog.time.ManualClock;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A leader whose log met an I/O error answers a storage error for it and keeps serving its other partitions. */
class OfflineLogTest {

    @Test
    void anOfflineLogAnswersKafkaStorageErrorWhileTheOtherPartitionsServe(@TempDir Path dir) {
        ManualClock clock = new ManualClock();
        PowerLossFileSystem failing = PowerLossFileSystem.over(dir.resolve("failing"));
        TopicPartition a = new TopicPartition("invoice", 0);
        TopicPartition b = new TopicPartition("invoice", 1);
        try (PartitionLog logA = PartitionLog.open(dir.resolve("failing"), a, LogConfig.defaults(), clock, failing);
             PartitionLog logB = PartitionLog.open(dir, b, LogConfig.defaults(), clock)) {
            Partition leaderA = new Partition(a, 0, logA, new ReplicationSettings(1, 10_000));
            Partition leaderB = new Partition(b, 0, logB, new ReplicationSettings(1, 10_000));
            LeaderAndIsr state = new LeaderAndIsr(0, 1, List.of(0), 1, 0);
            assertThat(leaderA.makeLeader(state, List.of(0), clock.millis())).isTrue();
            assertThat(leaderB.makeLeader(state, List.of(0), clock.millis())).isTrue();

            leaderA.appendAsLeader(PartitionTest.batch(5), true);
            failing.failNext(PowerLossFileSystem.Operation.FSYNC, PowerLossFileSystem.Errno.EIO);
            assertThatThrownBy(logA::flush).isInstanceOf(LogStorageException.class);

            assertThatThrownBy(() -> leaderA.appendAsLeader(PartitionTest.batch(5), true))
                    .satisfies(e -> assertThat(Errors.forException(e)).isEqualTo(Errors.KAFKA_STORAGE_ERROR))
                    .hasMessageContaining("offline");
            assertThat(leaderB.appendAsLeader(PartitionTest.batch(5), true).lastOffset()).isEqualTo(4);
        }
    }
}
