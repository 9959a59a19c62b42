package io.replog.netty.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.FrameEncoder;
import io.replog.netty.wire.RequestHeaderCodec;
import io.replog.netty.wire.RequestHeaderDecoder;

import java.util.Objects;

/**
 * The pipeline of every server connection, TCP or in-VM, read top to bottom as a request travels
 * (responses travel back up through the same handlers):
 * <ol>
 *   <li>{@code idle-closer} (unless the idle limit is zero): a connection silent for the idle
 *       limit is closed;</li>
 *   <li>{@code file-region-copier} (in-VM channels only): file regions of responses become buffers;</li>
 *   <li>{@code frame-decoder}: bytes to size-prefixed frames, refusing sizes outside
 *       [smallest request header, {@link ConnectionLimits#maxRequestBytes()}];</li>
 *   <li>{@code frame-encoder}: responses get their size prefix;</li>
 *   <li>{@code request-header-decoder}: frames to {@code RequestFrame}s, refusing unknown API keys;</li>
 *   <li>{@code dispatcher}: requests to the {@link RequestProcessor}, answers to the connection's
 *       response sequencer, which writes them in request order with their response headers and
 *       stops reading the connection while {@link ConnectionLimits#maxInFlight()} requests are unanswered;</li>
 *   <li>{@code connection-errors}: any exception is logged and closes the connection.</li>
 * </ol>
 */
public final class ServerPipeline extends ChannelInitializer<Channel> {
    private static final FrameEncoder FRAME_ENCODER = new FrameEncoder();

    private final RequestProcessor processor;
    private final RequestHeaderDecoder headerDecoder;
    private final ConnectionLimits limits;
    private final boolean copyFileRegions;
    private final ChannelGroup connections;

    /**
     * Pipelines handing requests to {@code processor}. {@code copyFileRegions} for channels that
     * cannot send files (in-VM); every connection joins {@code connections}, if given, so that its
     * owner can close them all.
     */
    public ServerPipeline(RequestProcessor processor, ApiVersionsTable apis, ConnectionLimits limits,
                          boolean copyFileRegions, ChannelGroup connections) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.headerDecoder = new RequestHeaderDecoder(apis);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.copyFileRegions = copyFileRegions;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (connections != null) {
            connections.add(ch);
        }
        ChannelPipeline pipeline = ch.pipeline();
        if (!limits.maxIdle().isZero()) {
            pipeline.addLast("idle-closer", new IdleConnectionCloser(limits.maxIdle()));
        }
        if (copyFileRegions) {
            pipeline.addLast("file-region-copier", FileRegionCopier.INSTANCE);
        }
        pipeline.addLast("frame-decoder", new FrameDecoder(RequestHeaderCodec.MIN_BYTES, limits.maxRequestBytes()));
        pipeline.addLast("frame-encoder", FRAME_ENCODER);
        pipeline.addLast("request-header-decoder", headerDecoder);
        pipeline.addLast("dispatcher",
                new RequestDispatcher(processor, new ResponseSequencer(new ReadThrottle(limits.maxInFlight()))));
        pipeline.addLast("connection-errors", ConnectionErrorHandler.INSTANCE);
    }
}
