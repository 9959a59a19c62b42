package io.replog.sim;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * How a failing seed is replayed: the system property {@value #SEED_PROPERTY} pins the seed of
 * a randomized test, and {@link #command} prints the one-line Maven command that does it.
 *
 * <pre>{@code
 * long seed = SimReplay.seed(System.nanoTime());   // or a fixed default
 * Simulation sim = new Simulation(SimConfig.defaults().withSeed(seed));
 * ... on failure: SimReplay.command(RandomizedSimulationTest.class, seed)
 * // mvn -pl replog-core test -Dtest=RandomizedSimulationTest -Dreplog.sim.seed=123
 * }</pre>
 */
public final class SimReplay {
    /** The system property that pins the seed. */
    public static final String SEED_PROPERTY = "replog.sim.seed";

    private SimReplay() {
    }

    /**
     * The seed given with {@code -Dreplog.sim.seed=...} (decimal, or hex with {@code 0x}), if any.
     *
     * @throws IllegalArgumentException if the property is set but is not a number
     */
    public static OptionalLong seedProperty() {
        String value = System.getProperty(SEED_PROPERTY);
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.decode(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + SEED_PROPERTY
                    + " must be a long (decimal, or hex with 0x), was '" + value + "'", e);
        }
    }

    /** The pinned seed if there is one, else {@code fallback}. */
    public static long seed(long fallback) {
        return seedProperty().orElse(fallback);
    }

    /** Only the pinned seed if there is one, else {@code fallbacks}: for tests that run many seeds. */
    public static long[] seeds(long... fallbacks) {
        OptionalLong pinned = seedProperty();
        return pinned.isPresent() ? new long[] {pinned.getAsLong()} : Arrays.copyOf(fallbacks, fallbacks.length);
    }

    /** {@code mvn -pl replog-core test -Dtest=<TestClass> -Dreplog.sim.seed=<seed>}. */
    public static String command(Class<?> testClass, long seed) {
        return "mvn -pl replog-core test -Dtest=" + testClass.getSimpleName() + " -D" + SEED_PROPERTY + "=" + seed;
    }

    /** The same, narrowed to one test method: {@code -Dtest=<TestClass>#<method>}. */
    public static String command(Class<?> testClass, String method, long seed) {
        return "mvn -pl replog-core test -Dtest=" + testClass.getSimpleName() + "#" + method + " -D" + SEED_PROPERTY
                + "=" + seed;
    }
}
