package io.replog.zk.znode;

/**
 * Where a decoder reports content it reads past without acting on it: well-formed, written by
 * Kafka or its tools, but meaning something replog does not do (a partition reassignment in
 * progress, a leader recovery state, a KRaft controller in {@code /controller}). The reader logs
 * each once, by path and field, so an operator learns that replog is ignoring it.
 */
@FunctionalInterface
public interface ZnodeNotes {
    /** Nobody listens. */
    ZnodeNotes NONE = (path, field, what) -> {
    };

    /**
     * @param path  the znode
     * @param field the field (dotted when nested), or null for the body as a whole
     * @param what  what it holds and what replog does about it
     */
    void unsupported(String path, String field, String what);
}
