package io.replog.netty.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.EventExecutor;
import io.replog.netty.wire.RequestFrame;
import io.replog.netty.wire.RequestHeader;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each request of one connection to the {@link RequestProcessor} and its answer to the
 * connection's {@link ResponseSequencer}, never waiting for either: the answer is taken back to
 * the connection's event loop whichever thread completes it, so the sequencer is only ever touched
 * from there. Failures of the processor go down the pipeline as a {@link RequestProcessingException}
 * (and close the connection); responses completed during a read are flushed once at its end.
 */
final class RequestDispatcher extends SimpleChannelInboundHandler<RequestFrame> {
    private final RequestProcessor processor;
    private final ResponseSequencer sequencer;
    private boolean reading;

    RequestDispatcher(RequestProcessor processor, ResponseSequencer sequencer) {
        super(RequestFrame.class, true);
        this.processor = Objects.requireNonNull(processor, "processor");
        this.sequencer = Objects.requireNonNull(sequencer, "sequencer");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RequestFrame request) {
        reading = true;
        if (!ctx.channel().isActive()) {
            // Frames decoded in the same read as an error that closed the connection: no one will get an answer.
            return;
        }
        RequestHeader header = request.header();
        ResponseSequencer.Slot slot = sequencer.open(ctx, request);
        CompletableFuture<ResponseBody> answer;
        try {
            answer = processor.process(request);
        } catch (Throwable t) {
            ctx.fireExceptionCaught(new RequestProcessingException(header, "the processor threw", t));
            return;
        }
        if (answer == null) {
            ctx.fireExceptionCaught(new RequestProcessingException(header, "the processor returned no future", null));
            return;
        }
        answer.whenComplete((body, error) -> onEventLoop(ctx, body, () -> finish(ctx, header, slot, body, error)));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        sequencer.flush(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sequencer.close();
        ctx.fireChannelInactive();
    }

    private void finish(ChannelHandlerContext ctx, RequestHeader header, ResponseSequencer.Slot slot,
                        ResponseBody body, Throwable error) {
        if (error != null || body == null) {
            if (body != null) {
                body.release();
            }
            String what = error != null ? "the response future failed" : "the response future completed with null";
            ctx.fireExceptionCaught(new RequestProcessingException(header, what, error));
            return;
        }
        sequencer.complete(ctx, slot, body);
        if (!reading) {
            sequencer.flush(ctx);
        }
    }

    private static void onEventLoop(ChannelHandlerContext ctx, ResponseBody body, Runnable task) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shutDown) {
            // The event loop is gone and the connection with it: nobody will write this body.
            if (body != null) {
                body.release();
            }
        }
    }
}
