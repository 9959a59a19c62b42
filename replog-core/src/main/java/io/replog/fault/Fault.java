package io.replog.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * One fault, as a value: what to do to which broker, applied to any {@link ClusterFaults} (the
 * simulation's cluster or the test kit's real one) by {@link #applyTo}. The meaning of each is
 * that of the {@link ClusterFaults} method of the same name.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Immutable, with value equality. An impossible fault cannot be made: a negative broker id
 *       or a {@link SlowFollower} delay that is not positive is refused at construction with an
 *       {@link IllegalArgumentException} naming the fault and the value.</li>
 *   <li>{@link #toString()} is the fault in the words of the API, the same on both stacks:
 *       {@code kill 2}, {@code restart 2}, {@code stop 2}, {@code isolate 2}, {@code heal 2},
 *       {@code slowFollower 1 by 300 ms}, {@code expireSession 2}, {@code killController}.</li>
 *   <li>{@link #parse} reads those words back: {@code Fault.parse(f.toString()).equals(f)} for
 *       every fault, and {@link #parseAll} reads a script of them separated by {@code ;} or line
 *       breaks. So the faults a failed run printed can be replayed, on the real stack or on the
 *       simulation.</li>
 * </ul>
 */
public sealed interface Fault {

    /**
     * Injects this fault into {@code cluster} by calling the {@link ClusterFaults} method of the
     * same name, and returns the id of the broker it struck (for {@link KillController}, the
     * controller it killed). Whatever the cluster throws propagates.
     */
    int applyTo(ClusterFaults cluster);

    /** The fault in the words of the API, e.g. {@code kill 2}; {@link #parse} reads it back. */
    @Override
    String toString();

    /** {@link ClusterFaults#kill}: a crash of {@code broker}. */
    record Kill(int broker) implements Fault {
        public Kill {
            checkBroker("kill", broker);
        }

        @Override
        public int applyTo(ClusterFaults cluster) {
            cluster.kill(broker);
            return broker;
        }

        @Override
        public String toString() {
            return "kill " + broker;
        }
    }

    /** {@link ClusterFaults#restart}: {@code broker}, killed or stopped, starts again as itself. */
    record Restart(int broker) implements Fault {
        public Restart {
            checkBroker("restart", broker);
        }

        @Override
        public int applyTo(ClusterFaults cluster) {
            cluster.restart(broker);
            return broker;
        }

        @Override
        public String toString() {
            return "restart " + broker;
        }
    }

    /** {@link ClusterFaults#stop}: a controlled shutdown of {@code broker}. */
    record Stop(int broker) implements Fault {
        public Stop {
            checkBroker("stop", broker);
        }

        @Override
        public int applyTo(ClusterFaults cluster) {
            cluster.stop(broker);
            return broker;
        }

        @Override
        public String toString() {
            return "stop " + broker;
        }
    }

    /** {@link ClusterFaults#isolate}: {@code broker} cut off from brokers and clients while its session lives. */
    record Isolate(int broker) implements Fault {
        public Isolate {
            checkBroker("isolate", broker);
        }

        @Override
        public int applyTo(ClusterFaults cluster) {
            cluster.isolate(broker);
            return broker;
        }

        @Override
        public String toString() {
            return "isolate " + broker;
        }
    }

    /** {@link ClusterFaults#heal}: ends the isolation or slowness of {@code broker}. */
    record Heal(int broker) implements Fault {
        public Heal {
            checkBroker("heal", broker);
        }

        @Override
        public int applyTo(ClusterFaults cluster) {
            cluster.heal(broker);
            return broker;
        }

        @Override
        public String toString() {
            return "heal " + broker;
        }
    }

    /**
     * {@link ClusterFaults#slowFollower}: {@code broker}'s traffic arrives {@code delayMs} late.
     * The delay must be positive: a slowdown is ended by {@link Heal}, not by a fault of delay 0.
     */
    record SlowFollower(int broker, long delayMs) implements Fault {
        public SlowFollower {
            checkBroker("slowFollower", broker);
            if (delayMs <= 0) {
                throw new IllegalArgumentException("slowFollower " + broker + ": the delay must be > 0 ms (heal "
                        + broker + " ends a slowdown), was " + delayMs + " ms");
            }
        }

        @Override
        public int applyTo(ClusterFaults cluster) {
            cluster.slowFollower(broker, delayMs);
            return broker;
        }

        @Override
        public String toString() {
            return "slowFollower " + broker + " by " + delayMs + " ms";
        }
    }

    /** {@link ClusterFaults#expireSession}: {@code broker}'s ZooKeeper session expires; it registers again. */
    record ExpireSession(int broker) implements Fault {
        public ExpireSession {
            checkBroker("expireSession", broker);
        }

        @Override
        public int applyTo(ClusterFaults cluster) {
            cluster.expireSession(broker);
            return broker;
        }

        @Override
        public String toString() {
            return "expireSession " + broker;
        }
    }

    /**
     * {@link ClusterFaults#killController}: kills whichever broker is controller when it is
     * applied; {@link #applyTo} returns that broker's id.
     */
    record KillController() implements Fault {
        @Override
        public int applyTo(ClusterFaults cluster) {
            return cluster.killController();
        }

        @Override
        public String toString() {
            return "killController";
        }
    }

    /**
     * Reads one fault in the words {@link #toString()} writes: {@code kill <broker>},
     * {@code restart <broker>}, {@code stop <broker>}, {@code isolate <broker>},
     * {@code heal <broker>}, {@code slowFollower <broker> by <delay> ms},
     * {@code expireSession <broker>} or {@code killController}. Words are separated by any
     * whitespace; names are case-sensitive, as they are the method names.
     *
     * @throws IllegalArgumentException naming the text and what was expected, if it is not one of
     *                                  these or its numbers are not valid
     */
    static Fault parse(String text) {
        String trimmed = text.strip();
        String[] words = trimmed.split("\\s+");
        String name = words[0];
        try {
            return switch (name) {
                case "kill" -> new Kill(brokerOnly(words));
                case "restart" -> new Restart(brokerOnly(words));
                case "stop" -> new Stop(brokerOnly(words));
                case "isolate" -> new Isolate(brokerOnly(words));
                case "heal" -> new Heal(brokerOnly(words));
                case "expireSession" -> new ExpireSession(brokerOnly(words));
                case "slowFollower" -> {
                    if (words.length != 5 || !words[2].equals("by") || !words[4].equals("ms")) {
                        throw new IllegalArgumentException("expected slowFollower <broker> by <delay> ms");
                    }
                    yield new SlowFollower(brokerId(words[1]), delayMs(words[3]));
                }
                case "killController" -> {
                    if (words.length != 1) {
                        throw new IllegalArgumentException("killController takes no broker id");
                    }
                    yield new KillController();
                }
                default -> throw new IllegalArgumentException("unknown fault '" + name + "'; the faults are "
                        + "kill, restart, stop, isolate, heal and expireSession <broker>, "
                        + "slowFollower <broker> by <delay> ms, and killController");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read fault '" + trimmed + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads a script of faults, one per line or separated by {@code ;} (blank entries are
     * skipped), in order, as {@link #parse} reads each; e.g. {@code "kill 1; restart 1"}.
     *
     * @throws IllegalArgumentException for the first entry {@link #parse} refuses
     */
    static List<Fault> parseAll(String script) {
        List<Fault> faults = new ArrayList<>();
        for (String entry : script.split("[;\\n]")) {
            if (!entry.isBlank()) {
                faults.add(parse(entry));
            }
        }
        return List.copyOf(faults);
    }

    private static int brokerOnly(String[] words) {
        if (words.length != 2) {
            throw new IllegalArgumentException("expected " + words[0] + " <broker>");
        }
        return brokerId(words[1]);
    }

    private static int brokerId(String word) {
        try {
            return Integer.parseInt(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the broker id '" + word + "' is not a whole number");
        }
    }

    private static long delayMs(String word) {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the delay '" + word + "' is not a whole number of ms");
        }
    }

    private static void checkBroker(String fault, int broker) {
        if (broker < 0) {
            throw new IllegalArgumentException(fault + ": the broker id must be >= 0, was " + broker);
        }
    }
}
