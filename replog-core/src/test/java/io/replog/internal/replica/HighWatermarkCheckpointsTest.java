package io.replog.internal.replica;

import io.replog.log.LogFileSystem;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HighWatermarkCheckpointsTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition B3 = new TopicPartition("b", 3);

    @TempDir
    Path dir;

    @Test
    void oneFileForTheWholeDirectoryInKafkasLayout() throws IOException {
        HighWatermarkCheckpoints checkpoints = new HighWatermarkCheckpoints(1, dir, Runnable::run, LogFileSystem.nio());
        assertThat(checkpoints.read()).isEmpty();
        checkpoints.writeNow(Map.of(B3, 7L, A0, 42L));
        assertThat(Files.readString(dir.resolve(HighWatermarkCheckpoints.FILE_NAME))).isEqualTo("0\n2\na 0 42\nb 3 7\n");
        assertThat(checkpoints.read()).isEqualTo(Map.of(A0, 42L, B3, 7L));
    }

    @Test
    void snapshotsHandedOverWhileAWriteIsPendingReplaceItAndNothingOlderOverwritesTheFile() {
        List<Runnable> queued = new ArrayList<>();
        HighWatermarkCheckpoints checkpoints = new HighWatermarkCheckpoints(1, dir, queued::add, LogFileSystem.nio());
        checkpoints.writeInBackground(Map.of(A0, 1L));
        checkpoints.writeInBackground(Map.of(A0, 2L));
        assertThat(queued).hasSize(1);
        assertThat(checkpoints.read()).isEmpty(); // nothing written on the calling thread
        queued.remove(0).run();
        assertThat(checkpoints.read()).isEqualTo(Map.of(A0, 2L));
        checkpoints.writeInBackground(Map.of(A0, 3L));
        checkpoints.writeNow(Map.of(A0, 4L));
        queued.remove(0).run();
        assertThat(checkpoints.read()).isEqualTo(Map.of(A0, 4L));
    }

    @Test
    void aMalformedFileReadsAsEmptyAndEachMistakeIsNamed() throws IOException {
        Files.writeString(dir.resolve(HighWatermarkCheckpoints.FILE_NAME), "0\n1\na zero 5\n");
        assertThat(new HighWatermarkCheckpoints(1, dir, Runnable::run, LogFileSystem.nio()).read()).isEmpty();
        assertThatThrownBy(() -> HighWatermarkCheckpoints.parse(List.of("1", "0")))
                .hasMessage("line 1 must be the version 0, was '1'");
        assertThatThrownBy(() -> HighWatermarkCheckpoints.parse(List.of("0", "2", "a 0 1")))
                .hasMessage("line 2 promises 2 entries, the file has 1");
        assertThatThrownBy(() -> HighWatermarkCheckpoints.parse(List.of("0", "1", "a 0 -4")))
                .hasMessage("line 3 must be '<topic> <partition> <offset>' with a non-negative offset, was 'a 0 -4'");
    }
}
