package io.replog.testsupport;

import io.replog.fault.ClusterFaults;
import io.replog.fault.Fault;

import java.util.List;

/**
 * One fault scenario, written once as data and run on both stacks through the shared
 * {@link ClusterFaults}: on the deterministic simulation by
 * {@code io.replog.sim.scenario.FollowerOutAndBackSimulationTest} (replog-core), and on the real
 * stack by {@code io.replog.testkit.scenarios.FollowerOutAndBackTest} (replog-testkit, which reads
 * this class from replog-core's test jar). The script and what must follow each step are here;
 * how each test waits for it (simulated time, or Awaitility) is its own.
 *
 * <p>The cluster: three brokers, a partition with RF 3, {@link #MIN_INSYNC_REPLICAS} and
 * {@link #REPLICA_LAG_TIME_MAX_MS}, under continuous acks=all load. The follower (one that is not
 * the controller, so no step moves the controllership) is crashed and restarted, isolated and
 * healed, slowed beyond the lag time and healed, and its session expired; after each step it has
 * left the ISR or is back in it ({@link Then}). Throughout, the leader stays. At the end no
 * acknowledged record is lost and no send failed for good.
 */
public final class FollowerOutAndBack {
    /** {@code replica.lag.time.max.ms}: short, so a slowed or isolated follower leaves the ISR soon. */
    public static final long REPLICA_LAG_TIME_MAX_MS = 1_500;
    /** {@code min.insync.replicas}: acks=all goes on while the follower is out (an ISR of two). */
    public static final int MIN_INSYNC_REPLICAS = 2;
    /**
     * The slowdown: every message to and from the follower 2.5 s late, so a fetch is answered 5 s
     * after it was sent, well beyond the lag time (and the simulation's 3 s request timeout).
     */
    public static final long SLOW_MS = 2_500;

    /** What must follow a step, for the follower. */
    public enum Then {
        LEAVES_ISR("leaves the ISR"),
        BACK_IN_ISR("is back in the ISR"),
        REGISTERS_AGAIN_AND_BACK_IN_ISR("registers again under a higher broker epoch and is back in the ISR");

        private final String words;

        Then(String words) {
            this.words = words;
        }

        /** E.g. {@code broker 2 leaves the ISR}, for a wait's description. */
        public String of(int broker) {
            return "broker " + broker + " " + words;
        }
    }

    /** A fault to apply and what must follow it. */
    public record Step(Fault fault, Then then) {
        @Override
        public String toString() {
            return fault + ", then " + then.name();
        }
    }

    private FollowerOutAndBack() {
    }

    /** The script for {@code follower}, in order. */
    public static List<Step> steps(int follower) {
        return List.of(
                new Step(new Fault.Kill(follower), Then.LEAVES_ISR),
                new Step(new Fault.Restart(follower), Then.BACK_IN_ISR),
                new Step(new Fault.Isolate(follower), Then.LEAVES_ISR),
                new Step(new Fault.Heal(follower), Then.BACK_IN_ISR),
                new Step(new Fault.SlowFollower(follower, SLOW_MS), Then.LEAVES_ISR),
                new Step(new Fault.Heal(follower), Then.BACK_IN_ISR),
                new Step(new Fault.ExpireSession(follower), Then.REGISTERS_AGAIN_AND_BACK_IN_ISR));
    }
}
