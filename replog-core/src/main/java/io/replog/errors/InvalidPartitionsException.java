package io.replog.errors;

/**
 * A partition count is zero or negative.
 */
public class InvalidPartitionsException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public InvalidPartitionsException(String message) {
        super(message);
    }

    public InvalidPartitionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
