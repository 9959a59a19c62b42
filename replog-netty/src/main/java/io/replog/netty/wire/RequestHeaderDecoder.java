package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.util.List;
import java.util.Objects;

/**
 * Turns each frame from the {@link FrameDecoder} into a {@link RequestFrame}: the header parsed
 * with {@link RequestHeaderCodec}, the body a retained slice of the frame (never a copy). A frame
 * whose header cannot be parsed, including one with an unknown API key, fails with a
 * {@link MalformedHeaderException} for the pipeline to close the connection; the frame is released
 * either way. An unsupported version of a known API is not refused here: its header is parsed by
 * Kafka's rule and the processor answers UNSUPPORTED_VERSION. Stateless, hence sharable.
 */
@ChannelHandler.Sharable
public final class RequestHeaderDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final ApiVersionsTable table;

    /** A decoder that knows the APIs in {@code table}. */
    public RequestHeaderDecoder(ApiVersionsTable table) {
        super(ByteBuf.class);
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        RequestHeader header = RequestHeaderCodec.read(frame, table);
        // read() succeeded, so the key is known.
        KnownApi api = table.find(header.apiKey()).orElseThrow();
        short responseHeaderVersion = api.responseHeaderVersion(header.apiVersion());
        // MessageToMessageDecoder releases the frame after decode: the body keeps its own reference.
        out.add(new RequestFrame(header, responseHeaderVersion, frame.retainedSlice()));
    }
}
