package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.RequestHeader;
import io.replog.netty.wire.RequestHeaderCodec;
import io.replog.netty.wire.ResponseHeaderCodec;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: bytes written by Kafka's and replog's message classes, and frames on a channel. */
final class KafkaBytes {
    private KafkaBytes() {
    }

    /** Kafka's encoding of {@code message} at {@code version}. */
    static byte[] kafka(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buf = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buf), cache, version);
        return buf.array();
    }

    /** replog's encoding of {@code body} at {@code version}, as a heap buffer the caller releases. */
    static ByteBuf replog(MessageBody body, short version) {
        ByteBuf buf = Unpooled.buffer(body.size(version));
        body.write(buf, version);
        return buf;
    }

    /** replog's encoding of {@code body}, read back by Kafka's class through {@code reader}. */
    static <T> T readByKafka(MessageBody body, short version, KafkaReader<T> reader) {
        ByteBuf buf = replog(body, version);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return reader.read(new ByteBufferAccessor(ByteBuffer.wrap(bytes)), version);
        } finally {
            buf.release();
        }
    }

    /** A Kafka {@code *Data} constructor. */
    @FunctionalInterface
    interface KafkaReader<T> {
        T read(ByteBufferAccessor accessor, short version);
    }

    /** A size-prefixed request frame: replog's header for {@code apiKey} v{@code version}, then {@code body}. */
    static ByteBuf frame(short apiKey, short version, int correlationId, byte[] body) {
        short headerVersion = ApiVersionsTable.KAFKA.find(apiKey).map(a -> a.requestHeaderVersion(version))
                .orElse((short) 2);
        ByteBuf payload = Unpooled.buffer();
        RequestHeaderCodec.write(new RequestHeader(headerVersion, apiKey, version, correlationId, "test-client"),
                payload);
        payload.writeBytes(body);
        ByteBuf frame = Unpooled.buffer().writeInt(payload.readableBytes()).writeBytes(payload);
        payload.release();
        return frame;
    }

    /** One response: its correlation id and body bytes. */
    record Frame(int correlationId, byte[] body) {
        ByteBufferAccessor accessor() {
            return new ByteBufferAccessor(ByteBuffer.wrap(body));
        }
    }

    /** Every response written to {@code channel}, the i-th header read as version {@code headerVersions[i]}. */
    static List<Frame> responses(EmbeddedChannel channel, short... headerVersions) {
        channel.runPendingTasks();
        ByteBuf all = Unpooled.buffer();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) msg);
            ReferenceCountUtil.release(msg);
        }
        List<Frame> out = new ArrayList<>();
        try {
            for (short hv : headerVersions) {
                if (all.readableBytes() < 4) {
                    break;
                }
                ByteBuf frame = all.readSlice(all.readInt());
                int correlationId = ResponseHeaderCodec.read(frame, hv);
                byte[] body = new byte[frame.readableBytes()];
                frame.readBytes(body);
                out.add(new Frame(correlationId, body));
            }
            if (all.isReadable()) {
                throw new AssertionError(all.readableBytes() + " bytes left after " + out.size() + " responses");
            }
        } finally {
            all.release();
        }
        return out;
    }
}
