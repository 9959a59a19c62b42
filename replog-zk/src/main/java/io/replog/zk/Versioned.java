package io.replog.zk;

/**
 * A snapshot read from ZooKeeper and the identity of the znodes it came from (creation zxids and
 * versions). Snapshots are compared by identity, never by value: a topic deleted and created
 * again with the same assignment, or a broker that registered again with the same endpoints, is
 * a new znode with a new creation zxid, and must be delivered even though its body looks the same.
 *
 * @param value    what listeners are given
 * @param identity what tells this snapshot from another (equal identities saw the same znodes)
 */
record Versioned<V>(V value, Object identity) {
    /** Whether {@code now} was read from other znodes (or other versions of them) than {@code before}. */
    static <V> boolean changed(Versioned<V> before, Versioned<V> now) {
        return !before.identity.equals(now.identity);
    }
}
