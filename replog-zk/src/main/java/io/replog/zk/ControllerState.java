package io.replog.zk;

import io.replog.coordinator.ControllerInfo;

import java.util.Optional;

/**
 * {@code /controller} and {@code /controller_epoch} as one atomic read (a read-only multi-op),
 * with the znode identities that tell one term from another: the creation zxid of
 * {@code /controller} (a new one for every win) and the version of {@code /controller_epoch}
 * (one more for every win). Two reads with the same identity saw the same term, whatever the
 * bodies say; "no controller" after a term came and went is a new state, not the old one.
 *
 * @param holder          the controller's broker id, or -1 when nobody holds {@code /controller}
 * @param owner           the session that owns {@code /controller} (0 when nobody holds it)
 * @param controllerCzxid the creation zxid of {@code /controller} (0 when nobody holds it)
 * @param epoch           the controller epoch stored in {@code /controller_epoch}
 * @param epochVersion    the znode version of {@code /controller_epoch}
 * @param epochMzxid      the zxid that last set {@code /controller_epoch}
 */
record ControllerState(int holder, long owner, long controllerCzxid, int epoch, int epochVersion, long epochMzxid) {
    static final int NO_HOLDER = -1;

    boolean held() {
        return holder != NO_HOLDER;
    }

    /** Whether the holder won {@code /controller} in the transaction that last set the epoch: a term of this epoch. */
    boolean holderWonThisEpoch() {
        return held() && controllerCzxid == epochMzxid;
    }

    /** What listeners are told: the holder with the current epoch. */
    Optional<ControllerInfo> info() {
        return held() ? Optional.of(new ControllerInfo(holder, epoch)) : Optional.empty();
    }

    /** The identity compared between snapshots. */
    Identity identity() {
        return new Identity(controllerCzxid, epochVersion);
    }

    /** Which term a snapshot saw. */
    record Identity(long controllerCzxid, int epochVersion) {
    }
}
