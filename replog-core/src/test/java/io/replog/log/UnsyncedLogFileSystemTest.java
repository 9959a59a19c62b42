package io.replog.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.ByteArrayOutputStream;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file system a test cluster's brokers use: everything the platform's does, the fsyncs left
 * out, the bytes and names the same.
 */
class UnsyncedLogFileSystemTest {

    @Test
    void everythingButTheFsyncsGoesToThePlatformsFileSystem(@TempDir Path dir) throws Exception {
        LogFileSystem fs = LogFileSystem.nioWithoutFsync();
        Path file = dir.resolve("sub").resolve("00000000000000000000.log");
        assertThat(fs.createDirectories(file.getParent())).isTrue();
        try (FileChannel ch = fs.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE))) {
            ch.write(ByteBuffer.wrap("hello log".getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            assertThat(ch.size()).isEqualTo(9);
            assertThat(ch.position()).isEqualTo(9);
            ByteBuffer read = ByteBuffer.allocate(3);
            ch.read(read, 6);
            assertThat(new String(read.array(), StandardCharsets.UTF_8)).isEqualTo("log");
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            assertThat(ch.transferTo(0, 5, Channels.newChannel(sent))).isEqualTo(5);
            assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
            ch.truncate(5);
            assertThat(ch.size()).isEqualTo(5);
        }
        fs.fsyncDirectory(file.getParent());
        Path renamed = file.resolveSibling("00000000000000000000.log.deleted");
        fs.move(file, renamed);
        assertThat(fs.list(file.getParent())).containsExactly(renamed);
        assertThat(fs.isRegularFile(renamed)).isTrue();
        assertThat(fs.exists(file)).isFalse();
        assertThat(Files.readString(renamed)).isEqualTo("hello");
        assertThat(fs.deleteIfExists(renamed)).isTrue();
        assertThat(fs.deleteIfExists(renamed)).isFalse();
    }
}
