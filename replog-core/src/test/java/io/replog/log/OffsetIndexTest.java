package io.replog.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetIndexTest {

    @TempDir
    Path tmp;

    private static final long BASE = 5_000_000_000L;

    @Test
    void lookupFindsTheLastEntryAtOrBelowTheTargetWithinTheReadableSize() throws Exception {
        Path file = tmp.resolve("i.index");
        try (OffsetIndex index = OffsetIndex.create(LogFileSystem.nio(), file, BASE, 1_000)) {
            for (int i = 1; i <= 100; i++) { // grows past the initial capacity
                index.append(BASE + 10L * i, 1_000 * i);
            }
            assertThat(index.entryCount()).isEqualTo(100);
            assertThat(index.lookup(BASE, Integer.MAX_VALUE)).isZero();
            assertThat(index.lookup(BASE + 9, Integer.MAX_VALUE)).isZero();
            assertThat(index.lookup(BASE + 10, Integer.MAX_VALUE)).isEqualTo(1_000);
            assertThat(index.lookup(BASE + 555, Integer.MAX_VALUE)).isEqualTo(55_000);
            assertThat(index.lookup(Long.MAX_VALUE - 1, Integer.MAX_VALUE)).isEqualTo(100_000);
            // Entries at or past the readable size are ignored.
            assertThat(index.lookup(BASE + 555, 30_000)).isEqualTo(29_000);
            assertThat(index.floorIndex(BASE + 300, 20_500)).isEqualTo(19);
            assertThat(index.floorIndex(BASE + 300, Long.MAX_VALUE)).isEqualTo(28);
            assertThat(index.floorIndex(BASE + 10, Long.MAX_VALUE)).isEqualTo(-1);
            index.truncateToPosition(50_001);
            assertThat(index.entryCount()).isEqualTo(50);
        }
        assertThat(Files.size(file)).isEqualTo(50 * 8);
        ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(content.getInt(0)).isEqualTo(10);
        assertThat(content.getInt(4)).isEqualTo(1_000);
        OffsetIndex loaded = OffsetIndex.load(LogFileSystem.nio(), file, BASE, 1_000, 60_000);
        assertThat(loaded.entryCount()).isEqualTo(50);
        assertThat(loaded.offsetAt(49)).isEqualTo(BASE + 500);
        assertThat(loaded.positionAt(49)).isEqualTo(50_000);
    }

    @Test
    void entriesMustIncreaseAndFitTheRelativeOffset() {
        try (OffsetIndex index = OffsetIndex.create(LogFileSystem.nio(), tmp.resolve("i.index"), BASE, 10)) {
            index.append(BASE + 1, 100);
            assertThatThrownBy(() -> index.append(BASE + 1, 200)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> index.append(BASE + 2, 100)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> index.append(BASE + Integer.MAX_VALUE + 1L, 300))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> index.append(BASE - 1, 300)).isInstanceOf(IllegalArgumentException.class);
            index.append(BASE + Integer.MAX_VALUE, 300);
            assertThat(index.entryCount()).isEqualTo(2);
        }
    }

    @Test
    void aFullIndexSaysSo() {
        try (OffsetIndex index = OffsetIndex.create(LogFileSystem.nio(), tmp.resolve("i.index"), 0, 2)) {
            index.append(1, 10);
            assertThat(index.isFull()).isFalse();
            index.append(2, 20);
            assertThat(index.isFull()).isTrue();
        }
    }

    @Test
    void loadRejectsBrokenFiles() throws Exception {
        Path file = tmp.resolve("bad.index");
        assertThatThrownBy(() -> OffsetIndex.load(LogFileSystem.nio(), file, 0, 10, 100)).isInstanceOf(OffsetIndex.InvalidIndexException.class)
                .hasMessage("missing");
        Files.write(file, new byte[7]);
        assertThatThrownBy(() -> OffsetIndex.load(LogFileSystem.nio(), file, 0, 10, 100)).hasMessageContaining("multiple of 8");
        Files.write(file, ByteBuffer.allocate(16).putInt(5).putInt(70).putInt(5).putInt(80).array());
        assertThatThrownBy(() -> OffsetIndex.load(LogFileSystem.nio(), file, 0, 10, 1000)).hasMessageContaining("does not follow");
        Files.write(file, ByteBuffer.allocate(8).putInt(5).putInt(700).array());
        assertThatThrownBy(() -> OffsetIndex.load(LogFileSystem.nio(), file, 0, 10, 700)).hasMessageContaining("outside");
        Files.write(file, new byte[8 * 1000]);
        assertThatThrownBy(() -> OffsetIndex.load(LogFileSystem.nio(), file, 0, 10, 700)).hasMessageContaining("entries for a log of");
    }

    @Test
    void pendingEntriesReachTheFileInOneGoAndTruncationDropsThemWithoutTouchingIt() throws Exception {
        Path file = tmp.resolve("p.index");
        try (OffsetIndex index = OffsetIndex.create(LogFileSystem.nio(), file, BASE, 1_000)) {
            index.append(BASE + 1, 100);
            for (int i = 2; i <= 150; i++) { // more than one staging buffer's worth
                index.appendUnpersisted(BASE + i, 100 * i);
            }
            assertThat(index.entryCount()).isEqualTo(150);
            assertThat(index.hasPending()).isTrue();
            assertThat(Files.size(file)).isEqualTo(8);
            assertThat(index.lookup(BASE + 77, Integer.MAX_VALUE)).isEqualTo(7_700); // readable before it is written

            index.persistPending();
            assertThat(index.hasPending()).isFalse();
            assertThat(Files.size(file)).isEqualTo(150 * 8);
            OffsetIndex loaded = OffsetIndex.load(LogFileSystem.nio(), file, BASE, 1_000, 20_000);
            assertThat(loaded.entryCount()).isEqualTo(150);
            assertThat(loaded.offsetAt(149)).isEqualTo(BASE + 150);
            assertThat(loaded.positionAt(64)).isEqualTo(6_500);

            // Pending entries that a failed append rolls back never reach the file.
            index.appendUnpersisted(BASE + 151, 15_100);
            index.appendUnpersisted(BASE + 152, 15_200);
            index.truncateToPosition(15_100);
            assertThat(index.entryCount()).isEqualTo(150);
            assertThat(index.hasPending()).isFalse();
            assertThat(Files.size(file)).isEqualTo(150 * 8);

            // A cut below written entries shortens the file; flush writes whatever is pending.
            index.truncateToPosition(5_001);
            assertThat(Files.size(file)).isEqualTo(50 * 8);
            index.appendUnpersisted(BASE + 60, 6_000);
            index.flush();
            assertThat(Files.size(file)).isEqualTo(51 * 8);
        }
    }
}
