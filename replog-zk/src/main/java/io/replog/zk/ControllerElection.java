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
 * </ul>
 */
final class ControllerElection {
    private static final Logger log = LoggerFactory.getLogger(ControllerElection.class);
    private static final int MAX_ATTEMPTS = 5;

    /** The term this coordinator holds: the epoch it won, the epoch znode's version its win produced, and the session. */
    record Term(int brokerId, int epoch, int epochZkVersion, ZkSession session) {
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

    /** Runs for controller: the new epoch if this broker won, empty if another broker holds the controllership. */
    CompletableFuture<OptionalInt> tryBecomeController(int brokerId) {
        return attempt(connection.session(), brokerId, 1);
    }

    private CompletableFuture<OptionalInt> attempt(ZkSession s, int brokerId, int attempt) {
        return s.getData(paths.controllerEpoch(), null).thenCompose(e -> {
            if (e.code() == Code.NONODE) {
                return s.create(paths.controllerEpoch(), ControllerEpochZnode.encode(0), CreateMode.PERSISTENT)
                        .thenCompose(w -> retry(s, brokerId, attempt, "created " + paths.controllerEpoch()));
            }
            if (e.code() != Code.OK) {
                throw ZkErrors.failure(e.code(), "read the controller epoch", paths.controllerEpoch());
            }
            int current = ControllerEpochZnode.decode(paths.controllerEpoch(), e.data());
            int next = current + 1;
            List<Op> ops = List.of(
                    ZkSession.createOp(paths.controller(), new ControllerZnode(brokerId, clock.millis()).encode(),
                            CreateMode.EPHEMERAL),
                    Op.setData(paths.controllerEpoch(), ControllerEpochZnode.encode(next), e.stat().getVersion()));
            return s.multi(ops).thenCompose(m -> {
                if (m.code() == Code.OK) {
                    int version = ((OpResult.SetDataResult) m.results().get(1)).getStat().getVersion();
                    Term won = new Term(brokerId, next, version, s);
                    Term before = term.getAndSet(won);
                    if (before != null) {
                        termListener.termEnded(before);
                    }
                    log.info("{}broker {} elected controller with epoch {} ({} version {})", logPrefix, brokerId, next,
                            paths.controllerEpoch(), version);
                    termListener.termStarted(won);
                    return CompletableFuture.completedFuture(OptionalInt.of(next));
                }
                if (ZkErrors.isConnectionProblem(m.code()) || m.results() == null) {
                    throw ZkErrors.failure(m.code(), "run for controller", paths.controller());
                }
                return inspectLoss(s, brokerId, attempt);
            });
        });
    }

    private CompletableFuture<OptionalInt> retry(ZkSession s, int brokerId, int attempt, String why) {
        if (attempt >= MAX_ATTEMPTS) {
            log.warn("{}gave up running for controller after {} attempts ({})", logPrefix, attempt, why);
            return CompletableFuture.completedFuture(OptionalInt.empty());
        }
        return attempt(s, brokerId, attempt + 1);
    }

    /** The election multi failed: someone holds {@code /controller}, or the epoch moved under us. */
    private CompletableFuture<OptionalInt> inspectLoss(ZkSession s, int brokerId, int attempt) {
        return s.getData(paths.controller(), null).thenCompose(c -> {
            if (c.code() == Code.NONODE) {
                // The epoch moved but nobody holds /controller (a winner left at once): run again.
                return retry(s, brokerId, attempt, "the controller epoch moved and /controller is gone");
            }
            if (c.code() != Code.OK) {
                throw ZkErrors.failure(c.code(), "read the controller", paths.controller());
            }
            Term held = term.get();
            if (held != null && held.session() == s && held.brokerId() == brokerId) {
                return CompletableFuture.completedFuture(OptionalInt.of(held.epoch()));
            }
            if (c.stat().getEphemeralOwner() != s.id()
                    || ControllerZnode.decode(paths.controller(), c.data()).brokerId() != brokerId) {
                return CompletableFuture.completedFuture(OptionalInt.empty());
            }
            // Our session holds /controller: an earlier attempt won and its reply was lost. The
            // epoch was set in the same transaction that created /controller.
            return s.getData(paths.controllerEpoch(), null).thenApply(e -> {
                if (e.code() != Code.OK) {
                    throw ZkErrors.failure(e.code(), "read the controller epoch", paths.controllerEpoch());
                }
                if (e.stat().getMzxid() != c.stat().getCzxid()) {
                    return OptionalInt.empty();
                }
                Term won = new Term(brokerId, ControllerEpochZnode.decode(paths.controllerEpoch(), e.data()),
                        e.stat().getVersion(), s);
                if (!term.compareAndSet(null, won)) {
                    return OptionalInt.empty();
                }
                log.info("{}broker {} holds the controllership with epoch {} (won by an earlier attempt)", logPrefix,
                        brokerId, won.epoch());
                termListener.termStarted(won);
                return OptionalInt.of(won.epoch());
            });
        });
    }

    /** The current controller, if any. */
    CompletableFuture<Optional<ControllerInfo>> controller() {
        return reads.controller(connection.session(), null);
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
