package io.replog.zk;

import io.replog.coordinator.ControllerInfo;
import io.replog.errors.StaleControllerEpochException;
import io.replog.time.Clock;
import io.replog.zk.znode.ControllerEpochZnode;
import io.replog.zk.znode.ControllerZnode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Controller election and the fence on every controller write, as Kafka does it since
 * KAFKA-6082:
 * <ul>
 *   <li><b>Election</b>: read {@code /controller_epoch} (value and znode version), then one
 *       multi-op creates the ephemeral {@code /controller} and sets {@code /controller_epoch} to
 *       epoch + 1 on the condition that its version is still the one read. Exactly one candidate
 *       wins an epoch; the znode version the winner's write produced identifies its term.</li>
 *   <li><b>Fence</b>: every controller write is a multi-op that starts with
 *       {@code check(/controller_epoch, termVersion)} and {@code check(/controller exists)}. A newer
 *       election moves the version; an expired session removes {@code /controller} (and a new
 *       {@code /controller} always comes with a new epoch version). So a controller that lost its
 *       session or was replaced changes nothing: the write fails whole with
 *       {@link StaleControllerEpochException}.</li>
 *   <li><b>Outcome</b>: an election that meets a connection loss does not give up; it waits for the
 *       reconnect and reads {@code /controller} with the epoch in one read-only multi-op: this
 *       session's {@code /controller}, created by the transaction that set the epoch, is a win.</li>
 *   <li><b>Term</b>: held only while ZooKeeper shows this session owning {@code /controller} at
 *       the epoch it won; the controller watch ends it the moment it shows anything else.</li>
 * </ul>
 */
final class ControllerElection {
    private static final Logger log = LoggerFactory.getLogger(ControllerElection.class);
    /**
     * Rounds of one election call: each round that ends undecided means another candidate changed
     * {@code /controller} or the epoch meanwhile, so a round's outcome is learnt within a few.
     * Connection losses do not count: the call waits for the reconnect and asks again.
     */
    private static final int MAX_ROUNDS = 10;

    /**
     * The term this coordinator holds: the epoch it won, the epoch znode's version its win
     * produced, the creation zxid of its {@code /controller}, and the session.
     */
    record Term(int brokerId, int epoch, int epochZkVersion, long controllerCzxid, ZkSession session) {
    }

    /** Told when this coordinator starts or stops holding a term; called without locks held, must not block. */
    interface TermListener {
        void termStarted(Term term);

        void termEnded(Term term);
    }

    private final ZkConnection connection;
    private final ZkPaths paths;
    private final ZkReads reads;
    private final Clock clock;
    private final String logPrefix;
    private final AtomicReference<Term> term = new AtomicReference<>();
    private final TermListener termListener;

    ControllerElection(ZkConnection connection, ZkPaths paths, ZkReads reads, Clock clock, TermListener termListener,
                       String logPrefix) {
        this.connection = connection;
        this.paths = paths;
        this.reads = reads;
        this.clock = clock;
        this.termListener = termListener;
        this.logPrefix = logPrefix;
    }

    /**
     * Runs for controller: the epoch of the term this session holds if this broker won (now, or
     * by an earlier attempt whose reply was lost), empty if another broker holds the
     * controllership. Every answer comes from what ZooKeeper holds now, never from memory alone.
     * A connection loss does not end the call: it waits for the reconnect and learns the outcome
     * in the same session; it fails (retriably) only when the session expires or the coordinator closes.
     */
    CompletableFuture<OptionalInt> tryBecomeController(int brokerId) {
        return run(connection.session(), brokerId, 1);
    }

    /** One round: read the epoch, then create {@code /controller} and bump the epoch in one conditional multi-op. */
    private CompletableFuture<OptionalInt> run(ZkSession s, int brokerId, int round) {
        if (round > MAX_ROUNDS) {
            log.warn("{}broker {} stops running for controller after {} undecided rounds; the next change of "
                    + "{} starts another", logPrefix, brokerId, MAX_ROUNDS, paths.controller());
            return CompletableFuture.completedFuture(OptionalInt.empty());
        }
        return s.getData(paths.controllerEpoch(), null).thenCompose(e -> {
            if (ZkErrors.isConnectionProblem(e.code())) {
                return afterReconnect(s, () -> run(s, brokerId, round));
            }
            if (e.code() == Code.NONODE) {
                return s.create(paths.controllerEpoch(), ControllerEpochZnode.encode(0), CreateMode.PERSISTENT)
                        .thenCompose(w -> run(s, brokerId, round + 1));
            }
            if (e.code() != Code.OK) {
                throw ZkErrors.failure(e.code(), "read the controller epoch", paths.controllerEpoch());
            }
            int next = ControllerEpochZnode.decode(paths.controllerEpoch(), e.data()) + 1;
            List<Op> ops = List.of(
                    ZkSession.createOp(paths.controller(), new ControllerZnode(brokerId, clock.millis()).encode(),
                            CreateMode.EPHEMERAL),
                    Op.setData(paths.controllerEpoch(), ControllerEpochZnode.encode(next), e.stat().getVersion()));
            return s.multi(ops).thenCompose(m -> {
                if (m.code() == Code.OK) {
                    Stat epochStat = ((OpResult.SetDataResult) m.results().get(1)).getStat();
                    // One multi-op is one transaction: /controller was created at the zxid that set the epoch.
                    return CompletableFuture.completedFuture(hold(
                            new Term(brokerId, next, epochStat.getVersion(), epochStat.getMzxid(), s), "elected controller"));
                }
                if (ZkErrors.isConnectionProblem(m.code())) {
                    // The write may have been applied with its reply lost: learn which after the reconnect.
                    return afterReconnect(s, () -> settle(s, brokerId, round));
                }
                return settle(s, brokerId, round);
            });
        });
    }

