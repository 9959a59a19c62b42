package io.replog.internal.replica;

import io.replog.log.CrashImage;
import io.replog.log.PartitionLog;
import io.replog.log.PartitionMetadataFile;
import io.replog.log.PowerLossFileSystem;
import io.replog.log.PowerLossFileSystem.Pages;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files a broker keeps in its log directory beside the logs (clean-shutdown marker,
 * high-watermark checkpoint, partition metadata) under a power loss that keeps none of the
 * unsynced directory operations: each change the broker relies on must already be durable.
 */
class BrokerFilesPowerLossTest {
    @TempDir
    Path tmp;

    /** The crash state with only fsynced names and bytes, written to a new directory. */
    private Path powerLoss(PowerLossFileSystem fs, String name) {
        CrashImage image = fs.image(0, Pages.DURABLE_ONLY, new Random(1));
        Path restored = tmp.resolve(name);
        image.writeTo(restored);
        return restored;
    }

    @Test
    void aConsumedCleanShutdownMarkerDoesNotComeBack() {
        PowerLossFileSystem before = PowerLossFileSystem.over(tmp.resolve("dir"));
        CleanShutdownFile.write(before, tmp.resolve("dir"));
        Path afterClose = powerLoss(before, "after-close");
        assertThat(afterClose.resolve(CleanShutdownFile.FILE_NAME)).exists();

        PowerLossFileSystem started = PowerLossFileSystem.over(afterClose);
        assertThat(CleanShutdownFile.consume(started, afterClose)).isTrue();
        // Without a directory fsync the unlink is lost and a crash after this start would count as clean.
        assertThat(powerLoss(started, "after-start").resolve(CleanShutdownFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void highWatermarksAndTopicIdsWrittenThroughTheFileSystemSurvive() throws IOException {
        Path dir = tmp.resolve("dir");
        PowerLossFileSystem fs = PowerLossFileSystem.over(dir);
        TopicPartition tp = new TopicPartition("a", 0);
        new HighWatermarkCheckpoints(1, dir, Runnable::run, fs).writeNow(Map.of(tp, 42L));
        Files.createDirectories(dir.resolve(tp.directoryName()));
        TopicId id = TopicId.random(new Random(7));
        PartitionMetadataFile.write(fs, dir.resolve(tp.directoryName()), id);

        Path restored = powerLoss(fs, "restored");
        PowerLossFileSystem after = PowerLossFileSystem.over(restored);
        assertThat(new HighWatermarkCheckpoints(1, restored, Runnable::run, after).read()).containsEntry(tp, 42L);
        assertThat(PartitionMetadataFile.read(after, restored.resolve(tp.directoryName()))).contains(id);
    }

    @Test
    void aDeletedPartitionDirectoryNeverKeepsSegmentsWithoutItsTopicId() throws IOException {
        Path dir = tmp.resolve("dir");
        Path partition = dir.resolve("a-0");
        Files.createDirectories(partition);
        Files.write(partition.resolve("00000000000000000000.log"), new byte[100]);
        PartitionMetadataFile.write(io.replog.log.LogFileSystem.nio(), partition, TopicId.random(new Random(3)));
        PowerLossFileSystem fs = PowerLossFileSystem.over(dir);
        fs.onStep(step -> {
            // At every step of the deletion, every crash state must keep the topic id while any segment remains.
            for (CrashImage image : fs.crashImages(new Random(5), 2)) {
                Map<String, byte[]> files = image.directories().getOrDefault(Path.of("a-0"), Map.of());
                assertThat(!files.containsKey("00000000000000000000.log")
                        || files.containsKey(PartitionMetadataFile.FILE_NAME)).as(image.toString()).isTrue();
            }
        });
        PartitionLog.deleteDirectory(fs, partition);
        assertThat(partition).doesNotExist();
    }
}
