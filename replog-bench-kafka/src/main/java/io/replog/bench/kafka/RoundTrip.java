package io.replog.bench.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each of the twenty tests does, on either side, so that both classes do the same work: a
 * topic of its own with {@value #PARTITIONS} partitions, replication factor {@value #REPLICATION_FACTOR}
 * and {@code min.insync.replicas=}{@value #MIN_INSYNC_REPLICAS}, {@value #RECORDS} records sent with
 * {@code acks=all} and read back from the beginning by a consumer without a group, then the topic
 * deleted. Keys and values are strings: {@code key-i}, {@code value-i}.
 */
final class RoundTrip {
    /** How many tests each class has. */
    static final int TESTS = 20;
    static final int PARTITIONS = 3;
    static final short REPLICATION_FACTOR = 3;
    static final String MIN_INSYNC_REPLICAS = "2";
    static final int RECORDS = 100;
    /** The longest any single wait of a test (create, send, read back, delete) may take. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private RoundTrip() {
    }

    /** The topic of repetition {@code n} (1-based); each test has its own, as independent tests do. */
    static String topic(int n) {
        return "round-trip-" + n;
    }

    /** The topic's config overrides. */
    static Map<String, String> topicConfigs() {
        return Map.of("min.insync.replicas", MIN_INSYNC_REPLICAS);
    }

    static String key(int i) {
        return "key-" + i;
    }

    static String value(int i) {
        return "value-" + i;
    }

    /** The values a test sends, in the order it sends them. */
    static List<String> values() {
        List<String> values = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            values.add(value(i));
        }
        return values;
    }
}
