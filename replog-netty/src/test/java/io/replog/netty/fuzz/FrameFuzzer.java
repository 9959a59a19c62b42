package io.replog.netty.fuzz;

import io.netty.buffer.Unpooled;
import io.replog.netty.protocol.message.ApiVersionsRequestMessage;
import io.replog.netty.protocol.message.FetchRequestMessage;
import io.replog.netty.protocol.message.ListOffsetsRequestMessage;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.record.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the fuzzer's frames: each {@link Kind} from a random generator the caller seeds, so a
 * frame is reproduced by its seed alone. Also models what the server's framing makes of the bytes
 * ({@link #frame}), which is what decides whether an answer, a close, or neither is due.
 */
public final class FrameFuzzer {
    /** What is thrown, with its weight in the mix. */
    public enum Kind {
        NOISE(7),                 // random bytes, anything goes
        NEGATIVE_LENGTH(4),       // -1, Integer.MIN_VALUE (2 GiB as unsigned), random negative
        TINY_LENGTH(4),           // 0..9: below the smallest request header
        HUGE_LENGTH(4),           // above the request limit, up to Integer.MAX_VALUE (2 GiB - 1)
        LONGER_THAN_SENT(5),      // a valid request whose prefix claims more than is sent, then close
        SPLIT_PREFIX(2),          // 1 to 3 bytes of a prefix, then close
        SHORTER_THAN_BODY(5),     // a valid request whose prefix claims less than its body: the rest is the next "frame"
        UNKNOWN_API_KEY(5),       // a well-formed header with a key no table knows
        UNSUPPORTED_VERSION(10),  // a served key at a version outside the served range, valid or garbage body
        GARBAGE_BODY(12),         // a served key and version, random body
        TRUNCATED_BODY(8),        // a valid request cut short, prefix consistent
        BYTE_FLIPS(16),           // a valid request with 1 to 4 random bytes replaced, prefix consistent
        CORRUPT_BATCH(12),        // a valid acks=1 produce whose batch has a bad CRC, length, magic or covered byte
        VALID(6);                 // an unmodified valid request (Metadata, Fetch, ListOffsets, ApiVersions, Produce)

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** A generated frame: the bytes to send and what they are. */
    record Fuzzed(Kind kind, byte[] bytes) {
    }

    /** What the server's frame decoder makes of a byte stream. */
    enum Framing {
        /** Whole frames only: each must be answered or the connection closed. */
        COMPLETE,
        /** A size prefix out of bounds: the server must close. */
        BAD_LENGTH,
        /** Whole frames, then an incomplete one the server waits for: the client closes. */
        INCOMPLETE
    }

    /** The framing of {@code bytes} and the whole frames in it (api key, correlation id of each). */
    record Framed(Framing framing, List<int[]> frames) {
    }

    private static final short[] UNKNOWN_KEYS = {-1, -32768, 99, 1000, 32767, 7, 12, 67};
    private static final short[][] UNSERVED_VERSIONS = {
            {0, 0, 1, 2, 14, 15, 99, -1}, {1, 0, 3, 19, 20, 99, -1}, {2, 0, 11, 99}, {3, 14, 99, -1},
            {18, 5, 99, -1, 32767}, {19, 0, 1, 8, 99}, {60, 3, 99}};
    private static final short[][] SERVED = {{0, 9}, {1, 12}, {2, 7}, {3, 9}, {18, 3}, {60, 1}, {19, 7}, {20, 6}};

    private final String topic;
    private final int partitions;
    private final int maxRequestBytes;
    private final int[] cumulative;

    FrameFuzzer(String topic, int partitions, int maxRequestBytes) {
        this.topic = topic;
        this.partitions = partitions;
        this.maxRequestBytes = maxRequestBytes;
        Kind[] kinds = Kind.values();
        cumulative = new int[kinds.length];
        int sum = 0;
        for (int i = 0; i < kinds.length; i++) {
            sum += kinds[i].weight;
            cumulative[i] = sum;
        }
    }

    /** The frame of {@code seed}: its kind and bytes follow from the seed alone. */
    Fuzzed next(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int pick = r.nextInt(cumulative[cumulative.length - 1]);
        Kind kind = Kind.values()[0];
        for (int i = 0; i < cumulative.length; i++) {
            if (pick < cumulative[i]) {
                kind = Kind.values()[i];
                break;
            }
        }
        return new Fuzzed(kind, generate(kind, r));
    }

    byte[] generate(Kind kind, SplittableRandom r) {
        int id = r.nextInt();
        return switch (kind) {
            case NOISE -> bytes(r, 1 + r.nextInt(256));
            case NEGATIVE_LENGTH -> prefixed(pick(r, -1, Integer.MIN_VALUE, Integer.MIN_VALUE | r.nextInt()),
                    bytes(r, r.nextInt(64)));
            case TINY_LENGTH -> prefixed(r.nextInt(10), bytes(r, r.nextInt(64)));
            case HUGE_LENGTH -> prefixed(pick(r, maxRequestBytes + 1, 1 << 30, Integer.MAX_VALUE,
                    maxRequestBytes + 1 + r.nextInt(Integer.MAX_VALUE - maxRequestBytes)), bytes(r, r.nextInt(64)));
            case LONGER_THAN_SENT -> {
                byte[] valid = valid(r, id);
                int claimed = valid.length - 4 + 1 + r.nextInt(Math.max(1, maxRequestBytes - valid.length));
                yield withPrefix(valid, claimed);
            }
            case SPLIT_PREFIX -> bytes(r, 1 + r.nextInt(3));
            case SHORTER_THAN_BODY -> {
                byte[] valid = valid(r, id);
                yield withPrefix(valid, 10 + r.nextInt(Math.max(1, valid.length - 4 - 10)));
            }
            case UNKNOWN_API_KEY -> WireClient.request(UNKNOWN_KEYS[r.nextInt(UNKNOWN_KEYS.length)],
                    (short) r.nextInt(16), id, bytes(r, r.nextInt(64)));
            case UNSUPPORTED_VERSION -> {
                short[] row = UNSERVED_VERSIONS[r.nextInt(UNSERVED_VERSIONS.length)];
                short version = row[1 + r.nextInt(row.length - 1)];
                yield WireClient.request(row[0], version, id, bytes(r, r.nextInt(64)));
            }
            case GARBAGE_BODY -> {
                short[] served = SERVED[r.nextInt(SERVED.length)];
                yield WireClient.request(served[0], served[1], id, bytes(r, r.nextInt(200)));
            }
            case TRUNCATED_BODY -> {
                byte[] valid = valid(r, id);
                int headerEnd = 4 + 10; // prefix, key, version, correlation id, client id length
                int cut = headerEnd + r.nextInt(Math.max(1, valid.length - headerEnd));
                byte[] out = java.util.Arrays.copyOf(valid, cut);
                yield withPrefix(out, cut - 4);
            }
            case BYTE_FLIPS -> {
                byte[] valid = valid(r, id);
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = 4 + r.nextInt(valid.length - 4);
                    valid[at] = (byte) (valid[at] ^ (1 + r.nextInt(255)));
                }
                yield valid;
            }
            case CORRUPT_BATCH -> corruptBatch(r, id);
            case VALID -> valid(r, id);
        };
    }

    /** A valid acks=1 Produce v9 with its only batch corrupted where the CRC or the framing must catch it. */
    private byte[] corruptBatch(SplittableRandom r, int id) {
        byte[] batch = WireClient.batch(values(r));
        byte[] frame = WireClient.request((short) 0, WireClient.PRODUCE_VERSION, id,
                WireClient.produce(topic, r.nextInt(partitions), (short) 1, Unpooled.wrappedBuffer(batch)));
        // Produce v9 ends with the partition's, the topic's and the request's empty tagged fields.
        int start = frame.length - 3 - batch.length;
        ByteBuffer b = ByteBuffer.wrap(frame, start, batch.length).slice();
        switch (r.nextInt(4)) {
            case 0 -> {
                int at = RecordBatch.CRC_OFFSET + r.nextInt(4);
                b.put(at, (byte) (b.get(at) ^ (1 + r.nextInt(255))));
            }
            case 1 -> {
                int at = RecordBatch.ATTRIBUTES_OFFSET + r.nextInt(batch.length - RecordBatch.ATTRIBUTES_OFFSET);
                b.put(at, (byte) (b.get(at) ^ (1 + r.nextInt(255))));
            }
            case 2 -> b.put(RecordBatch.MAGIC_OFFSET, (byte) pick(r, 0, 1, 3, -1, 127));
            default -> {
                int length = batch.length - RecordBatch.LOG_OVERHEAD;
                int lie = pick(r, -1, 0, length - 1, length + 1, RecordBatch.MIN_BATCH_LENGTH - 1, Integer.MAX_VALUE,
                        r.nextInt());
                b.putInt(RecordBatch.LENGTH_OFFSET, lie == length ? length + 7 : lie);
            }
        }
        return frame;
    }

    /** A valid request of one of the served kinds, with correlation id {@code id}. */
    byte[] valid(SplittableRandom r, int id) {
        int partition = r.nextInt(partitions + 1); // now and then one the topic does not have
        return switch (r.nextInt(5)) {
            case 0 -> WireClient.request((short) 3, (short) 9, id, MetadataRequestMessage.DEFAULT.withTopics(
                    r.nextBoolean() ? null : List.of(MetadataRequestMessage.MetadataRequestTopic.DEFAULT.withName(topic))));
            case 1 -> WireClient.request((short) 1, WireClient.FETCH_VERSION, id,
                    WireClient.fetch(topic, partition, r.nextInt(100)));
            case 2 -> WireClient.request((short) 2, (short) 7, id, ListOffsetsRequestMessage.DEFAULT.withReplicaId(-1).withTopics(List.of(
                    ListOffsetsRequestMessage.ListOffsetsTopic.DEFAULT.withName(topic).withPartitions(List.of(
                            ListOffsetsRequestMessage.ListOffsetsPartition.DEFAULT.withPartitionIndex(partition)
                                    .withTimestamp(r.nextBoolean() ? -1L : -2L))))));
            case 3 -> WireClient.request((short) 18, (short) 3, id,
                    ApiVersionsRequestMessage.DEFAULT.withClientSoftwareName("fuzz").withClientSoftwareVersion("1"));
            default -> WireClient.request((short) 0, WireClient.PRODUCE_VERSION, id, WireClient.produce(
                    topic, partition, (short) 1, Unpooled.wrappedBuffer(WireClient.batch(values(r)))));
        };
    }

    private static List<byte[]> values(SplittableRandom r) {
        List<byte[]> values = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            values.add(bytes(r, r.nextInt(32)));
        }
        return values;
    }

    /** What the server's frame decoder sees in {@code bytes} (bounds as in {@code ServerPipeline}). */
    Framed frame(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<int[]> frames = new ArrayList<>();
        while (true) {
            if (in.remaining() == 0) {
                return new Framed(Framing.COMPLETE, frames);
            }
            if (in.remaining() < 4) {
                return new Framed(Framing.INCOMPLETE, frames);
            }
            int length = in.getInt(in.position());
            if (length < io.replog.netty.wire.RequestHeaderCodec.MIN_BYTES || length > maxRequestBytes) {
                return new Framed(Framing.BAD_LENGTH, frames);
            }
            if (in.remaining() - 4 < length) {
                return new Framed(Framing.INCOMPLETE, frames);
            }
            frames.add(new int[]{in.getShort(in.position() + 4), in.getInt(in.position() + 8)});
            in.position(in.position() + 4 + length);
        }
    }

    /**
     * The longest {@code max_wait_ms} of the whole frames in {@code bytes} that decode as a Fetch at
     * a served version, 0 if none does. Such a Fetch may rightly be held that long, waiting for
     * {@code min_bytes} (a long poll, as Kafka's brokers do): a flip in either field of a valid Fetch
     * makes one, and a broker that honours it must not be taken for hung.
     */
    long longestFetchWaitMs(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long longest = 0;
        while (in.remaining() >= 4) {
            int length = in.getInt(in.position());
            if (length < io.replog.netty.wire.RequestHeaderCodec.MIN_BYTES || length > maxRequestBytes
                    || in.remaining() - 4 < length) {
                break;
            }
            io.netty.buffer.ByteBuf frame = Unpooled.wrappedBuffer(bytes, in.position() + 4, length);
            try {
                io.replog.netty.wire.RequestHeader header = io.replog.netty.wire.RequestHeaderCodec.read(frame,
                        io.replog.netty.wire.ApiVersionsTable.KAFKA);
                if (header.apiKey() == 1 && header.apiVersion() >= 4 && header.apiVersion() <= 18) {
                    longest = Math.max(longest, FetchRequestMessage.read(frame, header.apiVersion()).maxWaitMs());
                }
            } catch (RuntimeException undecodable) {
                // The server closes the connection on it: nothing is held.
            }
            in.position(in.position() + 4 + length);
        }
        return longest;
    }

    private static byte[] withPrefix(byte[] frame, int length) {
        ByteBuffer.wrap(frame).putInt(0, length);
        return frame;
    }

    private static byte[] prefixed(int length, byte[] rest) {
        return ByteBuffer.allocate(4 + rest.length).putInt(length).put(rest).array();
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static int pick(SplittableRandom r, int... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
