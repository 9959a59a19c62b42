package io.replog.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.RequestHeader;
import io.replog.netty.wire.RequestHeaderCodec;
import io.replog.netty.wire.ResponseHeaderCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds request frames and reads response frames for the tests, the way a Kafka client would. */
final class Frames {
    static final short PRODUCE = 0;
    static final short METADATA = 3;
    static final short API_VERSIONS = 18;

    private Frames() {
    }

    /** A size-prefixed request of {@code apiKey} v{@code version} with {@code body}, header version by Kafka's rule. */
    static ByteBuf request(short apiKey, short version, int correlationId, String body) {
        short headerVersion = ApiVersionsTable.KAFKA.find(apiKey)
                .map(api -> api.requestHeaderVersion(version)).orElse((short) 1);
        ByteBuf payload = Unpooled.buffer();
        RequestHeaderCodec.write(new RequestHeader(headerVersion, apiKey, version, correlationId, "test-client"), payload);
        payload.writeCharSequence(body, StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer().writeInt(payload.readableBytes()).writeBytes(payload);
        payload.release();
        return frame;
    }

    /** One response as read off the wire. */
    record Response(int correlationId, String body) {
    }

    /** Every complete response written to {@code channel} so far, each header read as {@code headerVersions} says. */
    static List<Response> responses(EmbeddedChannel channel, short... headerVersions) {
        ByteBuf all = Unpooled.buffer();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) msg);
            ReferenceCountUtil.release(msg);
        }
        List<Response> out = new ArrayList<>();
        for (short headerVersion : headerVersions) {
            if (all.readableBytes() < 4) {
                break;
            }
            ByteBuf frame = all.readSlice(all.readInt());
            int correlationId = ResponseHeaderCodec.read(frame, headerVersion);
            out.add(new Response(correlationId, frame.toString(StandardCharsets.UTF_8)));
        }
        if (all.isReadable()) {
            throw new AssertionError(all.readableBytes() + " bytes left after " + out.size() + " responses");
        }
        all.release();
        return out;
    }

    static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
