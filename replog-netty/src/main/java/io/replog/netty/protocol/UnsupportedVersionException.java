package io.replog.netty.protocol;

/**
 * Thrown when a message body cannot be read or written at the requested version: the version is
 * outside the message's valid range, or a field holds a value that the version cannot carry.
 *
 * <p>Guarantees: writing never silently drops a value that matters. A field that a version lacks is
 * skipped only if it holds its default, or if the schema marks it ignorable (a value the peer may
 * safely never see, such as a throttle time for a client too old to read one); any other value makes
 * the write fail with this exception, naming the field and the version, before a byte is written.
 */
public final class UnsupportedVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the field or message, the version, and why it cannot be used */
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
