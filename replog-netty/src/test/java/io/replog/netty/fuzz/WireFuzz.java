package io.replog.netty.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.replog.netty.fuzz.FrameFuzzer.Framed;
import io.replog.netty.fuzz.FrameFuzzer.Fuzzed;
import io.replog.netty.fuzz.FrameFuzzer.Kind;
import io.replog.netty.protocol.message.ApiVersionsRequestMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.protocol.message.ProduceResponseMessage;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One fuzz run against a {@link FuzzTarget}: {@code frames} frames from {@code seed} over
 * {@code connections} concurrent connections, with a canary connection checking Metadata and
 * Fetch answers throughout. Frame {@code i} is generated from {@code seed + i} alone, so a failure
 * names the seed and the frame index that reproduce its bytes. Every wait is bounded: a frame
 * neither answered nor followed by a close within {@link #WAIT} fails the run as a hang.
 */
final class WireFuzz {
    static final Duration WAIT = Duration.ofSeconds(15);
    /** ApiVersions v3 sent after each fuzzed frame: its answer proves everything before it was handled. */
    private static final int PROBE_ID = 0x0F0F_F0F0;

    private final FuzzTarget target;
    private final EventLoopGroup clientGroup;
    private final FrameFuzzer fuzzer;
    private final long seed;

    final AtomicLongArray sentByKind = new AtomicLongArray(Kind.values().length);
    final AtomicLong answered = new AtomicLong();
    final AtomicLong closedByServer = new AtomicLong();
    final AtomicLong closedByClient = new AtomicLong();
    final AtomicLong connectionsOpened = new AtomicLong();
    final AtomicLong silentProduces = new AtomicLong();
    final AtomicLong longPolls = new AtomicLong();
    final AtomicLong corruptBatchesRefused = new AtomicLong();
    final AtomicLong canaryRounds = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    WireFuzz(FuzzTarget target, EventLoopGroup clientGroup, int maxRequestBytes, long seed) {
        this.target = target;
        this.clientGroup = clientGroup;
        this.fuzzer = new FrameFuzzer(target.topic(), target.partitions(), maxRequestBytes);
        this.seed = seed;
    }

    /**
     * Fuzzes until {@code frames} have been sent; returns the failures (empty on success). The
     * canary checks {@code acknowledged}: the first records of each partition as produced before.
     */
    List<String> run(long frames, int connections, List<List<byte[]>> acknowledged) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        CountDownLatch fuzzersDone = new CountDownLatch(connections);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(new Thread(() -> {
                try {
                    fuzzConnection(next, frames);
                } catch (Throwable t) {
                    failures.add("seed " + seed + ": fuzzing thread failed: " + t);
                } finally {
                    fuzzersDone.countDown();
                }
            }, "fuzz-sender-" + c));
        }
        Thread canary = new Thread(() -> canary(fuzzersDone, acknowledged), "fuzz-canary");
        canary.start();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(30));
        }
        canary.join(WAIT.toMillis() * 2);
        if (canary.isAlive() || threads.stream().anyMatch(Thread::isAlive)) {
            failures.add("seed " + seed + ": a fuzzing thread did not finish");
        }
        return List.copyOf(failures);
    }

    private void fuzzConnection(AtomicLong next, long frames) throws InterruptedException {
        WireClient client = null;
        try {
            for (long i; failures.isEmpty() && (i = next.getAndIncrement()) < frames; ) {
                Fuzzed fuzzed = fuzzer.next(seed + i);
                sentByKind.incrementAndGet(fuzzed.kind().ordinal());
                if (client == null || !client.isOpen()) {
                    if (client != null) {
                        client.close();
                    }
                    client = new WireClient(clientGroup, target.bootstrap());
                    connectionsOpened.incrementAndGet();
                }
                if (!exchange(client, fuzzed, i)) {
                    client.close();
                    client = null;
                }
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** Sends one fuzzed frame and checks what comes back; false once the connection is done for. */
    private boolean exchange(WireClient client, Fuzzed fuzzed, long index) throws InterruptedException {
        Framed framed = fuzzer.frame(fuzzed.bytes());
        switch (framed.framing()) {
            case INCOMPLETE -> {
                // The server waits for the rest: a partial frame, then the client goes away.
                client.send(fuzzed.bytes());
                closedByClient.incrementAndGet();
                return false;
            }
            case BAD_LENGTH -> {
                client.send(fuzzed.bytes());
                return awaitAnswers(client, fuzzed, index, framed.frames(), false);
            }
            default -> {
                if (fuzzer.longestFetchWaitMs(fuzzed.bytes()) > WAIT.toMillis() / 2) {
                    // A Fetch that may rightly be held past the fuzzer's patience (a flipped max_wait_ms):
                    // it is sent, and the client leaves, as a consumer giving up on a long poll would.
                    client.send(fuzzed.bytes());
                    longPolls.incrementAndGet();
                    closedByClient.incrementAndGet();
                    return false;
                }
                byte[] probe = WireClient.request((short) 18, (short) 3, PROBE_ID,
                        ApiVersionsRequestMessage.DEFAULT.withClientSoftwareName("probe").withClientSoftwareVersion("1"));
                byte[] both = Arrays.copyOf(fuzzed.bytes(), fuzzed.bytes().length + probe.length);
                System.arraycopy(probe, 0, both, fuzzed.bytes().length, probe.length);
                client.send(both);
                List<int[]> expected = new ArrayList<>(framed.frames());
                expected.add(new int[]{18, PROBE_ID});
                return awaitAnswers(client, fuzzed, index, expected, true);
            }
        }
    }

    /**
     * Reads answers until the probe's (true) or the close (false). Answers must come in request
     * order; a frame may go unanswered only if it is a Produce (acks=0 after a flip). Without a
     * probe the server must close.
     */
    private boolean awaitAnswers(WireClient client, Fuzzed fuzzed, long index, List<int[]> expected, boolean probed)
            throws InterruptedException {
        int at = 0;
        while (true) {
            byte[] frame = client.next(WAIT);
            if (frame == null) {
                fail(fuzzed, index, "hang: neither an answer nor a close within " + WAIT + " (answers so far: " + at + ")");
                return false;
            }
            if (frame == WireClient.CLOSED) {
                closedByServer.incrementAndGet();
                return false;
            }
            int id = Unpooled.wrappedBuffer(frame).getInt(0);
            while (at < expected.size() && expected.get(at)[1] != id) {
                if (expected.get(at)[0] != 0) {
                    fail(fuzzed, index, "no answer to api key " + expected.get(at)[0] + " correlation id "
                            + expected.get(at)[1] + " before one to " + id);
                    return false;
                }
                silentProduces.incrementAndGet();
                at++;
            }
            if (at == expected.size()) {
                fail(fuzzed, index, "an answer to correlation id " + id + ", which no request carried in that order");
                return false;
            }
            answered.incrementAndGet();
            if (fuzzed.kind() == Kind.CORRUPT_BATCH && expected.get(at)[0] == 0 && id != PROBE_ID) {
                checkRefused(fuzzed, index, frame);
            }
            if (probed && at == expected.size() - 1) {
                return true;
            }
            at++;
        }
    }

    private void checkRefused(Fuzzed fuzzed, long index, byte[] frame) {
        ByteBuf body = Unpooled.wrappedBuffer(frame);
        io.replog.netty.wire.ResponseHeaderCodec.read(body, (short) 1);
        short error = ProduceResponseMessage.read(body, WireClient.PRODUCE_VERSION).responses().get(0)
                .partitionResponses().get(0).errorCode();
        if (error == 0) {
            fail(fuzzed, index, "a corrupt batch was acknowledged");
        } else {
            corruptBatchesRefused.incrementAndGet();
        }
    }

    private void fail(Fuzzed fuzzed, long index, String what) {
        byte[] b = fuzzed.bytes();
        failures.add("seed " + seed + ", frame " + index + " (" + fuzzed.kind() + ", " + b.length + " bytes "
                + ByteBufUtil.hexDump(b, 0, Math.min(b.length, 96)) + (b.length > 96 ? "..." : "") + "): " + what);
    }

    /** Valid Metadata and Fetch requests on one connection until the fuzzing ends; every answer checked. */
    private void canary(CountDownLatch fuzzersDone, List<List<byte[]>> acknowledged) {
        InetSocketAddress address = target.bootstrap();
        List<Integer> led = java.util.stream.IntStream.range(0, target.partitions()).filter(target::bootstrapLeads)
                .boxed().toList();
        int correlationId = 1;
        try (WireClient client = new WireClient(clientGroup, address)) {
            do {
                ByteBuf body = client.call((short) 3, (short) 9, correlationId++, MetadataRequestMessage.DEFAULT
                        .withTopics(List.of(MetadataRequestMessage.MetadataRequestTopic.DEFAULT.withName(target.topic()))),
                        WAIT);
                MetadataResponseMessage metadata = MetadataResponseMessage.read(body, (short) 9);
                MetadataResponseMessage.MetadataResponseTopic topic = metadata.topics().get(0);
                check(metadata.brokers().size() == target.brokers()
                        && metadata.brokers().stream().anyMatch(b -> b.port() == address.getPort())
                        && topic.errorCode() == 0 && topic.name().equals(target.topic())
                        && topic.partitions().size() == target.partitions(), "metadata", metadata);
                int partition = led.get((int) (canaryRounds.get() % led.size()));
                body = client.call((short) 1, WireClient.FETCH_VERSION, correlationId++,
                        WireClient.fetch(target.topic(), partition, 0), WAIT);
                FetchResponseMessage.PartitionData data = FetchResponseMessage.read(body, WireClient.FETCH_VERSION)
                        .responses().get(0).partitions().get(0);
                List<byte[]> first = new ArrayList<>();
                for (RecordBatch batch : RecordBatches.in(data.records().nioBuffer())) {
                    for (Record record : batch) {
                        byte[] v = new byte[Math.max(0, record.valueSize())];
                        record.value().duplicate().get(v);
                        first.add(v);
                    }
                }
                List<byte[]> want = acknowledged.get(partition);
                // The fuzzing may have appended records after the acknowledged ones: compare those only.
                boolean same = data.errorCode() == 0 && !first.isEmpty();
                for (int i = 0; same && i < Math.min(first.size(), want.size()); i++) {
                    same = Arrays.equals(first.get(i), want.get(i));
                }
                check(same, "fetch of partition " + partition + " from 0", data.errorCode() + " " + first.size());
                canaryRounds.incrementAndGet();
            } while (!fuzzersDone.await(5, TimeUnit.MILLISECONDS) && failures.isEmpty());
        } catch (Throwable t) {
            failures.add("seed " + seed + ": canary failed after " + canaryRounds.get() + " rounds: " + t);
        }
    }

    private void check(boolean ok, String what, Object got) {
        if (!ok) {
            throw new AssertionError("wrong " + what + " answer: " + got);
        }
    }

    Map<Kind, Long> sentByKind() {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            out.put(k, sentByKind.get(k.ordinal()));
        }
        return out;
    }

    /**
     * Counts what the given loggers log at WARN and ERROR, keeping the first ERROR lines, without
     * storing every event (a run logs a line per closed connection) and without passing them on to
     * the console.
     */
    static final class LogCounter extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        final Map<String, AtomicLong> warnings = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();
        final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        private final List<Logger> loggers = new ArrayList<>();

        LogCounter(String... names) {
            start();
            for (String name : names) {
                Logger logger = (Logger) LoggerFactory.getLogger(name);
                logger.addAppender(this);
                logger.setAdditive(false);
                loggers.add(logger);
            }
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel() == Level.WARN) {
                warnings.computeIfAbsent(event.getLoggerName(), n -> new AtomicLong()).incrementAndGet();
            } else if (event.getLevel() == Level.ERROR && errors.incrementAndGet() <= 10) {
                StringBuilder line = new StringBuilder(event.getLoggerName() + ": " + event.getFormattedMessage());
                for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" / ").append(t.getClassName()).append(": ").append(t.getMessage());
                    var frames = t.getStackTraceElementProxyArray();
                    for (int i = 0; i < Math.min(3, frames.length); i++) {
                        line.append(" at ").append(frames[i].getSTEAsString());
                    }
                }
                firstErrors.add(line.toString());
            }
        }

        long warnings(String logger) {
            AtomicLong n = warnings.get(logger);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() {
            for (Logger logger : loggers) {
                logger.detachAppender(this);
                logger.setAdditive(true);
            }
            stop();
        }
    }
}
