package io.replog.errors;

/**
 * A record batch is larger than the limit the broker or topic allows ({@code max.message.bytes}) or the client allows.
 */
public class RecordTooLargeException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