    /**
     * Learns the outcome from what ZooKeeper holds (one atomic read of {@code /controller} and
     * the epoch): this session's win, another broker's, or nobody's (then runs again).
     */
    private CompletableFuture<OptionalInt> settle(ZkSession s, int brokerId, int round) {
        return reads.controllerState(s, null).handle((state, error) -> {
            if (error != null) {
                if (ZkErrors.cause(error) instanceof io.replog.errors.RetriableException && connection.currentOrNull() == s) {
                    return afterReconnect(s, () -> settle(s, brokerId, round));
                }
                return CompletableFuture.<OptionalInt>failedFuture(ZkErrors.cause(error));
            }
            return decide(s, brokerId, round, state);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<OptionalInt> decide(ZkSession s, int brokerId, int round, ControllerState state) {
        if (!state.held()) {
            return run(s, brokerId, round + 1);
        }
        if (state.owner() != s.id() || state.holder() != brokerId) {
            dropUnless(state, "broker " + state.holder() + " holds " + paths.controller() + " with epoch " + state.epoch());
            return CompletableFuture.completedFuture(OptionalInt.empty());
        }
        if (state.holderWonThisEpoch()) {
            Term won = new Term(brokerId, state.epoch(), state.epochVersion(), state.controllerCzxid(), s);
            return CompletableFuture.completedFuture(hold(won, "holds the controllership (won by an earlier attempt)"));
        }
        // This session holds /controller, but the epoch was set after it was created (by hand, or by a
        // tool): no term of ours is current. Give the znode up, fenced by the epoch read, and run again.
        log.warn("{}broker {} holds {} but {} was changed after it was created (epoch {}); giving it up to run again",
                logPrefix, brokerId, paths.controller(), paths.controllerEpoch(), state.epoch());
        List<Op> ops = List.of(Op.check(paths.controllerEpoch(), state.epochVersion()), Op.delete(paths.controller(), -1));
        return s.multi(ops).thenCompose(m -> ZkErrors.isConnectionProblem(m.code())
                ? afterReconnect(s, () -> settle(s, brokerId, round + 1))
                : run(s, brokerId, round + 1));
    }

    /** Makes {@code won} this coordinator's term (ending any other) and answers its epoch. */
    private OptionalInt hold(Term won, String how) {
        Term before = term.getAndSet(won);
        if (before != null && before.equals(won)) {
            return OptionalInt.of(won.epoch());
        }
        if (before != null) {
            termListener.termEnded(before);
        }
        log.info("{}broker {} {} with epoch {} ({} version {})", logPrefix, won.brokerId(), how, won.epoch(),
                paths.controllerEpoch(), won.epochZkVersion());
        termListener.termStarted(won);
        return OptionalInt.of(won.epoch());
    }

    /** Runs {@code next} once {@code s} is connected again; fails retriably if it expires first. */
    private <T> CompletableFuture<T> afterReconnect(ZkSession s, java.util.function.Supplier<CompletableFuture<T>> next) {
        log.info("{}lost the connection while running for controller; the outcome is learnt after the reconnect",
                logPrefix);
        return connection.whenConnected(s).thenCompose(x -> next.get());
    }

    /**
     * What the controller watch read, in the session's order: the held term ends the moment
     * ZooKeeper shows another term (a newer epoch, or {@code /controller} gone or owned by
     * another session). A snapshot read before this term was won is older and changes nothing.
     */
    void observed(ZkSession s, ControllerState state) {
        Term t = term.get();
        if (t == null || t.session() != s || state.epochVersion() < t.epochZkVersion()) {
            return;
        }
        dropUnless(state, state.held() ? "broker " + state.holder() + " holds " + paths.controller() + " with epoch "
                + state.epoch() : paths.controller() + " is gone");
    }

    /** Drops the held term unless {@code state} shows it is still current. */
    private void dropUnless(ControllerState state, String why) {
        Term t = term.get();
        if (t == null) {
            return;
        }
        boolean current = state.epochVersion() == t.epochZkVersion() && state.controllerCzxid() == t.controllerCzxid()
                && state.owner() == t.session().id();
        if (!current && term.compareAndSet(t, null)) {
            log.warn("{}broker {} no longer holds the controllership of epoch {}: {}", logPrefix, t.brokerId(),
                    t.epoch(), why);
            termListener.termEnded(t);
        }
    }

    /** The current controller, if any. */
    CompletableFuture<Optional<ControllerInfo>> controller() {
        return reads.controllerState(connection.session(), null).thenApply(ControllerState::info);
    }

    /** Gives up the term of {@code epoch} (deletes {@code /controller}, fenced); nothing if this coordinator does not hold it. */
    CompletableFuture<Void> resign(int epoch) {
        Term t = term.get();
        if (t == null || t.epoch() != epoch || !term.compareAndSet(t, null)) {
            log.info("{}resign as controller of epoch {}: not held here, nothing to do", logPrefix, epoch);
            return CompletableFuture.completedFuture(null);
        }
        termListener.termEnded(t);
        List<Op> ops = new ArrayList<>(fence(t));
        ops.add(Op.delete(paths.controller(), -1));
        return t.session().multi(ops).thenAccept(m -> {
            if (m.code() == Code.OK) {
                log.info("{}broker {} resigned as controller of epoch {}", logPrefix, t.brokerId(), epoch);
            } else if (ZkErrors.isConnectionProblem(m.code()) || m.results() == null) {
                throw ZkErrors.failure(m.code(), "resign as controller", paths.controller());
            } else {
                log.info("{}resign as controller of epoch {}: already superseded ({})", logPrefix, epoch, m.code());
            }
        });
    }

    /**
     * The term for a controller write under {@code epoch}; fails with
     * {@link StaleControllerEpochException} unless this coordinator, in its current session, won that epoch.
     */
    Term requireTerm(int epoch, String what) {
        Term t = term.get();
        ZkSession now = connection.currentOrNull();
        if (t == null || t.epoch() != epoch || t.session() != now) {
            throw new StaleControllerEpochException(logPrefix + "cannot " + what + " with controller epoch " + epoch
                    + ": " + (t == null ? "this session does not hold the controllership"
                    : t.session() != now ? "the session that won epoch " + t.epoch() + " is gone"
                    : "this session holds epoch " + t.epoch()));
        }
        return t;
    }

    /** The ops that make a multi-op succeed only while {@code t} is the current term. */
    List<Op> fence(Term t) {
        return List.of(Op.check(paths.controllerEpoch(), t.epochZkVersion()), Op.check(paths.controller(), -1));
    }

    /** Number of ops {@link #fence} puts first. */
    static int fenceSize() {
        return 2;
    }

    /**
     * Reads a failed fenced multi-op: returns the {@link StaleControllerEpochException} if the
     * fence failed (and drops the term), else null (some other op failed).
     */
    StaleControllerEpochException fenced(Term t, List<OpResult> results, String what) {
        int failed = ZkErrors.failedOp(results);
        if (failed < 0 || failed >= fenceSize()) {
            return null;
        }
        Code code = ZkErrors.opCode(results, failed);
        String reason = failed == 0
                ? (code == Code.BADVERSION ? "a newer controller was elected (" + paths.controllerEpoch()
                + " is no longer at version " + t.epochZkVersion() + ")" : paths.controllerEpoch() + ": " + code)
                : paths.controller() + " is gone: the session no longer holds the controllership";
        if (term.compareAndSet(t, null)) {
            termListener.termEnded(t);
        }
        return new StaleControllerEpochException(logPrefix + "broker " + t.brokerId() + " cannot " + what
                + " with controller epoch " + t.epoch() + ": " + reason);
    }

    /** The session expired: the term is gone with it. */
    void sessionExpired() {
        Term t = term.getAndSet(null);
        if (t != null) {
            log.warn("{}broker {} lost the controllership of epoch {} with its session", logPrefix, t.brokerId(),
                    t.epoch());
            termListener.termEnded(t);
        }
    }

    /** The coordinator is closing: its session, and the term with it, ends now. */
    void closing() {
        Term t = term.getAndSet(null);
        if (t != null) {
            log.info("{}broker {} gives up the controllership of epoch {}: its session is closing", logPrefix,
                    t.brokerId(), t.epoch());
            termListener.termEnded(t);
        }
    }

    /** The term held now, or null. */
    Term currentTerm() {
        return term.get();
    }
}
