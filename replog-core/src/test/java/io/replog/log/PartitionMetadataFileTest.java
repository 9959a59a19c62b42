package io.replog.log;

import io.replog.errors.LogStorageException;
import io.replog.topic.TopicId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionMetadataFileTest {
    @TempDir
    Path dir;

    @Test
    void storesTheTopicIdInKafkasLayout() throws IOException {
        TopicId id = TopicId.random(new Random(1));
        assertThat(PartitionMetadataFile.read(LogFileSystem.nio(), dir)).isEmpty();
        PartitionMetadataFile.write(LogFileSystem.nio(), dir, id);
        assertThat(PartitionMetadataFile.read(LogFileSystem.nio(), dir)).contains(id);
        assertThat(Files.readString(dir.resolve(PartitionMetadataFile.FILE_NAME)))
                .isEqualTo("version: 0\ntopic_id: " + id + "\n");
    }

    @Test
    void aMalformedFileIsReportedWithItsPathAndTheExpectedLayout() throws IOException {
        Files.writeString(dir.resolve(PartitionMetadataFile.FILE_NAME), "version: 0\ntopic_id: not-an-id\n");
        assertThatThrownBy(() -> PartitionMetadataFile.read(LogFileSystem.nio(), dir)).isInstanceOf(LogStorageException.class)
                .hasMessageContaining(dir.resolve(PartitionMetadataFile.FILE_NAME).toString())
                .hasMessageContaining("line 2");
        Files.writeString(dir.resolve(PartitionMetadataFile.FILE_NAME), "topic_id: x\n");
        assertThatThrownBy(() -> PartitionMetadataFile.read(LogFileSystem.nio(), dir)).isInstanceOf(LogStorageException.class)
                .hasMessageContaining("expected the lines 'version: 0' and 'topic_id: <22-character id>'");
    }
}
