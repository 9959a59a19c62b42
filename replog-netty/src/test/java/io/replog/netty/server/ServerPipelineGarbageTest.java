package io.replog.netty.server;

import ch.qos.logback.classic.Level;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.testsupport.LogCapture;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes a peer sends, in whatever pieces, the pipeline either answers or closes the
 * connection with a logged reason: nothing escapes to Netty, nothing leaks, no ERROR is logged
 * (garbage is the peer's fault, not a bug). Seeded, so a failure names the seed that reproduces it.
 */
class ServerPipelineGarbageTest {
    private static final short[] KEYS = {0, 1, 3, 18, 60, 99, -1};

    @TestFactory
    Stream<DynamicTest> garbageNeverEscapesNorLeaks() {
        return IntStream.range(0, 300).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed)));
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        RequestProcessor echo = request -> CompletableFuture.completedFuture(ResponseBody.of(Unpooled.copiedBuffer(request.body())));
        EmbeddedChannel channel = new EmbeddedChannel(new ServerPipeline(echo, ApiVersionsTable.KAFKA,
                ConnectionLimits.DEFAULTS.withMaxRequestBytes(4096).withMaxInFlight(2), false, null));
        List<ByteBuf> sent = new ArrayList<>();
        try (LogCapture log = new LogCapture(ConnectionErrorHandler.class.getName(), Level.DEBUG)) {
            ByteBuf stream = stream(random);
            while (stream.isReadable() && channel.isOpen()) {
                ByteBuf piece = stream.readRetainedSlice(Math.min(stream.readableBytes(), 1 + random.nextInt(64)));
                sent.add(piece);
                channel.writeInbound(piece); // throws if an exception reached the end of the pipeline
            }
            stream.release();
            channel.checkException();
            for (Object out; (out = channel.readOutbound()) != null; ) {
                assertThat(out).isInstanceOf(ByteBuf.class);
                ((ByteBuf) out).release();
            }
            boolean closedByServer = !channel.isOpen();
            channel.finishAndReleaseAll();
            assertThat(log.lines(Level.ERROR)).as("seed %d", seed).isEmpty();
            if (closedByServer) {
                assertThat(log.warnings()).as("seed %d: one line says why the connection closed", seed).hasSize(1);
            } else {
                assertThat(log.warnings()).as("seed %d", seed).isEmpty();
            }
        }
        assertThat(sent).as("seed %d: every byte received is released", seed).allMatch(b -> b.refCnt() == 0);
    }

    /** Valid-looking frames with random headers and sizes, now and then raw noise or a lying prefix. */
    private static ByteBuf stream(Random random) {
        ByteBuf out = Unpooled.buffer();
        int frames = 1 + random.nextInt(6);
        for (int i = 0; i < frames; i++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    byte[] noise = new byte[random.nextInt(40)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
                case 1 -> out.writeInt(random.nextInt()).writeBytes(new byte[random.nextInt(20)]);
                default -> {
                    ByteBuf payload = Unpooled.buffer();
                    payload.writeShort(KEYS[random.nextInt(KEYS.length)]);
                    payload.writeShort(random.nextInt(20) - 2);
                    payload.writeInt(random.nextInt());
                    payload.writeShort(random.nextInt(12) - 2);
                    byte[] rest = new byte[random.nextInt(30)];
                    random.nextBytes(rest);
                    payload.writeBytes(rest);
                    out.writeInt(payload.readableBytes()).writeBytes(payload);
                    payload.release();
                }
            }
        }
        return out;
    }
}
