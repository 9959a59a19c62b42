package io.replog.zk.znode;

import io.replog.errors.ReplogException;

/**
 * A znode's body is not what replog (or Kafka) writes there: not JSON, a field missing, or a
 * field of the wrong type. The message names the znode's path and the field, so an operator can
 * find and repair it ({@code zookeeper-shell}: {@code get <path>}).
 */
public final class MalformedZnodeException extends ReplogException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String field;

    /**
     * @param path    the znode's path
     * @param field   the field at fault (dotted for nested fields, e.g. {@code partitions.0}),
     *                or {@code null} when the body as a whole is unreadable
     * @param problem what is wrong with it
     */
    public MalformedZnodeException(String path, String field, String problem) {
        super(message(path, field, problem));
        this.path = path;
        this.field = field;
    }

    public MalformedZnodeException(String path, String field, String problem, Throwable cause) {
        super(message(path, field, problem), cause);
        this.path = path;
        this.field = field;
    }

    private static String message(String path, String field, String problem) {
        return "malformed znode " + path + ": " + (field == null ? "" : "field '" + field + "' ") + problem;
    }

    /** The znode's path. */
    public String path() {
        return path;
    }

    /** The field at fault, or {@code null} when the body as a whole is unreadable. */
    public String field() {
        return field;
    }
}
