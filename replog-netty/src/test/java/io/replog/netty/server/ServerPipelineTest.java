package io.replog.netty.server;

import ch.qos.logback.classic.Level;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.replog.netty.server.Frames.Response;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.RequestFrame;
import io.netty.handler.codec.CorruptedFrameException;
import io.replog.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.replog.netty.server.Frames.API_VERSIONS;
import static io.replog.netty.server.Frames.METADATA;
import static io.replog.netty.server.Frames.PRODUCE;
import static io.replog.netty.server.Frames.request;
import static io.replog.netty.server.Frames.responses;
import static io.replog.netty.server.Frames.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole server pipeline on an {@code EmbeddedChannel}: requests in as bytes, responses out as bytes. */
class ServerPipelineTest {
    private final PendingProcessor processor = new PendingProcessor();
    private final LogCapture log = new LogCapture(ConnectionErrorHandler.class.getName(), Level.DEBUG);
    private EmbeddedChannel channel = pipeline(3, false);

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        log.close();
    }

    @Test
    void responsesGoOutInRequestOrderWhateverOrderTheyCompleteIn() {
        channel.writeInbound(request(METADATA, (short) 9, 1, "one"));
        channel.writeInbound(request(API_VERSIONS, (short) 3, 2, "two"));
        channel.writeInbound(request(PRODUCE, (short) 8, 3, "three"));

        processor.complete(3, "answer 3");
        processor.complete(2, "answer 2");
        assertThat(responses(channel)).as("the first request holds back the others").isEmpty();

        processor.complete(1, "answer 1");

        // Metadata v9 is flexible: header v1; ApiVersions is always v0; Produce v8 is not flexible: v0.
        assertThat(responses(channel, (short) 1, (short) 0, (short) 0)).containsExactly(
                new Response(1, "answer 1"), new Response(2, "answer 2"), new Response(3, "answer 3"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void responsesReadyDuringTheReadAreFlushedAtItsEnd() {
        processor.answerAtOnce = true;
        ByteBuf both = Unpooled.wrappedBuffer(request(PRODUCE, (short) 8, 1, "a"), request(PRODUCE, (short) 8, 2, "b"));

        channel.writeInbound(both);

        assertThat(responses(channel, (short) 0, (short) 0)).containsExactly(
                new Response(1, "echo a"), new Response(2, "echo b"));
    }

    @Test
    void noResponseWritesNothingAndHoldsNothingBack() {
        channel.writeInbound(request(PRODUCE, (short) 8, 1, "acks=1"));
        channel.writeInbound(request(PRODUCE, (short) 8, 2, "acks=0"));
        channel.writeInbound(request(PRODUCE, (short) 8, 3, "acks=1"));

        processor.pending.get(2).complete(ResponseBody.none());
        processor.complete(1, "answer 1");
        processor.complete(3, "answer 3");

        assertThat(responses(channel, (short) 0, (short) 0)).containsExactly(
                new Response(1, "answer 1"), new Response(3, "answer 3"));
    }

    @Test
    void readingStopsAtTheInFlightLimitAndResumesBelowIt() {
        channel.writeInbound(request(PRODUCE, (short) 8, 1, "1"));
        channel.writeInbound(request(PRODUCE, (short) 8, 2, "2"));
        assertThat(channel.config().isAutoRead()).as("2 of 3 in flight").isTrue();

        channel.writeInbound(request(PRODUCE, (short) 8, 3, "3"));
        assertThat(channel.config().isAutoRead()).as("3 of 3 in flight").isFalse();

        processor.complete(2, "out of order");
        assertThat(channel.config().isAutoRead()).as("request 2 is answered but not written: still 3").isFalse();

        processor.complete(1, "first");
        assertThat(channel.config().isAutoRead()).as("1 and 2 written, 1 left").isTrue();
        assertThat(responses(channel, (short) 0, (short) 0)).extracting(Response::correlationId).containsExactly(1, 2);
    }

    @Test
    void theRequestFrameIsReleasedWhenProcessReturns() {
        channel.writeInbound(request(PRODUCE, (short) 8, 1, "body"));

        assertThat(processor.seen.get(0).refCnt()).isZero();
        assertThat(processor.bodies).containsExactly("body");
    }

    @Test
    void anUnsupportedVersionOfAKnownApiReachesTheProcessor() {
        channel.writeInbound(request(METADATA, (short) 300, 1, "from the future"));

        assertThat(processor.seen).singleElement().satisfies(frame -> {
            assertThat(frame.header().headerVersion()).isEqualTo((short) 2);
            assertThat(frame.header().apiVersion()).isEqualTo((short) 300);
        });
        assertThat(processor.bodies).containsExactly("from the future");
    }

    @Test
    void anUnknownApiKeyClosesTheConnectionWithALoggedReason() {
        channel.writeInbound(request((short) 99, (short) 0, 1, "?"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(processor.seen).isEmpty();
        assertThat(log.warnings()).singleElement().asString()
                .contains("unknown API key 99").contains("embedded");
    }

    @Test
    void anOversizedFrameClosesTheConnectionNamingLengthLimitAndPeer() {
        channel.writeInbound(Unpooled.buffer().writeInt(FrameDecoder.DEFAULT_MAX_FRAME_BYTES + 1));

        assertThat(channel.isOpen()).isFalse();
        assertThat(log.warnings()).singleElement().asString()
                .contains("frame length 104857601").contains("104857600").contains("embedded");
    }

    @Test
    void aProcessorThatThrowsClosesTheConnectionAndIsLogged() {
        processor.throwOn = 1;

        channel.writeInbound(request(METADATA, (short) 9, 1, "boom"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(log.lines(Level.ERROR)).singleElement().asString()
                .contains("after an unexpected error").contains("embedded")
                .contains("correlationId 1").contains("the processor threw");
    }

    @Test
    void aFailedResponseFutureClosesTheConnectionAndIsLogged() {
        channel.writeInbound(request(METADATA, (short) 9, 1, "x"));
        channel.writeInbound(request(METADATA, (short) 9, 2, "y"));
        processor.complete(2, "held");

        processor.pending.get(1).completeExceptionally(new IllegalStateException("broker loop died"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(log.lines(Level.ERROR)).singleElement().asString().contains("the response future failed");
        assertThat(responses(channel)).as("nothing after a lost response").isEmpty();
        assertThat(processor.answers.get(2).refCnt()).as("the held response is released").isZero();
    }

    @Test
    void aRequestTheProcessorRefusesAsThePeersFaultClosesWithAWarningNotAnError() {
        // Found by the wire fuzzer: a malformed body closed the connection with an ERROR and a stack trace.
        channel.writeInbound(request(METADATA, (short) 9, 1, "x"));
        processor.pending.get(1).completeExceptionally(new CorruptedFrameException("malformed Metadata v9 body"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(log.lines(Level.ERROR)).isEmpty();
        assertThat(log.warnings()).singleElement().asString()
                .contains("correlationId 1").contains("malformed Metadata v9 body");
    }

    @Test
    void aPeersFaultWrappedByAFutureStageIsAWarningToo() {
        channel.writeInbound(request(METADATA, (short) 9, 1, "x"));
        processor.pending.get(1).completeExceptionally(
                new java.util.concurrent.CompletionException(new CorruptedFrameException("refused")));

        assertThat(channel.isOpen()).isFalse();
        assertThat(log.lines(Level.ERROR)).isEmpty();
        assertThat(log.warnings()).singleElement().asString().contains("refused");
    }

    @Test
    void aResponseCompletedAfterTheConnectionClosedIsReleased() {
        channel.writeInbound(request(METADATA, (short) 9, 1, "x"));
        channel.close();

        processor.complete(1, "too late");

        assertThat(processor.answers.get(1).refCnt()).isZero();
        assertThat(responses(channel)).isEmpty();
    }

    @Test
    void aConnectionSilentForTheIdleLimitIsClosedEvenHalfwayThroughAFrame() {
        channel.finishAndReleaseAll();
        channel = pipeline(ConnectionLimits.DEFAULTS.withMaxIdle(Duration.ofSeconds(30)), false);
        try (LogCapture idle = new LogCapture(IdleConnectionCloser.class)) {
            channel.writeInbound(Unpooled.buffer().writeInt(100).writeBytes(new byte[10]));

            channel.advanceTimeBy(29, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            assertThat(channel.isOpen()).as("29 s of silence").isTrue();

            channel.advanceTimeBy(2, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            assertThat(channel.isOpen()).as("31 s of silence").isFalse();
            assertThat(idle.infos()).singleElement().asString().contains("idle for PT30S");
        }
    }

    @Test
    void aZeroIdleLimitNeverCloses() {
        channel.finishAndReleaseAll();
        channel = pipeline(ConnectionLimits.DEFAULTS.withMaxIdle(Duration.ZERO), false);

        channel.advanceTimeBy(365, TimeUnit.DAYS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.pipeline().get(IdleConnectionCloser.class)).isNull();
    }

    @Test
    void fileRegionsAreCopiedIntoBuffersOnChannelsThatCannotSendFiles(@TempDir Path dir) throws IOException {
        channel.finishAndReleaseAll();
        channel = pipeline(3, true);
        Path segment = Files.write(dir.resolve("segment"), "records-from-disk".getBytes(StandardCharsets.US_ASCII));
        channel.writeInbound(request(METADATA, (short) 8, 1, "fetch"));

        processor.pending.get(1).complete(ResponseBody.of(List.of(text("head+"),
                new DefaultFileRegion(segment.toFile(), 0, Files.size(segment)))));

        assertThat(responses(channel, (short) 0)).containsExactly(new Response(1, "head+records-from-disk"));
    }

    private EmbeddedChannel pipeline(int maxInFlight, boolean copyFileRegions) {
        return pipeline(ConnectionLimits.DEFAULTS.withMaxInFlight(maxInFlight), copyFileRegions);
    }

    private EmbeddedChannel pipeline(ConnectionLimits limits, boolean copyFileRegions) {
        return new EmbeddedChannel(new ServerPipeline(processor, ApiVersionsTable.KAFKA, limits, copyFileRegions, null));
    }

    /** Answers when the test says so, by correlation id; remembers what it was given. */
    private static final class PendingProcessor implements RequestProcessor {
        final Map<Integer, CompletableFuture<ResponseBody>> pending = new LinkedHashMap<>();
        final Map<Integer, ByteBuf> answers = new LinkedHashMap<>();
        final List<RequestFrame> seen = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        boolean answerAtOnce;
        int throwOn = -1;

        @Override
        public CompletableFuture<ResponseBody> process(RequestFrame request) {
            int id = request.header().correlationId();
            if (id == throwOn) {
                throw new IllegalStateException("processor bug on request " + id);
            }
            seen.add(request);
            String body = request.body().toString(StandardCharsets.UTF_8);
            bodies.add(body);
            if (answerAtOnce) {
                return CompletableFuture.completedFuture(ResponseBody.of(text("echo " + body)));
            }
            CompletableFuture<ResponseBody> future = new CompletableFuture<>();
            pending.put(id, future);
            return future;
        }

        void complete(int correlationId, String answer) {
            ByteBuf buf = text(answer);
            answers.put(correlationId, buf);
            pending.get(correlationId).complete(ResponseBody.of(buf));
        }
    }
}
