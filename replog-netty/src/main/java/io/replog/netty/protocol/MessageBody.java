package io.replog.netty.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A Kafka request or response body that can be written at a version: what the pipeline needs to
 * frame any body without knowing its API.
 *
 * <p>Guarantees (of every generated implementation): {@link #size} is exactly the number of bytes
 * {@link #write} then writes at the same version, and both refuse the same values with the same
 * exception, so a caller may write the frame length first. Implementations are immutable values.
 */
public interface MessageBody {
    /** @return the Kafka API key of this body */
    short apiKey();

    /**
     * Writes this body at {@code version} from {@code buf}'s writer index.
     *
     * @throws UnsupportedVersionException when the version is outside the body's range, or a field
     *         holds a value the version cannot carry; nothing is written then
     * @throws IllegalArgumentException when a field is null where the version allows none
     */
    void write(ByteBuf buf, short version);

    /**
     * @return the exact number of bytes {@link #write} writes at {@code version}
     * @throws UnsupportedVersionException as {@link #write} would
     */
    int size(short version);
}
