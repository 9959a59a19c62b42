package io.replog.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.replog.netty.wire.OutboundFrame;
import io.replog.netty.wire.RequestFrame;
import io.replog.netty.wire.ResponseHeaderCodec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Puts one connection's responses back in request order: Kafka clients match responses to
 * requests by position as well as by correlation id, so a response that is ready early waits for
 * those before it. Each response is written with its request's correlation id in the response
 * header version its request called for.
 *
 * <p>Also the connection's in-flight count (requests opened and not yet written or answered with
 * no response), which drives its {@link ReadThrottle}. Used on the connection's event loop only.
 * After {@link #close} every body held or completed later is released, never written.
 */
final class ResponseSequencer {
    private final Deque<Slot> slots = new ArrayDeque<>();
    private final ReadThrottle throttle;
    private boolean unflushed;
    private boolean closed;

    ResponseSequencer(ReadThrottle throttle) {
        this.throttle = throttle;
    }

    /** A place in line for {@code request}'s response. */
    Slot open(ChannelHandlerContext ctx, RequestFrame request) {
        Slot slot = new Slot(request.header().correlationId(), request.responseHeaderVersion());
        slots.addLast(slot);
        throttle.update(ctx.channel(), slots.size());
        return slot;
    }

    /** Fills {@code slot} and writes, unflushed, every response now at the head of the line. */
    void complete(ChannelHandlerContext ctx, Slot slot, ResponseBody body) {
        if (closed) {
            body.release();
            return;
        }
        slot.body = body;
        while (!slots.isEmpty() && slots.peekFirst().body != null) {
            write(ctx, slots.pollFirst());
        }
        throttle.update(ctx.channel(), slots.size());
    }

    /** Flushes what {@link #complete} wrote, if anything. */
    void flush(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    /** Requests whose responses are not yet written. */
    int inFlight() {
        return slots.size();
    }

    /** The connection is gone: releases held bodies and refuses later ones. */
    void close() {
        closed = true;
        for (Slot slot : slots) {
            if (slot.body != null) {
                slot.body.release();
            }
        }
        slots.clear();
    }

    private void write(ChannelHandlerContext ctx, Slot slot) {
        if (slot.body.isNone()) {
            return;
        }
        ByteBuf header = ctx.alloc().buffer(ResponseHeaderCodec.size(slot.headerVersion));
        ResponseHeaderCodec.write(slot.correlationId, slot.headerVersion, header);
        List<Object> parts = new ArrayList<>(1 + slot.body.parts().size());
        parts.add(header);
        parts.addAll(slot.body.parts());
        ctx.write(OutboundFrame.of(parts)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        unflushed = true;
    }

    /** One request's place in line; its body is set once, on the event loop. */
    static final class Slot {
        private final int correlationId;
        private final short headerVersion;
        private ResponseBody body;

        private Slot(int correlationId, short headerVersion) {
            this.correlationId = correlationId;
            this.headerVersion = headerVersion;
        }
    }
}
