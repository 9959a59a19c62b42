package io.replog.fault;

/**
 * The faults a test can inject into a replog cluster, with one meaning wherever they are
 * offered: the deterministic simulation's {@code SimCluster} (replog-core's tests) and the real
 * stack's {@code ReplogCluster} (replog-testkit) both implement this interface, so a scenario
 * written against it, or as a list of {@link Fault} values, reads and means the same on both.
 *
 * <p>This interface defines what each fault does to a broker, once. How it is done differs (a
 * simulated network and coordinator, or Netty's transport and a ZooKeeper server), and so do a
 * few details an implementation documents: chiefly when a killed broker's ZooKeeper session ends,
 * and whether a fault aimed at an unknown broker or one that is not running is refused (the test
 * kit refuses it) or ignored. Waiting for the
 * cluster to react (simulated time, or polling) is not part of it: each method returns once the
 * fault is injected, and the cluster's reaction follows.
 *
 * <p>Brokers are named by their id.
 */
public interface ClusterFaults {

    /**
     * Crashes the broker: no controlled shutdown (its leaderships are not handed over), nothing
     * flushed or checkpointed, so its files stay as the crash left them; its connections drop and
     * its ZooKeeper session is gone (ended at once, or left to time out, as the implementation
     * says), so the controller treats it as failed. {@link #restart} brings it back.
     */
    void kill(int broker);

    /**
     * Starts a killed or stopped broker again as the same broker: the same id, configuration and
     * log directories, so it recovers what its files hold and catches up from the leaders.
     *
     * @throws IllegalStateException if the broker is running
     */
    void restart(int broker);

    /**
     * Stops the broker cleanly: a controlled shutdown (its leaderships handed over first), its
     * logs closed, its session closed. {@link #restart} brings it back.
     */
    void stop(int broker);

    /**
     * Cuts the broker's traffic with the other brokers and with clients, both ways, while its
     * ZooKeeper session lives: it cannot fetch as a follower, its own followers cannot fetch from
     * it, and the controller cannot reach it, yet ZooKeeper still counts it as live. Lasts until
     * {@link #heal}.
     */
    void isolate(int broker);

    /** Ends {@link #isolate} and {@link #slowFollower} of the broker: its traffic flows at full speed again. */
    void heal(int broker);

    /**
     * Makes the broker fall behind as under network congestion: the messages it sends and
     * receives (its replica fetches and their answers among them) arrive {@code extraDelayMs}
     * late. Under load a follower slowed beyond {@code replica.lag.time.max.ms} leaves the ISR
     * while its session lives. {@link #heal}, or a delay of 0, ends it.
     *
     * @throws IllegalArgumentException if {@code extraDelayMs} is negative
     */
    void slowFollower(int broker, long extraDelayMs);

    /**
     * Expires the broker's ZooKeeper session, as when the broker was out of touch longer than the
     * session timeout: its registration (and its controllership, if it was controller) vanishes,
     * the controller treats it as failed; the broker, still running, notices, opens a new session
     * and registers again with a higher broker epoch.
     */
    void expireSession(int broker);

    /**
     * {@link #kill Kills} whichever running broker is controller now and returns its id; the
     * remaining brokers elect another under a higher controller epoch.
     *
     * @throws IllegalStateException if no running broker is controller now
     */
    int killController();

    /**
     * The id of the broker that holds the controllership now, or -1 if none does (a killed
     * controller whose session has not ended yet still holds it).
     */
    int controllerId();
}
