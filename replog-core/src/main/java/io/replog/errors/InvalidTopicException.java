package io.replog.errors;

/**
 * A topic name is not valid: empty, too long, {@code .} or {@code ..}, or holding characters other than ASCII letters, digits, {@code .}, {@code _} and {@code -}.
 */
public class InvalidTopicException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public InvalidTopicException(String message) {
        super(message);
    }

    public InvalidTopicException(String message, Throwable cause) {
        super(message, cause);
    }
}
