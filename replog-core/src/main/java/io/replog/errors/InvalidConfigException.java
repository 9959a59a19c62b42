package io.replog.errors;

/**
 * A configuration value is missing, of the wrong type, or outside what is allowed. The message names the key, the value given and what is allowed.
 */
public class InvalidConfigException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
