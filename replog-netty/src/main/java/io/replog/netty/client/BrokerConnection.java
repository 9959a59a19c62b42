package io.replog.netty.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import io.replog.errors.NetworkException;
import io.replog.errors.TimeoutException;
import io.replog.netty.server.EventLoops;
import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.FrameEncoder;
import io.replog.netty.wire.KnownApi;
import io.replog.netty.wire.MalformedHeaderException;
import io.replog.netty.wire.OutboundFrame;
import io.replog.netty.wire.RequestHeader;
import io.replog.netty.wire.RequestHeaderCodec;
import io.replog.netty.wire.ResponseHeaderCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * The client end of one connection to one broker address, speaking Kafka's framing and headers;
 * request and response bodies stay opaque. Made by a {@link ConnectionPool}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #send} never blocks and takes ownership of the body: it is released once written,
 *       or when the request fails before being written. The future completes exactly once, on
 *       the connection's event loop (so its callbacks must not block): with the response body (header already read, the caller
 *       releases it), with an empty buffer for a request that expects no response (acks=0) once
 *       it is written, or exceptionally.</li>
 *   <li>Requests are written in the order of the {@code send} calls, at most
 *       {@link ClientConfig#maxInFlight()} at a time awaiting responses; the others wait in line.
 *       Each gets the next correlation id, and the request header v1 or v2 its API version calls
 *       for; its response is read with header v0 or v1 (always v0 for ApiVersions).</li>
 *   <li>Responses must come in request order: one whose correlation id is not the oldest
 *       unanswered request's, or one that arrives with none unanswered, closes the connection
 *       with a WARN naming both ids.</li>
 *   <li>Every request completes within {@link ClientConfig#requestTimeout()} of {@code send}, with
 *       an {@link io.replog.errors.TimeoutException} if nothing else: one still waiting in line
 *       just leaves it; one already written closes the connection (as Kafka does), since its late
 *       response would otherwise arrive ahead of later ones.</li>
 *   <li>When the connection closes, cannot be made, or is not made within
 *       {@link ClientConfig#connectionSetupTimeout()}, every request written or waiting fails with
 *       a {@link NetworkException} naming the address. The connection is only made again by a
 *       later {@code send}, and no sooner than the reconnect backoff after the failure: 50 ms
 *       doubling per failure in a row up to 1 s by default, with jitter. A response received
 *       resets the count.</li>
 *   <li>{@link #close()} fails whatever is pending with a {@link NetworkException}, closes the
 *       channel and refuses later sends. It is idempotent and, off Netty's threads, waits until
 *       the channel is closed. Close it before shutting down the event loop group it runs on:
 *       requests pending on a group that is gone never complete.</li>
 * </ul>
 *
 * <p>All state lives on one event loop, so that channel events, timers and sends never race and
 * need no locks: {@code send} and {@code close} only hand work to it.
 */
public final class BrokerConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final long CLOSE_WAIT_MS = 10_000;
    private static final FrameEncoder FRAME_ENCODER = new FrameEncoder();

    private enum State { DISCONNECTED, CONNECTING, CONNECTED, CLOSED }

    private final BrokerAddress address;
    private final EventLoop loop;
    private final ClientConfig config;
    private final ReconnectBackoff backoff;
    private final Bootstrap bootstrap;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Promise<Void> closedFuture;

    // Event loop state.
    private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
    private final ArrayDeque<PendingRequest> awaitingResponse = new ArrayDeque<>();
    private final List<PendingRequest> writingNoResponse = new ArrayList<>();
    private State state = State.DISCONNECTED;
    private Channel channel;
    private ScheduledFuture<?> setupTimer;
    private ScheduledFuture<?> reconnectTimer;
    private long nextAttemptNanos = System.nanoTime();
    private int failuresInARow;
    private int nextCorrelationId;

    // Read from any thread, for monitoring and tests.
    private volatile int connectAttempts;
    private volatile long lastBackoffMs;
    private volatile int inFlight;
    private volatile int queued;

    BrokerConnection(BrokerAddress address, EventLoop loop, ClientConfig config, DoubleSupplier jitter,
                     AddressResolverGroup<InetSocketAddress> resolver) {
        this.address = Objects.requireNonNull(address, "address");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.config = Objects.requireNonNull(config, "config");
        this.closedFuture = loop.newPromise();
        this.backoff = new ReconnectBackoff(config.reconnectBackoff(), config.reconnectBackoffMax(), jitter);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(EventLoops.clientChannel(address.listener(), loop.parent()))
                .resolver(resolver)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("frame-decoder",
                                new FrameDecoder(ResponseHeaderCodec.size((short) 0), config.maxResponseBytes()));
                        ch.pipeline().addLast("frame-encoder", FRAME_ENCODER);
                        ch.pipeline().addLast("responses", new ResponseHandler());
                    }
                });
        if (!address.isLocal()) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            config.connectionSetupTimeout().toMillis()));
        }
    }

    /** The broker's address, as every message about this connection names it. */
    public BrokerAddress address() {
        return address;
    }

    /**
     * Sends a request of API {@code apiKey} at {@code apiVersion} with the encoded {@code body},
     * which this takes ownership of. With {@code expectResponse} false (acks=0) the future completes
     * with an empty buffer once the request is written. An API key not in
     * {@link ClientConfig#apis()} fails with an {@link IllegalArgumentException}, since its header
     * version is unknown.
     */
    public CompletableFuture<ByteBuf> send(short apiKey, short apiVersion, ByteBuf body, boolean expectResponse) {
        Objects.requireNonNull(body, "body");
        CompletableFuture<ByteBuf> future = new CompletableFuture<>();
        KnownApi api = config.apis().find(apiKey).orElse(null);
        if (api == null || apiVersion < 0) {
            body.release();
            future.completeExceptionally(new IllegalArgumentException("cannot send API key " + apiKey + " v"
                    + apiVersion + " to " + address + ": not a known API and version; known: " + config.apis()));
            return future;
        }
        if (closed.get()) {
            body.release();
            future.completeExceptionally(closedException());
            return future;
        }
        PendingRequest request = new PendingRequest(api, apiVersion, body, expectResponse, future);
        try {
            loop.execute(() -> enqueue(request));
        } catch (RejectedExecutionException e) {
            body.release();
            future.completeExceptionally(new NetworkException("cannot send to " + address
                    + ": its event loop is shut down", e));
        }
        return future;
    }

    /** Connection attempts made so far. */
    public int connectAttempts() {
        return connectAttempts;
    }

    /** The backoff chosen at the last failure, in ms: how long after it the next attempt waited or waits. */
    public long lastBackoffMs() {
        return lastBackoffMs;
    }

    /** Requests written and not yet answered (or, for acks=0, not yet fully written). */
    public int inFlightCount() {
        return inFlight;
    }

    /** Requests waiting for a connection or for room among those in flight. */
    public int queuedCount() {
        return queued;
    }

    /**
     * Closes the connection and, unless called on a Netty thread (where waiting could stall an
     * event loop or deadlock on its own), waits up to 10 s for the channel to close.
     */
    @Override
    public void close() {
        Future<Void> done = closeAsync();
        if (ThreadExecutorMap.currentExecutor() == null && !done.awaitUninterruptibly(CLOSE_WAIT_MS)) {
            log.warn("Connection to {} did not close within {} ms", address, CLOSE_WAIT_MS);
        }
    }

    /** Starts closing, as {@link #close()} does, without waiting; the future completes once the channel is closed. */
    Future<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            return closedFuture;
        }
        try {
            loop.execute(() -> closeOnLoop(closedFuture));
        } catch (RejectedExecutionException e) {
            // The loop is gone, and with it the channel: nothing is left to close.
            closedFuture.trySuccess(null);
        }
        return closedFuture;
    }

    @Override
    public String toString() {
        return "BrokerConnection(" + address + ")";
    }

    private void enqueue(PendingRequest request) {
        if (state == State.CLOSED) {
            fail(request, closedException());
            return;
        }
        request.timer = loop.schedule(() -> onTimeout(request), config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        waiting.addLast(request);
        drive();
    }

    /** Moves things along after any change: writes what may be written, or connects when requests wait. */
    private void drive() {
        if (state == State.CONNECTED) {
            writeWaiting();
        } else if (state == State.DISCONNECTED && !waiting.isEmpty()) {
            connectWhenBackedOff();
        }
        updateGauges();
    }

    // Called before completing futures too, so that whoever a future wakes reads current counts.
    private void updateGauges() {
        inFlight = awaitingResponse.size() + writingNoResponse.size();
        queued = waiting.size();
    }

    private void writeWaiting() {
        boolean wrote = false;
        // A write failing on the spot abandons the channel: hence the state check each time round.
        while (state == State.CONNECTED && !waiting.isEmpty()
                && awaitingResponse.size() + writingNoResponse.size() < config.maxInFlight()) {
            write(waiting.pollFirst());
            wrote = true;
        }
        if (wrote && channel != null) {
            channel.flush();
        }
    }

    private void write(PendingRequest request) {
        Channel ch = channel;
        request.correlationId = nextCorrelationId;
        // Kafka's clients wrap to 0 too: ids only need to differ among the few in flight.
        nextCorrelationId = nextCorrelationId == Integer.MAX_VALUE ? 0 : nextCorrelationId + 1;
        ByteBuf header = ch.alloc().buffer(RequestHeaderCodec.MIN_BYTES + 16);
        RequestHeaderCodec.write(new RequestHeader(request.api.requestHeaderVersion(request.apiVersion),
                request.api.key(), request.apiVersion, request.correlationId, config.clientId()), header);
        OutboundFrame frame = OutboundFrame.of(List.of(header, request.takeBody()));
        if (request.expectResponse) {
            awaitingResponse.addLast(request);
        } else {
            writingNoResponse.add(request);
        }
        ch.write(frame).addListener(f -> onWritten(ch, request, f));
    }

    private void onWritten(Channel ch, PendingRequest request, Future<?> write) {
        if (!request.expectResponse) {
            writingNoResponse.remove(request);
            updateGauges();
            if (write.isSuccess()) {
                succeed(request, Unpooled.EMPTY_BUFFER);
            } else {
                fail(request, new NetworkException("could not write " + request + " to " + address, write.cause()));
            }
        }
        if (!write.isSuccess() && ch == channel) {
            abandon(ch, "could not write " + request + " to " + address, write.cause());
        }
        drive();
    }

    private void connectWhenBackedOff() {
        long wait = nextAttemptNanos - System.nanoTime();
        if (wait <= 0) {
            connect();
        } else if (reconnectTimer == null) {
            reconnectTimer = loop.schedule(() -> {
                reconnectTimer = null;
                drive();
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void connect() {
        state = State.CONNECTING;
        connectAttempts++;
        ChannelFuture connecting;
        try {
            connecting = bootstrap.connect(address.listener().address());
        } catch (RuntimeException e) {
            // Netty reports almost everything through the future; whatever it throws must not leave
            // the requests waiting for a connection that is not being made.
            log.warn("Could not connect to {}: {}", address, e.toString());
            disconnected("could not connect to " + address, e);
            return;
        }
        Channel ch = connecting.channel();
        channel = ch;
        // Netty's CONNECT_TIMEOUT_MILLIS does not cover name lookup nor in-VM channels: this does.
        long setupMs = config.connectionSetupTimeout().toMillis();
        setupTimer = loop.schedule(() -> {
            if (channel == ch && state == State.CONNECTING) {
                abandon(ch, "could not connect to " + address + " within " + setupMs
                        + " ms (socket.connection.setup.timeout.ms)", new ConnectTimeoutException());
            }
        }, setupMs, TimeUnit.MILLISECONDS);
        connecting.addListener(f -> onConnected(ch, f));
    }

    private void onConnected(Channel ch, Future<?> connecting) {
        if (ch != channel) {
            return;
        }
        if (connecting.isSuccess()) {
            setupTimer.cancel(false);
            state = State.CONNECTED;
            log.debug("Connected to {} ({})", address, ch);
            // Only now: Netty closes a channel whose connect failed before telling onConnected why.
            ch.closeFuture().addListener(f -> onClosed(ch));
            drive();
        } else {
            log.warn("Could not connect to {}: {}", address, connecting.cause().toString());
            abandon(ch, "could not connect to " + address, connecting.cause());
        }
    }

    private void onClosed(Channel ch) {
        if (ch == channel) {
            log.info("Connection to {} closed by the broker or the network", address);
            disconnected("connection to " + address + " closed before the response arrived", null);
        }
    }

    private void onResponse(Channel ch, ByteBuf frame) {
        boolean handedOver = false;
        try {
            if (ch != channel) {
                return;
            }
            PendingRequest oldest = awaitingResponse.peekFirst();
            if (oldest == null) {
                protocolViolation(ch, "a response arrived while no request awaits one");
                return;
            }
            int correlationId;
            try {
                correlationId = ResponseHeaderCodec.read(frame, oldest.api.responseHeaderVersion(oldest.apiVersion));
            } catch (MalformedHeaderException e) {
                protocolViolation(ch, e.getMessage());
                return;
            }
            if (correlationId != oldest.correlationId) {
                protocolViolation(ch, "response with correlation id " + correlationId + " while the oldest "
                        + "unanswered request is " + oldest);
                return;
            }
            awaitingResponse.pollFirst();
            failuresInARow = 0;
            updateGauges();
            handedOver = true;
            succeed(oldest, frame);
            drive();
        } finally {
            if (!handedOver) {
                frame.release();
            }
        }
    }

    private void onTimeout(PendingRequest request) {
        if (request.future.isDone()) {
            return;
        }
        String reason = request + " to " + address + " got no response within "
                + config.requestTimeout().toMillis() + " ms (request.timeout.ms)";
        if (waiting.remove(request)) {
            updateGauges();
            fail(request, new TimeoutException(reason + "; it was never sent"));
            drive();
            return;
        }
        fail(request, new TimeoutException(reason));
        Channel ch = channel;
        if (ch != null) {
            log.warn("Closing connection to {}: {}", address, reason);
            abandon(ch, "connection to " + address + " closed after " + reason, null);
        }
    }

    private void protocolViolation(Channel ch, String reason) {
        log.warn("Closing connection to {}: {}", address, reason);
        abandon(ch, "connection to " + address + " closed: " + reason, null);
    }

    /** Gives up on {@code ch} (the current channel): fails everything pending, then closes it. */
    private void abandon(Channel ch, String message, Throwable cause) {
        disconnected(message, cause);
        ch.close();
    }

    private void disconnected(String message, Throwable cause) {
        if (setupTimer != null) {
            setupTimer.cancel(false);
            setupTimer = null;
        }
        channel = null;
        if (state != State.CLOSED) {
            state = State.DISCONNECTED;
            failuresInARow++;
            long backoffMs = backoff.delayMs(failuresInARow);
            lastBackoffMs = backoffMs;
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        }
        failAll(message, cause);
    }

    private void closeOnLoop(Promise<Void> done) {
        state = State.CLOSED;
        if (reconnectTimer != null) {
            reconnectTimer.cancel(false);
            reconnectTimer = null;
        }
        Channel ch = channel;
        disconnected("connection to " + address + " closed by the client", null);
        if (ch == null) {
            done.trySuccess(null);
        } else {
            ch.close().addListener(f -> done.trySuccess(null));
        }
    }

    private void failAll(String message, Throwable cause) {
        // Copied first: completing a future runs its callbacks right here.
        List<PendingRequest> failed = new ArrayList<>(awaitingResponse);
        failed.addAll(writingNoResponse);
        failed.addAll(waiting);
        awaitingResponse.clear();
        writingNoResponse.clear();
        waiting.clear();
        inFlight = 0;
        queued = 0;
        for (PendingRequest request : failed) {
            fail(request, new NetworkException(message, cause));
        }
    }

    private NetworkException closedException() {
        return new NetworkException("connection to " + address + " closed by the client");
    }

    private static void succeed(PendingRequest request, ByteBuf response) {
        request.cancelTimer();
        if (!request.future.complete(response)) {
            // Completed already (cancelled by the caller): nobody else will release it.
            response.release();
        }
    }

    private static void fail(PendingRequest request, Throwable error) {
        request.cancelTimer();
        request.releaseBody();
        request.future.completeExceptionally(error);
    }

    /** Reads response frames of the channel it belongs to; any error closes that channel. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf frame) {
                onResponse(ctx.channel(), frame);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Channel ch = ctx.channel();
            if (ch == channel) {
                log.warn("Closing connection to {}: {}", address, cause.toString());
                abandon(ch, "connection to " + address + " closed: " + cause, cause);
            } else {
                ch.close();
            }
        }
    }

    /** One request from {@code send} until its future completes. */
    private static final class PendingRequest {
        final KnownApi api;
        final short apiVersion;
        final boolean expectResponse;
        final CompletableFuture<ByteBuf> future;
        private ByteBuf body;
        int correlationId = -1;
        ScheduledFuture<?> timer;

        PendingRequest(KnownApi api, short apiVersion, ByteBuf body, boolean expectResponse,
                       CompletableFuture<ByteBuf> future) {
            this.api = api;
            this.apiVersion = apiVersion;
            this.body = body;
            this.expectResponse = expectResponse;
            this.future = future;
        }

        /** The body, now owned by the frame being written. */
        ByteBuf takeBody() {
            ByteBuf taken = body;
            body = null;
            return taken;
        }

        void releaseBody() {
            if (body != null) {
                body.release();
                body = null;
            }
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
            }
        }

        @Override
        public String toString() {
            return api + " v" + apiVersion + " request" + (correlationId < 0 ? "" : " with correlation id " + correlationId);
        }
    }
}
