package io.replog.netty.protocol;

/**
 * Thrown when bytes received from a peer cannot be decoded as the message body they claim to be.
 *
 * <p>Guarantees: every decoding failure of a message body surfaces as this exception (never as an
 * {@link IndexOutOfBoundsException} or a {@link NegativeArraySizeException}), and it names the field
 * being read, the reader offset in the buffer at which the field started, and what was expected, so
 * a server can log it and close the connection without guessing.
 */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final int offset;

    /**
     * @param field  the field being read, as {@code Struct.field}
     * @param offset the buffer reader index at which the field started
     * @param detail what was expected and what was found
     */
    public MalformedMessageException(String field, int offset, String detail) {
        super(field + " at offset " + offset + ": " + detail);
        this.field = field;
        this.offset = offset;
    }

    /** @return the field being read, as {@code Struct.field} */
    public String field() {
        return field;
    }

    /** @return the buffer reader index at which the field started */
    public int offset() {
        return offset;
    }
}
