package io.replog.errors;

/**
 * A key or value could not be turned into bytes, or bytes could not be turned back into a key or
 * value: for example a {@code long} deserializer given 7 bytes. The message names the type, the
 * topic and what was wrong. Retrying with the same data fails the same way.
 */
public class SerializationException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
