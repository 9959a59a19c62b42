package io.replog.zk;

import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.OpResult;

import java.util.List;

/** Turns ZooKeeper result codes into replog's exceptions. */
final class ZkErrors {
    private ZkErrors() {
    }

    /** Whether {@code code} says the call did not reach a live session (a retry, perhaps on a new session, may work). */
    static boolean isConnectionProblem(Code code) {
        return code == Code.CONNECTIONLOSS || code == Code.SESSIONEXPIRED || code == Code.SESSIONMOVED
                || code == Code.OPERATIONTIMEOUT || code == Code.REQUESTTIMEOUT || code == Code.SESSIONCLOSEDREQUIRESASLAUTH;
    }

    /**
     * The exception for an unexpected {@code code} while doing {@code what}: a
     * {@link RetriableException} for connection and session problems, else a plain
     * {@link ReplogException}.
     */
    static ReplogException failure(Code code, String what, String path) {
        return switch (code) {
            case CONNECTIONLOSS -> new RetriableException("lost the connection to ZooKeeper while trying to " + what
                    + " (" + path + "); the session may survive, retry");
            case SESSIONEXPIRED -> new RetriableException("the ZooKeeper session expired while trying to " + what
                    + " (" + path + "); a new session is being opened");
            case OPERATIONTIMEOUT, REQUESTTIMEOUT, SESSIONMOVED -> new RetriableException("ZooKeeper did not complete "
                    + "the call to " + what + " (" + path + "): " + code);
            default -> new ReplogException("ZooKeeper refused to " + what + ": "
                    + KeeperException.create(code, path).getMessage());
        };
    }

    /** Unwraps the {@link java.util.concurrent.CompletionException}s that future chains wrap errors in. */
    static Throwable cause(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The index of the op that made a failed multi fail, or -1 when the results do not say. */
    static int failedOp(List<OpResult> results) {
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult e) {
                int err = e.getErr();
                if (err != Code.OK.intValue() && err != Code.RUNTIMEINCONSISTENCY.intValue()) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The error code of op {@code index} of a failed multi. */
    static Code opCode(List<OpResult> results, int index) {
        return results.get(index) instanceof OpResult.ErrorResult e ? Code.get(e.getErr()) : Code.OK;
    }
}
