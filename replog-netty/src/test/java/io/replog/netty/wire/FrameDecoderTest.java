package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest {
    private static final int MIN = RequestHeaderCodec.MIN_BYTES;
    private static final int MAX = FrameDecoder.DEFAULT_MAX_FRAME_BYTES;

    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MIN, MAX));

    @Test
    void emitsEachFrameWithoutItsPrefix() {
        ByteBuf in = Unpooled.buffer();
        in.writeInt(12).writeBytes(bytes("first frame!"));
        in.writeInt(10).writeBytes(bytes("second-one"));

        assertThat(channel.writeInbound(in)).isTrue();

        assertThat(readString()).isEqualTo("first frame!");
        assertThat(readString()).isEqualTo("second-one");
        assertThat(nextInbound()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void holdsATruncatedFrameUntilTheRestArrives() {
        ByteBuf frame = Unpooled.buffer().writeInt(12).writeBytes(bytes("first frame!"));
        // The prefix itself split, then the payload split.
        channel.writeInbound(frame.readRetainedSlice(2));
        channel.writeInbound(frame.readRetainedSlice(5));
        assertThat(nextInbound()).as("nothing before the last byte").isNull();

        channel.writeInbound(frame.readRetainedSlice(frame.readableBytes()));

        assertThat(readString()).isEqualTo("first frame!");
        frame.release();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aConnectionClosedMidFrameEmitsNothingAndLeaksNothing() {
        ByteBuf truncated = Unpooled.buffer().writeInt(100).writeBytes(new byte[40]);

        channel.writeInbound(truncated);
        assertThat(channel.finish()).as("no frame from 44 of 104 bytes").isFalse();

        assertThat(truncated.refCnt()).as("the held bytes are released with the connection").isZero();
    }

    @Test
    void aFrameOfExactlyTheLimitsIsAccepted() {
        EmbeddedChannel small = new EmbeddedChannel(new FrameDecoder(MIN, 16));
        small.writeInbound(Unpooled.buffer().writeInt(16).writeBytes(new byte[16]));
        small.writeInbound(Unpooled.buffer().writeInt(MIN).writeBytes(new byte[MIN]));

        ByteBuf largest = small.readInbound();
        ByteBuf smallest = small.readInbound();
        assertThat(largest.readableBytes()).isEqualTo(16);
        assertThat(smallest.readableBytes()).isEqualTo(MIN);
        largest.release();
        smallest.release();
    }

    @Test
    void aNegativeLengthIsRefusedNamingLengthLimitAndPeer() {
        ByteBuf in = Unpooled.buffer().writeInt(-1).writeBytes(new byte[20]);

        assertThatThrownBy(() -> channel.writeInbound(in))
                .isInstanceOf(InvalidFrameSizeException.class)
                .hasMessageContaining("negative frame length -1")
                .hasMessageContaining(Integer.toString(MAX))
                .hasMessageContaining(channel.remoteAddress().toString());
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void twoGibibytesIsRefusedFromThePrefixAloneWithoutAllocatingOrWaiting() {
        // 2^31 on the wire reads as Integer.MIN_VALUE: negative.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(0x8000_0000)))
                .isInstanceOf(InvalidFrameSizeException.class)
                .hasMessageContaining("negative frame length -2147483648");

        EmbeddedChannel other = new EmbeddedChannel(new FrameDecoder(MIN, MAX));
        assertThatThrownBy(() -> other.writeInbound(Unpooled.buffer().writeInt(Integer.MAX_VALUE)))
                .isInstanceOf(InvalidFrameSizeException.class)
                .hasMessageContaining("frame length 2147483647 above the limit of 104857600 bytes")
                .satisfies(e -> assertThat(((InvalidFrameSizeException) e).length()).isEqualTo(Integer.MAX_VALUE));
    }

    @Test
    void oneByteOverTheLimitIsRefused() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(MAX + 1)))
                .isInstanceOf(InvalidFrameSizeException.class)
                .hasMessageContaining("frame length " + (MAX + 1) + " above the limit of " + MAX)
                .hasMessageContaining("socket.request.max.bytes");
    }

    @Test
    void aFrameTooSmallForAnyHeaderIsRefused() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(0)))
                .isInstanceOf(InvalidFrameSizeException.class)
                .hasMessageContaining("frame length 0 below the smallest valid frame of " + MIN + " bytes");
    }

    @Test
    void afterARefusalEverythingElseIsDiscarded() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(-5)))
                .isInstanceOf(InvalidFrameSizeException.class);

        ByteBuf valid = Unpooled.buffer().writeInt(12).writeBytes(bytes("first frame!"));
        assertThat(channel.writeInbound(valid)).as("no frame after the stream lost its framing").isFalse();
        assertThat(valid.refCnt()).isZero();
    }

    @Test
    void refusesBoundsThatCannotBeMet() {
        assertThatThrownBy(() -> new FrameDecoder(10, 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min 10, max 9");
        assertThatThrownBy(() -> new FrameDecoder(-1, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    private Object nextInbound() {
        return channel.readInbound();
    }

    private String readString() {
        ByteBuf frame = channel.readInbound();
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
