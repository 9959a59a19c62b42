package io.replog.errors;

/**
 * A record batch declares a compression codec replog does not implement. The message names the codec.
 */
public class UnsupportedCompressionException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public UnsupportedCompressionException(String message) {
        super(message);
    }

    public UnsupportedCompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
