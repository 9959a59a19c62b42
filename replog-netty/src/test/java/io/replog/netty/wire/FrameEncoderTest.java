package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameEncoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());

    @Test
    void prefixesABufferWithItsLengthAndPassesItOnUncopied() {
        ByteBuf payload = Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8);

        channel.writeOutbound(payload);

        ByteBuf prefix = channel.readOutbound();
        assertThat(prefix.readInt()).isEqualTo(5);
        prefix.release();
        ByteBuf body = channel.readOutbound();
        assertThat(body).isSameAs(payload);
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(body.release()).as("the write held the one reference").isTrue();
    }

    @Test
    void prefixesAFrameOfPartsWithTheirTotalSizeIncludingAFileRegion(@TempDir Path dir) throws IOException {
        Path segment = Files.write(dir.resolve("segment"), "0123456789".getBytes(StandardCharsets.US_ASCII));
        FileRegion region = new DefaultFileRegion(segment.toFile(), 2, 6);
        ByteBuf head = Unpooled.copiedBuffer("head", StandardCharsets.UTF_8);

        channel.writeOutbound(OutboundFrame.of(List.of(head, region)));

        ByteBuf prefix = channel.readOutbound();
        assertThat(prefix.readInt()).isEqualTo(4 + 6);
        prefix.release();
        Object first = channel.readOutbound();
        Object second = channel.readOutbound();
        assertThat(first).isSameAs(head);
        assertThat(second).isSameAs(region);
        head.release();
        region.release();
    }

    @Test
    void aFrameTooLargeForAnInt32PrefixFailsTheWriteAndReleasesItsParts(@TempDir Path dir) throws IOException {
        Path segment = Files.write(dir.resolve("segment"), new byte[1]);
        FileRegion threeGiB = new DefaultFileRegion(segment.toFile(), 0, 3L << 30);
        ByteBuf head = Unpooled.buffer(4).writeInt(1);

        assertThatThrownBy(() -> channel.writeOutbound(OutboundFrame.of(List.of(head, threeGiB))))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("a frame of 3221225476 bytes does not fit an int32 size prefix");
        assertThat(head.refCnt()).isZero();
        assertThat(threeGiB.refCnt()).isZero();
    }

    @Test
    void aFrameNeverWrittenReleasesItsPartsWithItsLastReference() {
        ByteBuf part = Unpooled.buffer(1).writeByte(1);
        OutboundFrame frame = OutboundFrame.of(part);

        assertThat(frame.release()).isTrue();
        assertThat(part.refCnt()).isZero();
    }

    @Test
    void aFramePartMustBeABufferOrAFileRegion() {
        assertThatThrownBy(() -> OutboundFrame.of(List.of("text")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ByteBuf or a FileRegion, was java.lang.String");
    }
}
