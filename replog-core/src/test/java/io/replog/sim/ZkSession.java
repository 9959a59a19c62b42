package io.replog.sim;

/**
 * One client session of the simulated ZooKeeper, owned by one {@link InMemoryCoordinator}
 * view and bound to one incarnation of its node. Ephemeral state (a broker registration, the
 * controllership) belongs to a session and disappears with it.
 *
 * <p>Requests of a session are applied in the order they were issued, and everything sent
 * back to it (replies and notifications) arrives in the order it was sent, as a ZooKeeper
 * client's single connection guarantees.
 */
final class ZkSession {
    enum State { LIVE, EXPIRED, CLOSED }

    final long id;
    final int brokerId;
    final InMemoryCoordinator view;
    final SimScheduler node;
    /** The node incarnation the session was opened by; deliveries to later incarnations are dropped. */
    final long nodeGeneration;
    State state = State.LIVE;
    /** When the last request of this session is applied at the server (requests stay in order). */
    long lastApplyMs;
    /** When the last reply or notification reaches the client (deliveries stay in order). */
    long lastDeliveryMs;
    /** Set once a crash of its node has started the session timeout. */
    boolean timeoutStarted;
    /** Cut off from the server (its node keeps running): requests fail, deliveries wait for the reconnect. */
    boolean disconnected;
    /** Counts disconnections, so the session timeout of an earlier one does not fire after a reconnect. */
    int disconnections;
    /** What the server sent while the session was cut off, in order; delivered on reconnect. */
    final java.util.List<Runnable> held = new java.util.ArrayList<>();
    final java.util.List<String> heldWhat = new java.util.ArrayList<>();

    ZkSession(long id, int brokerId, InMemoryCoordinator view, SimScheduler node) {
        this.id = id;
        this.brokerId = brokerId;
        this.view = view;
        this.node = node;
        this.nodeGeneration = node.generation();
    }

    boolean isLive() {
        return state == State.LIVE;
    }

    /** ZooKeeper prints session ids in hex; so does the trace. */
    String label() {
        return "0x" + Long.toHexString(id);
    }

    @Override
    public String toString() {
        return "session " + label() + " of broker " + brokerId + " (" + state.name().toLowerCase() + ")";
    }
}
