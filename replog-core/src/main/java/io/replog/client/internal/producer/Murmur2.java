package io.replog.client.internal.producer;

/**
 * The 32-bit MurmurHash2 of a byte array with the seed Kafka's Java client uses, and Kafka's
 * mapping of a hash to a partition. Written from the algorithm's description (Austin Appleby's
 * MurmurHash2: 4-byte little-endian blocks mixed with the constant {@code 0x5bd1e995} and shift
 * 24, the 1-3 trailing bytes folded in, then a final avalanche), with the seed
 * {@code 0x9747b28c}; a test checks it bit for bit against Kafka's implementation.
 *
 * <p>Why it must match exactly: applications that move from Kafka's producer to replog's, or
 * write one topic from both, expect every key to keep its partition, and with it the order of that
 * key's records.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /** The hash of all of {@code data}. */
    static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int end = length & ~3;
        for (int i = 0; i < end; i += 4) {
            int k = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16 | (data[i + 3] & 0xFF) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = length & 3;
        if (tail > 0) {
            // The trailing bytes enter highest first, so that 3 bytes fold in as bits 16, 8 and 0.
            if (tail == 3) {
                h ^= (data[end + 2] & 0xFF) << 16;
            }
            if (tail >= 2) {
                h ^= (data[end + 1] & 0xFF) << 8;
            }
            h ^= data[end] & 0xFF;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /**
     * {@code n} with its sign bit cleared: Kafka's choice over {@code Math.abs}, which would leave
     * {@code Integer.MIN_VALUE} negative and so map one key in 2^32 to no partition.
     */
    static int toPositive(int n) {
        return n & 0x7fffffff;
    }

    /** The partition Kafka's Java client picks for a record with these serialized key bytes. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("a topic has at least 1 partition, not " + numPartitions);
        }
        return toPositive(hash(keyBytes)) % numPartitions;
    }
}
