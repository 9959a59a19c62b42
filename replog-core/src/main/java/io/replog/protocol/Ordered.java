package io.replog.protocol;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Immutable, sorted copies for the collections inside messages. {@code Map.copyOf} iterates in
 * an order the JDK randomizes per JVM; a broker that iterates a message's map would then act in
 * a different order on every run, and a simulation seed would not replay. Sorted copies make
 * every iteration order a function of the content alone.
 */
final class Ordered {
    private Ordered() {
    }

    /** An unmodifiable copy of {@code map}, iterated in key order. */
    static <K extends Comparable<? super K>, V> Map<K, V> map(Map<K, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** An unmodifiable copy of {@code set}, iterated in order. */
    static <T extends Comparable<? super T>> Set<T> set(Set<T> set) {
        return Collections.unmodifiableSet(new TreeSet<>(set));
    }
}
