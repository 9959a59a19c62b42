package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestHeaderDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestHeaderDecoder(ApiVersionsTable.KAFKA));

    @Test
    void producesAFrameWhoseBodyIsASliceOwningTheOnlyReference() {
        ByteBuf frame = Unpooled.buffer();
        RequestHeaderCodec.write(new RequestHeader((short) 2, (short) 18, (short) 3, 9, "c"), frame);
        frame.writeCharSequence("body", StandardCharsets.UTF_8);

        channel.writeInbound(frame);
        RequestFrame request = channel.readInbound();

        assertThat(request.header().correlationId()).isEqualTo(9);
        assertThat(request.responseHeaderVersion()).as("ApiVersions answers with header v0").isZero();
        assertThat(request.body().toString(StandardCharsets.UTF_8)).isEqualTo("body");
        assertThat(frame.refCnt()).as("the decoder let go of its reference").isEqualTo(1);
        assertThat(request.release()).isTrue();
        assertThat(frame.refCnt()).isZero();
    }

    @Test
    void aFlexibleVersionGetsResponseHeaderV1() {
        ByteBuf frame = Unpooled.buffer();
        RequestHeaderCodec.write(new RequestHeader((short) 2, (short) 1, (short) 12, 1, null), frame);

        channel.writeInbound(frame);
        RequestFrame request = channel.readInbound();

        assertThat(request.responseHeaderVersion()).isEqualTo((short) 1);
        assertThat(request.body().isReadable()).isFalse();
        request.release();
    }

    @Test
    void aMalformedHeaderFailsAndReleasesTheFrame() {
        ByteBuf frame = Unpooled.buffer().writeShort(1000).writeShort(0).writeInt(1).writeShort(-1);

        assertThatThrownBy(() -> channel.writeInbound(frame)).isInstanceOf(UnknownApiKeyException.class);
        assertThat(frame.refCnt()).isZero();
    }
}
