package io.replog.zk;

import io.replog.errors.ReplogException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks, on every connection, that the server can do what replog relies on: read-only
 * multi-ops (partition states are read 500 to a request), which ZooKeeper added in 3.6.0. The
 * check is the capability itself rather than a version string: one read-only multi-op reading
 * {@code /}. A server that predates it answers {@code UNIMPLEMENTED} (and drops the
 * connection); from then on the coordinator's calls fail with an error naming the server and
 * the versions replog supports, until a connection to a newer server succeeds. The four-letter
 * {@code srvr} command would give a version string too, but it needs a second connection and
 * an operator may have disabled it.
 */
final class ServerVersionCheck {
    private static final Logger log = LoggerFactory.getLogger(ServerVersionCheck.class);
    /** What replog supports, for messages and docs. */
    static final String SUPPORTED = "ZooKeeper 3.6 or newer (3.9 recommended)";

    private final String logPrefix;
    /** Per session: why its server is unusable; absent when the last check passed (or none finished yet). */
    private final Map<ZkSession, String> unsupported = new ConcurrentHashMap<>();

    ServerVersionCheck(String logPrefix) {
        this.logPrefix = logPrefix;
    }

    /** Checks the server {@code s} is connected to now; called on each (re)connection. */
    void check(ZkSession s) {
        String server = s.server();
        s.multi(List.of(Op.getData("/"))).thenAccept(m -> {
            if (m.code() == Code.OK) {
                if (unsupported.remove(s) != null) {
                    log.info("{}ZooKeeper server {} supports read-only multi-ops; the coordinator works again",
                            logPrefix, server);
                }
            } else if (m.code() == Code.UNIMPLEMENTED || m.code() == Code.MARSHALLINGERROR
                    || m.code() == Code.BADARGUMENTS) {
                String why = "the ZooKeeper server " + server + " does not support read-only multi-ops (answered "
                        + m.code() + "): it is older than 3.6.0; replog needs " + SUPPORTED;
                if (!why.equals(unsupported.put(s, why))) {
                    log.error("{}{}. Upgrade the ensemble; the coordinator refuses to work until it reaches a newer "
                            + "server", logPrefix, why);
                }
            }
            // A connection problem decides nothing: the next connection checks again.
        });
    }

    /** Fails with a precise error while the server of {@code s} is known to be too old. */
    void requireSupported(ZkSession s) {
        String why = unsupported.get(s);
        if (why != null) {
            throw new ReplogException(logPrefix + why);
        }
    }
}
